package io.lezflow.ingest.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.ingest.validation.CameraStatusValidator;
import io.lezflow.ingest.validation.PlateReadValidator;
import io.lezflow.ingest.validation.PlateReads;
import io.lezflow.ingest.validation.ValidationLimits;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.CameraStatus;
import io.lezflow.schemas.v1.RejectReason;
import io.lezflow.schemas.v1.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InboundRouterTest {
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  static final MqttTopics TOPICS = new MqttTopics("test/lez");
  static final String CAMERA = PlateReads.CAMERA;
  static final String GATEWAY = "ingest-t1";

  final InboundRouter router = routerWith(Clock.fixed(NOW, ZoneOffset.UTC));

  static InboundRouter routerWith(Clock clock) {
    return new InboundRouter(
        TOPICS,
        new PlateReadValidator(ValidationLimits.DEFAULTS, clock),
        new CameraStatusValidator(ValidationLimits.DEFAULTS),
        GATEWAY);
  }

  @Test
  void validReadGoesToPlateReadsKeyedByVehicleKeyWithItsOriginalBytes() {
    byte[] payload = PlateReads.valid(CAMERA, 7, NOW).setPlateText("1-abc-234").build().toByteArray();

    OutboundRecord record = router.route(TOPICS.reads(CAMERA), payload, NOW.toEpochMilli());

    assertThat(record.kafkaTopic()).isEqualTo(Topics.PLATE_READS);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("BE:1ABC234");
    assertThat(record.value()).isSameAs(payload);
    assertThat(record.kind()).isEqualTo(OutboundRecord.Kind.READ);
    assertThat(record.rejectReason()).isNull();
  }

  @Test
  void cameraStatusGoesToCameraStatusKeyedByCamera() {
    byte[] payload = CameraStatus.newBuilder().setCameraId(CAMERA).setState(CameraState.CAMERA_STATE_ONLINE)
        .setReportedAtMs(NOW.toEpochMilli()).build().toByteArray();

    OutboundRecord record = router.route(TOPICS.status(CAMERA), payload, NOW.toEpochMilli());

    assertThat(record.kafkaTopic()).isEqualTo(Topics.CAMERA_STATUS);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(CAMERA);
    assertThat(record.value()).isSameAs(payload);
    assertThat(record.kind()).isEqualTo(OutboundRecord.Kind.STATUS);
  }

  @Test
  void rejectedReadBecomesADeadLetterWithEverythingNeededToInspectIt() throws Exception {
    byte[] payload = PlateReads.valid(CAMERA, 7, NOW).setConfidence(2f).build().toByteArray();
    long receivedAt = NOW.toEpochMilli() + 5;

    OutboundRecord record = router.route(TOPICS.reads(CAMERA), payload, receivedAt);

    assertThat(record.kafkaTopic()).isEqualTo(Topics.DLQ);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(CAMERA);
    assertThat(record.rejectReason()).isEqualTo(RejectReason.REJECT_REASON_CONFIDENCE_OUT_OF_RANGE);
    Rejected rejected = Rejected.parseFrom(record.value());
    assertThat(rejected.getReason()).isEqualTo(RejectReason.REJECT_REASON_CONFIDENCE_OUT_OF_RANGE);
    assertThat(rejected.getDetail()).contains("confidence");
    assertThat(rejected.getMqttTopic()).isEqualTo(TOPICS.reads(CAMERA));
    assertThat(rejected.getRawPayload().toByteArray()).isEqualTo(payload);
    assertThat(rejected.getReceivedAtMs()).isEqualTo(receivedAt);
    assertThat(rejected.getCameraId()).isEqualTo(CAMERA);
    assertThat(rejected.getGatewayId()).isEqualTo(GATEWAY);
  }

  @Test
  void unparsableStatusBecomesADeadLetter() throws Exception {
    OutboundRecord record = router.route(TOPICS.status(CAMERA), new byte[] {0x0f, 0x01}, 1L);

    assertThat(record.kafkaTopic()).isEqualTo(Topics.DLQ);
    assertThat(Rejected.parseFrom(record.value()).getReason()).isEqualTo(RejectReason.REJECT_REASON_UNPARSABLE);
  }

  @Test
  void messageOnATopicOutsideTheSchemeIsKeptUnderUnknown() throws Exception {
    for (String topic : new String[] {"other/cameras/x/reads", TOPICS.root() + "/cameras/a/b/reads", "", null}) {
      OutboundRecord record = router.route(topic, new byte[] {1, 2, 3}, 1L);

      assertThat(record.kafkaTopic()).isEqualTo(Topics.DLQ);
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(DeadLetters.UNKNOWN_CAMERA_KEY);
      Rejected rejected = Rejected.parseFrom(record.value());
      assertThat(rejected.getReason()).isEqualTo(RejectReason.REJECT_REASON_UNKNOWN_TOPIC);
      assertThat(rejected.getRawPayload().toByteArray()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void aFailureInsideValidationStillEndsAsADeadLetter() throws Exception {
    Clock broken = new Clock() {
      @Override public ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(ZoneId zone) { return this; }
      @Override public Instant instant() { throw new IllegalStateException("clock broken"); }
    };
    byte[] payload = PlateReads.valid(CAMERA, 7, NOW).build().toByteArray();

    OutboundRecord record = routerWith(broken).route(TOPICS.reads(CAMERA), payload, 1L);

    assertThat(record.kafkaTopic()).isEqualTo(Topics.DLQ);
    Rejected rejected = Rejected.parseFrom(record.value());
    assertThat(rejected.getReason()).isEqualTo(RejectReason.REJECT_REASON_INTERNAL_ERROR);
    assertThat(rejected.getDetail()).contains("internal error").contains("clock broken");
    assertThat(rejected.getRawPayload().toByteArray()).isEqualTo(payload);
    assertThat(rejected.getCameraId()).isEqualTo(CAMERA);
  }

  @Test
  void hugePayloadIsKeptCutSoThatTheDeadLetterFitsOneKafkaRecord() throws Exception {
    byte[] huge = new byte[DeadLetters.MAX_KEPT_PAYLOAD_BYTES + 10_000];
    huge[0] = 42;

    OutboundRecord record = router.route(TOPICS.reads(CAMERA), huge, 1L);

    Rejected rejected = Rejected.parseFrom(record.value());
    assertThat(rejected.getReason()).isEqualTo(RejectReason.REJECT_REASON_OVERSIZED);
    assertThat(rejected.getRawPayload().size()).isEqualTo(DeadLetters.MAX_KEPT_PAYLOAD_BYTES);
    assertThat(rejected.getRawPayload().byteAt(0)).isEqualTo((byte) 42);
    assertThat(rejected.getDetail()).contains("cut to its first " + DeadLetters.MAX_KEPT_PAYLOAD_BYTES);
    assertThat(record.value().length).isLessThan(1024 * 1024);
  }
}
