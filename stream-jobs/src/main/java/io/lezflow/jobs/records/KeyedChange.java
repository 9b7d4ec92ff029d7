package io.lezflow.jobs.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * A change of per-vehicle reference data: a vehicle register entry (Kafka {@code lez.vehicles.v1})
 * or a permit (Kafka {@code lez.permits.v1}), as it travels to the enforcement's keyed state.
 *
 * <p>Invariants: {@link #vehicleKey} is normalised ({@code VehicleKeys.of}); {@link #payload} is
 * the Protobuf wire message ({@code VehicleRecord} or {@code Permit}) with that same normalised
 * vehicle key, or null for {@link Kind#VEHICLE_DELETED}. For a permit the vehicle key is the
 * permit's own {@code vehicle_key}: the permits topic is keyed by permit id. Bytes rather than the message because
 * Protobuf classes would need Kryo; the enforcement parses them where it uses them. A Flink POJO.
 */
public class KeyedChange {

  /** What changed. */
  public enum Kind {
    /** A register entry was added or updated ({@code payload} = VehicleRecord). */
    VEHICLE,
    /** The vehicle left the register. */
    VEHICLE_DELETED,
    /** A permit was granted, changed or revoked ({@code payload} = Permit; revoked inside). */
    PERMIT,
    /**
     * An entry of the vehicle's history ({@code payload} = VehicleHistoryEntry): loaded from the
     * history topic or a replay's history file, and what the job publishes of its own decisions.
     */
    HISTORY
  }

  public Kind kind;
  public String vehicleKey;
  /** The permit's id for {@link Kind#PERMIT}, else null. */
  public String permitId;
  /**
   * When the change happened (register update time, permit issue time), epoch ms. Informational:
   * reference changes take effect on arrival and do not drive event time.
   */
  public long eventTimeMs;

  public byte[] payload;

  public KeyedChange() {}

  public KeyedChange(Kind kind, String vehicleKey, String permitId, long eventTimeMs, byte[] payload) {
    this.kind = kind;
    this.vehicleKey = vehicleKey;
    this.permitId = permitId;
    this.eventTimeMs = eventTimeMs;
    this.payload = payload;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof KeyedChange other)) return false;
    return eventTimeMs == other.eventTimeMs
        && kind == other.kind
        && Objects.equals(vehicleKey, other.vehicleKey)
        && Objects.equals(permitId, other.permitId)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, vehicleKey, permitId, eventTimeMs);
  }

  /** Without the vehicle key: this string may end up in a log line. */
  @Override
  public String toString() {
    return "KeyedChange{kind=" + kind + ", permitId=" + permitId + ", eventTimeMs=" + eventTimeMs + "}";
  }
}
