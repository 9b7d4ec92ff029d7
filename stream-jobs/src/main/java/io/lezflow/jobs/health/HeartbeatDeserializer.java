package io.lezflow.jobs.health;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.schemas.v1.CameraStatus;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code lez.camera-status.v1} records to {@link Heartbeat}s. Never throws: a record that does not
 * parse or names no camera is skipped and counted ({@code lez_camera_health_rejected_total}); ingest
 * validated it already, so this is a corrupt topic, not traffic.
 */
public final class HeartbeatDeserializer implements KafkaRecordDeserializationSchema<Heartbeat> {
  private static final long serialVersionUID = 1L;
  private transient Counter rejected;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    rejected = context.getMetricGroup().counter("lez_camera_health_rejected_total");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Heartbeat> out) {
    if (rejected == null) rejected = new SimpleCounter();
    Heartbeat h = map(record.value());
    if (h == null) {
      rejected.inc();
    } else {
      out.collect(h);
    }
  }

  /** The heartbeat of a CameraStatus payload, null when it is not one. */
  static Heartbeat map(byte[] value) {
    if (value == null) return null;
    try {
      CameraStatus s = CameraStatus.parseFrom(value);
      if (s.getCameraId().isBlank()) return null;
      String state = switch (s.getState()) {
        case CAMERA_STATE_ONLINE -> "ONLINE";
        case CAMERA_STATE_DEGRADED -> "DEGRADED";
        case CAMERA_STATE_OFFLINE -> "OFFLINE";
        default -> "UNSPECIFIED";
      };
      return new Heartbeat(s.getCameraId(), s.getReportedAtMs(), state, s.getLastSequence(), s.getBufferedReads());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  @Override
  public TypeInformation<Heartbeat> getProducedType() {
    return TypeInformation.of(Heartbeat.class);
  }
}
