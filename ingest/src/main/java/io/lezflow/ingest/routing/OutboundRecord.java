package io.lezflow.ingest.routing;

import io.lezflow.schemas.v1.RejectReason;
import java.util.Objects;

/**
 * What one inbound MQTT message becomes: exactly one Kafka record. It is self-contained
 * (topic, key, value) so that it can be written to a durable outbox as is and sent later.
 *
 * @param kafkaTopic destination topic
 * @param key Kafka key bytes (vehicle key for reads, camera id for statuses and dead letters)
 * @param value Kafka value bytes (the original payload for accepted messages, a {@code Rejected}
 *     message for dead letters)
 * @param kind what the record is, for counters
 * @param rejectReason the reason when {@code kind == DEAD_LETTER}, else null
 */
public record OutboundRecord(
    String kafkaTopic, byte[] key, byte[] value, Kind kind, RejectReason rejectReason) {

  /** The three things ingest forwards. */
  public enum Kind {
    READ,
    STATUS,
    DEAD_LETTER
  }

  public OutboundRecord {
    Objects.requireNonNull(kafkaTopic, "kafkaTopic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.DEAD_LETTER) != (rejectReason != null)) {
      throw new IllegalArgumentException("a reject reason is required for dead letters and only for them");
    }
  }

  public boolean isDeadLetter() {
    return kind == Kind.DEAD_LETTER;
  }
}
