package io.lezflow.jobs.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reference topic's record (register, permits, policies, cameras) to the record the enforcement
 * consumes, via {@link WireMapping}.
 *
 * <p>Invariant: never throws on bad input, so a poisoned record cannot fail the job into a restart
 * loop. A record that does not parse or names nothing to key it by is skipped, counted ({@code
 * lez_enforcement_<topic>_rejected_total}) and logged by its Kafka coordinates (never its
 * content); it stays in the topic for inspection.
 */
abstract class ReferenceDeserializer<T> implements KafkaRecordDeserializationSchema<T> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceDeserializer.class);

  private final String rejectedMetric;
  private final Class<T> type;
  private transient Counter rejected;
  private transient RejectionLog rejectionLog;

  ReferenceDeserializer(String rejectedMetric, Class<T> type) {
    this.rejectedMetric = rejectedMetric;
    this.type = type;
  }

  /** The record, or null when it names nothing to key it by. */
  abstract T map(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException;

  /** Why {@code record}, which {@link #map} turned into null, is skipped; for the log line. */
  String skipReason(ConsumerRecord<byte[], byte[]> record) {
    return "names nothing to key it by";
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    rejected = context.getMetricGroup().counter(rejectedMetric);
    rejectionLog = new RejectionLog();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    if (rejected == null) {
      rejected = new SimpleCounter();
      rejectionLog = new RejectionLog();
    }
    T mapped = null;
    Throwable cause = null;
    try {
      mapped = map(record);
    } catch (InvalidProtocolBufferException e) {
      cause = e;
    }
    if (mapped != null) {
      out.collect(mapped);
      return;
    }
    rejected.inc();
    rejectionLog.log(LOG, record.topic(), record.partition(), record.offset(),
        cause == null ? skipReason(record) : "unparsable", cause);
  }

  public long rejectedCount() {
    return rejected == null ? 0 : rejected.getCount();
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }

  static String keyText(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }
}
