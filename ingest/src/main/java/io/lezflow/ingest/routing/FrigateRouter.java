package io.lezflow.ingest.routing;

import io.lezflow.ingest.frigate.FrigateInput;
import io.lezflow.ingest.frigate.FrigateMapper;
import io.lezflow.ingest.validation.PlateReadValidator;
import io.lezflow.ingest.validation.ReadVerdict;
import io.lezflow.ingest.validation.Rejected;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns one Frigate MQTT message into what the gateway does with it: forward one Kafka record (a
 * plate read validated exactly like a camera's, or a dead letter with the raw JSON), or ignore a
 * message that carries no plate (counted, acknowledged, not forwarded).
 *
 * <p>Invariant: {@link #route} never throws and never returns null.
 */
public final class FrigateRouter {

  /** What to do with one Frigate message. */
  public sealed interface Outcome permits Forward, Ignore {}

  public record Forward(OutboundRecord record) implements Outcome {}

  /** @param why low-cardinality label for the ignored-messages counter */
  public record Ignore(String why) implements Outcome {}

  private final FrigateInput input;
  private final FrigateMapper mapper;
  private final PlateReadValidator validator;
  private final int maxPayloadBytes;
  private final String gatewayId;

  public FrigateRouter(FrigateInput input, PlateReadValidator validator, int maxPayloadBytes, String gatewayId) {
    this.input = Objects.requireNonNull(input, "input");
    this.mapper = new FrigateMapper(input);
    this.validator = Objects.requireNonNull(validator, "validator");
    this.maxPayloadBytes = maxPayloadBytes;
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
  }

  /** True for the topics this router takes. */
  public boolean handles(String mqttTopic) {
    return input.handles(mqttTopic);
  }

  public Outcome route(String mqttTopic, byte[] payload, long receivedAtMs) {
    String cameraId = null;
    try {
      if (payload != null && payload.length > maxPayloadBytes) {
        return deadLetter(RejectReason.REJECT_REASON_OVERSIZED,
            "payload of " + payload.length + " bytes exceeds the limit of " + maxPayloadBytes, mqttTopic, payload, receivedAtMs, null);
      }
      FrigateMapper.Mapping mapping = mapper.map(mqttTopic, payload);
      if (mapping instanceof FrigateMapper.NotAPlateRead ignored) return new Ignore(ignored.why());
      if (mapping instanceof FrigateMapper.Unmappable bad) {
        return deadLetter(bad.reason(), bad.detail(), mqttTopic, payload, receivedAtMs, bad.cameraId());
      }
      var read = ((FrigateMapper.Mapped) mapping).read();
      cameraId = read.getCameraId();
      ReadVerdict verdict = validator.validate(cameraId, read);
      if (verdict instanceof ReadVerdict.Accepted accepted) {
        return new Forward(new OutboundRecord(
            Topics.PLATE_READS,
            accepted.vehicleKey().getBytes(StandardCharsets.UTF_8),
            read.toByteArray(),
            OutboundRecord.Kind.READ,
            null));
      }
      Rejected rejected = (Rejected) verdict;
      return deadLetter(rejected.reason(), "Frigate read: " + rejected.detail(), mqttTopic, payload, receivedAtMs, cameraId);
    } catch (RuntimeException | StackOverflowError e) {
      return deadLetter(RejectReason.REJECT_REASON_INTERNAL_ERROR, "internal error while mapping a Frigate message: " + e,
          mqttTopic, payload, receivedAtMs, cameraId);
    }
  }

  private Forward deadLetter(RejectReason reason, String detail, String topic, byte[] payload, long receivedAtMs, String cameraId) {
    return new Forward(DeadLetters.of(reason, detail, topic, payload, receivedAtMs, cameraId, gatewayId));
  }
}
