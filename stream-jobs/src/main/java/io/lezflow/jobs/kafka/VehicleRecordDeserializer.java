package io.lezflow.jobs.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.domain.VehicleFacts;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.VehicleRecord;
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
 * {@code lez.vehicles.v1} record ({@code VehicleRecord} Protobuf, key = vehicle key) to {@link
 * VehicleFacts}.
 *
 * <p>Invariant: never throws on bad input. {@code deleted=true}, and a Kafka tombstone (null value
 * on the compacted topic), become a deletion keyed by the record's vehicle key. Unparsable records
 * are skipped, counted ({@code lez_enforcement_vehicles_rejected_total}) and logged by coordinates.
 */
public class VehicleRecordDeserializer implements KafkaRecordDeserializationSchema<VehicleFacts> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(VehicleRecordDeserializer.class);

  private transient Counter rejected;
  private transient RejectionLog rejectionLog;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    rejected = context.getMetricGroup().counter("lez_enforcement_vehicles_rejected_total");
    rejectionLog = new RejectionLog();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<VehicleFacts> out) {
    if (rejected == null) {
      rejected = new SimpleCounter();
      rejectionLog = new RejectionLog();
    }
    VehicleFacts facts = null;
    Throwable cause = null;
    try {
      if (record.value() == null) {
        facts = tombstone(record);
      } else {
        facts = WireMapping.toVehicleFacts(VehicleRecord.parseFrom(record.value()));
      }
    } catch (InvalidProtocolBufferException e) {
      cause = e;
    }
    if (facts != null) {
      out.collect(facts);
      return;
    }
    rejected.inc();
    rejectionLog.log(LOG, record.topic(), record.partition(), record.offset(),
        cause == null ? "no vehicle key" : "unparsable", cause);
  }

  public long rejectedCount() {
    return rejected == null ? 0 : rejected.getCount();
  }

  private static VehicleFacts tombstone(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) return null;
    String key = new String(record.key(), StandardCharsets.UTF_8);
    int colon = key.indexOf(':');
    if (colon <= 0) return null;
    return VehicleFacts.deletion(VehicleKeys.of(key.substring(0, colon), key.substring(colon + 1)), record.timestamp());
  }

  @Override
  public TypeInformation<VehicleFacts> getProducedType() {
    return TypeInformation.of(VehicleFacts.class);
  }
}
