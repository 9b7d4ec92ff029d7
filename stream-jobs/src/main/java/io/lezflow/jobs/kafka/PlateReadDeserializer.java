package io.lezflow.jobs.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.kafka.WireMapping.MappedRead;
import io.lezflow.jobs.kafka.WireMapping.ReadRejection;
import io.lezflow.schemas.v1.PlateRead;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lez.plate-reads.v1} record value ({@code PlateRead} Protobuf) to {@link ReadEvent}.
 *
 * <p>Invariant: never throws on bad input, so a poisoned record cannot fail the job into a restart
 * loop. A record that does not parse or cannot be enforced (see {@link ReadRejection}) is skipped,
 * counted in {@code lez_enforcement_reads_rejected_total{reason}} and logged by its Kafka
 * coordinates (never its content); it stays in the topic for inspection. The ingest gateway
 * already dead-letters bad camera input, so this only catches foreign or buggy producers.
 */
public class PlateReadDeserializer implements KafkaRecordDeserializationSchema<ReadEvent> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PlateReadDeserializer.class);

  private transient Map<ReadRejection, Counter> rejected;
  private transient RejectionLog rejectionLog;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    initCounters(context.getMetricGroup());
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ReadEvent> out) {
    if (rejected == null) initCounters(null);
    MappedRead mapped;
    Throwable cause = null;
    try {
      mapped = record.value() == null
          ? MappedRead.rejected(ReadRejection.UNPARSABLE)
          : WireMapping.toReadEvent(PlateRead.parseFrom(record.value()));
    } catch (InvalidProtocolBufferException e) {
      mapped = MappedRead.rejected(ReadRejection.UNPARSABLE);
      cause = e;
    }
    if (mapped.isOk()) {
      out.collect(mapped.read());
      return;
    }
    rejected.get(mapped.rejection()).inc();
    rejectionLog.log(LOG, record.topic(), record.partition(), record.offset(), mapped.rejection(), cause);
  }

  /** Rejections so far by reason (for tests and diagnostics). */
  public long rejectedCount(ReadRejection reason) {
    return rejected == null ? 0 : rejected.get(reason).getCount();
  }

  @Override
  public TypeInformation<ReadEvent> getProducedType() {
    return TypeInformation.of(ReadEvent.class);
  }

  private void initCounters(MetricGroup metrics) {
    rejected = new EnumMap<>(ReadRejection.class);
    for (ReadRejection reason : ReadRejection.values()) {
      rejected.put(reason, metrics == null
          ? new SimpleCounter()
          : metrics.addGroup("reason", reason.name().toLowerCase()).counter("lez_enforcement_reads_rejected_total"));
    }
    rejectionLog = new RejectionLog();
  }
}
