package io.lezflow.ingest.routing;

import com.google.protobuf.ByteString;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.RejectReason;
import io.lezflow.schemas.v1.Rejected;
import java.nio.charset.StandardCharsets;

/**
 * Builds the dead-letter record of a rejected message: the raw bytes are kept so that the
 * message can be inspected and replayed, keyed by the camera of the topic.
 *
 * <p>Invariant: a dead letter always fits in one Kafka record. The raw payload is cut to
 * {@link #MAX_KEPT_PAYLOAD_BYTES} (an oversized payload could otherwise exceed Kafka's request
 * size and be retried forever); the detail then says how much was kept.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** Kafka key of dead letters whose topic names no camera. */
  public static final String UNKNOWN_CAMERA_KEY = "unknown";
  /** Well below Kafka's default 1 MiB max.request.size, with room for the envelope. */
  public static final int MAX_KEPT_PAYLOAD_BYTES = 256 * 1024;
  private static final int MAX_DETAIL_CHARS = 1024;

  public static OutboundRecord of(
      RejectReason reason,
      String detail,
      String mqttTopic,
      byte[] rawPayload,
      long receivedAtMs,
      String topicCameraId,
      String gatewayId) {
    byte[] payload = rawPayload == null ? new byte[0] : rawPayload;
    String fullDetail = detail == null ? "" : detail;
    ByteString kept;
    if (payload.length > MAX_KEPT_PAYLOAD_BYTES) {
      kept = ByteString.copyFrom(payload, 0, MAX_KEPT_PAYLOAD_BYTES);
      fullDetail += " (raw payload cut to its first " + MAX_KEPT_PAYLOAD_BYTES + " of " + payload.length + " bytes)";
    } else {
      kept = ByteString.copyFrom(payload);
    }
    if (fullDetail.length() > MAX_DETAIL_CHARS) {
      fullDetail = fullDetail.substring(0, MAX_DETAIL_CHARS) + "...";
    }
    String cameraKey = topicCameraId == null || topicCameraId.isEmpty() ? UNKNOWN_CAMERA_KEY : topicCameraId;
    Rejected rejected =
        Rejected.newBuilder()
            .setReason(reason)
            .setDetail(fullDetail)
            .setMqttTopic(mqttTopic == null ? "" : mqttTopic)
            .setRawPayload(kept)
            .setReceivedAtMs(receivedAtMs)
            .setCameraId(topicCameraId == null ? "" : topicCameraId)
            .setGatewayId(gatewayId)
            .build();
    return new OutboundRecord(
        Topics.DLQ,
        cameraKey.getBytes(StandardCharsets.UTF_8),
        rejected.toByteArray(),
        OutboundRecord.Kind.DEAD_LETTER,
        reason);
  }
}
