package io.lezflow.jobs.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * A change of job-wide reference data, broadcast to every enforcement instance: a zone policy
 * version (Kafka {@code lez.zone-policies.v1}) or a camera registration (Kafka {@code
 * lez.cameras.v1}).
 *
 * <p>Invariant: {@link #payload} is the Protobuf wire message ({@code ZonePolicy} or {@code
 * CameraRegistration}), or null for {@link Kind#CAMERA_REMOVED}. It is validated where it is
 * applied, so that a bad policy is rejected with its reasons in the decision stream. A Flink POJO.
 */
public class ControlChange {

  /** What changed. */
  public enum Kind {
    /** A zone policy version was published ({@code payload} = ZonePolicy). */
    POLICY,
    /** A camera was registered or changed ({@code payload} = CameraRegistration). */
    CAMERA,
    /** A camera left the registry (a tombstone on the compacted topic). */
    CAMERA_REMOVED
  }

  public Kind kind;
  /** {@code zone@vN} for a policy, the camera id for a camera. */
  public String id;
  /** When the change was published or made, epoch ms. Informational: it does not drive event time. */
  public long eventTimeMs;

  public byte[] payload;

  public ControlChange() {}

  public ControlChange(Kind kind, String id, long eventTimeMs, byte[] payload) {
    this.kind = kind;
    this.id = id;
    this.eventTimeMs = eventTimeMs;
    this.payload = payload;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof ControlChange other)) return false;
    return eventTimeMs == other.eventTimeMs
        && kind == other.kind
        && Objects.equals(id, other.id)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, id, eventTimeMs);
  }

  @Override
  public String toString() {
    return "ControlChange{kind=" + kind + ", id=" + id + ", eventTimeMs=" + eventTimeMs + "}";
  }
}
