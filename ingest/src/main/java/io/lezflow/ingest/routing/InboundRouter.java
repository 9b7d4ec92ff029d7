package io.lezflow.ingest.routing;

import io.lezflow.ingest.validation.CameraStatusValidator;
import io.lezflow.ingest.validation.PlateReadValidator;
import io.lezflow.ingest.validation.ReadVerdict;
import io.lezflow.ingest.validation.Rejected;
import io.lezflow.ingest.validation.StatusVerdict;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one inbound MQTT message (topic + payload) into the one Kafka record it becomes: an
 * accepted read keyed by vehicle key, a camera status keyed by camera id, or a dead letter.
 *
 * <p>Invariant: {@link #route} never throws and never returns null, whatever the input: bad
 * input, and any unexpected failure while judging it, end as a dead letter with a reason, so that
 * nothing is lost silently and no MQTT callback thread dies. Accepted messages travel as their
 * original bytes (no re-serialisation, so unknown fields of newer cameras survive).
 */
public final class InboundRouter {
  private final MqttTopics topics;
  private final PlateReadValidator readValidator;
  private final CameraStatusValidator statusValidator;
  private final String gatewayId;
  private final ReadObserver observer;

  /** Told of every accepted read's camera and sequence (gap tracking); must not throw nor block. */
  @FunctionalInterface
  public interface ReadObserver {
    ReadObserver NONE = (cameraId, sequence) -> {};

    void accepted(String cameraId, long sequence);
  }

  public InboundRouter(
      MqttTopics topics,
      PlateReadValidator readValidator,
      CameraStatusValidator statusValidator,
      String gatewayId) {
    this(topics, readValidator, statusValidator, gatewayId, ReadObserver.NONE);
  }

  public InboundRouter(
      MqttTopics topics,
      PlateReadValidator readValidator,
      CameraStatusValidator statusValidator,
      String gatewayId,
      ReadObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.readValidator = Objects.requireNonNull(readValidator, "readValidator");
    this.statusValidator = Objects.requireNonNull(statusValidator, "statusValidator");
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
  }

  public OutboundRecord route(String mqttTopic, byte[] payload, long receivedAtMs) {
    Optional<String> topicCamera = Optional.empty();
    try {
      topicCamera = topics.cameraIdOf(mqttTopic);
      if (topicCamera.isEmpty()) {
        return deadLetter(
            new Rejected(RejectReason.REJECT_REASON_UNKNOWN_TOPIC, "topic is not a camera reads/status topic of root '" + topics.root() + "'"),
            mqttTopic, payload, receivedAtMs, null);
      }
      String cameraId = topicCamera.get();
      if (topics.isReads(mqttTopic)) {
        ReadVerdict verdict = readValidator.validate(cameraId, payload);
        if (verdict instanceof ReadVerdict.Accepted accepted) {
          observer.accepted(cameraId, accepted.read().getSequence());
          return new OutboundRecord(
              Topics.PLATE_READS,
              accepted.vehicleKey().getBytes(StandardCharsets.UTF_8),
              payload,
              OutboundRecord.Kind.READ,
              null);
        }
        return deadLetter((Rejected) verdict, mqttTopic, payload, receivedAtMs, cameraId);
      }
      StatusVerdict verdict = statusValidator.validate(cameraId, payload);
      if (verdict instanceof StatusVerdict.Accepted accepted) {
        return new OutboundRecord(
            Topics.CAMERA_STATUS,
            accepted.cameraId().getBytes(StandardCharsets.UTF_8),
            payload,
            OutboundRecord.Kind.STATUS,
            null);
      }
      return deadLetter((Rejected) verdict, mqttTopic, payload, receivedAtMs, cameraId);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug in a validator must not lose the message nor kill the caller: keep it, say why.
      return deadLetter(
          new Rejected(RejectReason.REJECT_REASON_INTERNAL_ERROR, "internal error while validating: " + e),
          mqttTopic, payload, receivedAtMs, topicCamera.orElse(null));
    }
  }

  private OutboundRecord deadLetter(
      Rejected rejected, String mqttTopic, byte[] payload, long receivedAtMs, String cameraId) {
    return DeadLetters.of(
        rejected.reason(), rejected.detail(), mqttTopic, payload, receivedAtMs, cameraId, gatewayId);
  }
}
