package io.lezflow.jobs.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.VehicleHistoryEntry;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.schemas.v1.ZonePolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The deserializers of the four reference topics. */
public final class ReferenceDeserializers {
  private ReferenceDeserializers() {}

  /**
   * {@code lez.vehicles.v1}: {@code VehicleRecord}; {@code deleted=true} and a Kafka tombstone
   * (null value, key = vehicle key) are deletions.
   */
  public static final class Vehicles extends ReferenceDeserializer<KeyedChange> {
    private static final long serialVersionUID = 1L;

    public Vehicles() {
      super("lez_enforcement_vehicles_rejected_total", KeyedChange.class);
    }

    @Override
    KeyedChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      if (record.value() == null) return WireMapping.toVehicleDeletion(keyText(record), record.timestamp());
      return WireMapping.toVehicleChange(VehicleRecord.parseFrom(record.value()), record.timestamp());
    }
  }

  /**
   * {@code lez.permits.v1}: {@code Permit}, Kafka key = permit id. The vehicle comes from the
   * permit's own {@code vehicle_key}, never from the Kafka key: the key only makes compaction keep
   * the latest state of each permit (a vehicle holds several at once).
   *
   * <p>A permit is withdrawn in-band, by publishing it again under its id with {@code
   * revoked=true}. A Kafka tombstone (null value) cannot be applied: its key names a permit but not
   * the vehicle whose state holds it, so it is skipped, counted in {@code
   * lez_enforcement_permits_rejected_total} and logged with that reason. (A running job keeps such a
   * permit until it expires; a job rebuilt from the compacted topic would not know it: publish
   * {@code revoked=true} instead.)
   */
  public static final class Permits extends ReferenceDeserializer<KeyedChange> {
    private static final long serialVersionUID = 1L;
    static final String TOMBSTONE_REASON =
        "tombstone: names no vehicle, so it cannot revoke a permit; permits are revoked in-band (same permit id, revoked=true)";

    public Permits() {
      super("lez_enforcement_permits_rejected_total", KeyedChange.class);
    }

    @Override
    KeyedChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      if (record.value() == null) return null;
      return WireMapping.toPermitChange(Permit.parseFrom(record.value()), record.timestamp());
    }

    @Override
    String skipReason(ConsumerRecord<byte[], byte[]> record) {
      return record.value() == null ? TOMBSTONE_REASON : super.skipReason(record);
    }
  }

  /** {@code lez.zone-policies.v1}: {@code ZonePolicy}; validated where it is applied. */
  public static final class Policies extends ReferenceDeserializer<ControlChange> {
    private static final long serialVersionUID = 1L;

    public Policies() {
      super("lez_enforcement_policies_unparsable_total", ControlChange.class);
    }

    @Override
    ControlChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      // A tombstone cannot withdraw a version: reads before and after it were decided under it.
      if (record.value() == null) return null;
      return WireMapping.toPolicyChange(ZonePolicy.parseFrom(record.value()), record.timestamp());
    }
  }

  /** {@code lez.cameras.v1}: {@code CameraRegistration}; a tombstone (key = camera id) removes the camera. */
  public static final class Cameras extends ReferenceDeserializer<ControlChange> {
    private static final long serialVersionUID = 1L;

    public Cameras() {
      super("lez_enforcement_cameras_rejected_total", ControlChange.class);
    }

    @Override
    ControlChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      if (record.value() == null) return WireMapping.toCameraRemoval(keyText(record), record.timestamp());
      return WireMapping.toCameraChange(CameraRegistration.parseFrom(record.value()), record.timestamp());
    }
  }

  /**
   * {@code lez.vehicle-history.v1}: {@code VehicleHistoryEntry}; the vehicle from the entry's own
   * {@code vehicle_key} (the Kafka key is the entry's id). A tombstone names no vehicle: skipped.
   */
  public static final class History extends ReferenceDeserializer<KeyedChange> {
    private static final long serialVersionUID = 1L;

    public History() {
      super("lez_enforcement_history_rejected_total", KeyedChange.class);
    }

    @Override
    KeyedChange map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
      if (record.value() == null) return null;
      return WireMapping.toHistoryChange(VehicleHistoryEntry.parseFrom(record.value()), record.timestamp());
    }
  }
}
