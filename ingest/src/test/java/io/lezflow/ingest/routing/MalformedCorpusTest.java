package io.lezflow.ingest.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.ingest.frigate.FrigateInput;
import io.lezflow.ingest.frigate.FrigateJson;
import io.lezflow.ingest.validation.CameraStatusValidator;
import io.lezflow.ingest.validation.PlateReadValidator;
import io.lezflow.ingest.validation.PlateReads;
import io.lezflow.ingest.validation.ValidationLimits;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.RejectReason;
import io.lezflow.schemas.v1.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Done-when 2: a corpus of malformed inputs, one (or more) per reason code, plus random bytes and
 * truncated messages, each routed exactly as the gateway routes it: 100 % end as a dead letter
 * with the expected reason and the raw bytes, and no exception escapes. A reason code added to the
 * schema without a corpus entry fails {@link #theCorpusCoversEveryRejectReason}.
 */
class MalformedCorpusTest {
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  static final MqttTopics TOPICS = new MqttTopics("lez/v1");
  static final String CAM = "bru-cam-0001";
  static final String GATEWAY = "ingest-corpus";
  static final ValidationLimits LIMITS = new ValidationLimits(16 * 1024, Set.of(CAM, "bru-cam-0002", "bru-cam-0042"),
      Duration.ofDays(7), Duration.ofMinutes(5));
  static final FrigateInput FRIGATE = new FrigateInput("frigate", Map.of("entrance_cam", "bru-cam-0042"), "BE");

  record Entry(String name, String topic, byte[] payload, RejectReason expected) {}

  static OutboundRecord route(Clock clock, String topic, byte[] payload) {
    PlateReadValidator validator = new PlateReadValidator(LIMITS, clock);
    FrigateRouter frigate = new FrigateRouter(FRIGATE, validator, LIMITS.maxPayloadBytes(), GATEWAY);
    if (frigate.handles(topic)) {
      FrigateRouter.Outcome outcome = frigate.route(topic, payload, NOW.toEpochMilli());
      assertThat(outcome).isInstanceOf(FrigateRouter.Forward.class);
      return ((FrigateRouter.Forward) outcome).record();
    }
    return new InboundRouter(TOPICS, validator, new CameraStatusValidator(LIMITS), GATEWAY).route(topic, payload, NOW.toEpochMilli());
  }

  static List<Entry> corpus() {
    String reads = TOPICS.reads(CAM);
    double t = NOW.toEpochMilli() / 1000.0;
    List<Entry> corpus = new ArrayList<>(List.of(
        new Entry("garbage", reads, new byte[] {0x0f, 0x0e, 0x0d}, RejectReason.REJECT_REASON_UNPARSABLE),
        new Entry("empty", reads, new byte[0], RejectReason.REJECT_REASON_UNPARSABLE),
        new Entry("oversized", reads, new byte[16 * 1024 + 1], RejectReason.REJECT_REASON_OVERSIZED),
        new Entry("other camera's read", reads, PlateReads.valid("bru-cam-0002", 1, NOW).build().toByteArray(),
            RejectReason.REJECT_REASON_CAMERA_MISMATCH),
        new Entry("camera not in the list", TOPICS.reads("bru-cam-0777"), PlateReads.valid("bru-cam-0777", 1, NOW).build().toByteArray(),
            RejectReason.REJECT_REASON_UNKNOWN_CAMERA),
        new Entry("8 days old", reads, PlateReads.valid(CAM, 2, NOW.minus(Duration.ofDays(8))).build().toByteArray(),
            RejectReason.REJECT_REASON_CAPTURE_TOO_OLD),
        new Entry("an hour ahead", reads, PlateReads.valid(CAM, 3, NOW.plus(Duration.ofHours(1))).build().toByteArray(),
            RejectReason.REJECT_REASON_CAPTURE_IN_FUTURE),
        new Entry("impossible Dutch plate", reads, PlateReads.valid(CAM, 4, NOW).setPlateCountry("NL").setPlateText("ABCDEFGH").build().toByteArray(),
            RejectReason.REJECT_REASON_INVALID_PLATE),
        new Entry("confidence 1.5", reads, PlateReads.valid(CAM, 5, NOW).setConfidence(1.5f).build().toByteArray(),
            RejectReason.REJECT_REASON_CONFIDENCE_OUT_OF_RANGE),
        new Entry("no plate", reads, PlateReads.valid(CAM, 6, NOW).clearPlateText().build().toByteArray(),
            RejectReason.REJECT_REASON_MISSING_FIELD),
        new Entry("not a camera topic", "lez/v1/somewhere/else", new byte[] {1, 2}, RejectReason.REJECT_REASON_UNKNOWN_TOPIC),
        new Entry("read_id of another sequence", reads, PlateReads.valid(CAM, 7, NOW).setSequence(8).build().toByteArray(),
            RejectReason.REJECT_REASON_INCONSISTENT_READ_ID),
        new Entry("Frigate camera not mapped", "frigate/events",
            FrigateJson.carEvent("update", "1.1-a", "garage_cam", "1ABC234", 0.9, t).getBytes(StandardCharsets.UTF_8),
            RejectReason.REJECT_REASON_UNMAPPABLE),
        new Entry("Frigate event with an impossible plate", "frigate/events",
            FrigateJson.carEvent("update", "1.1-a", "entrance_cam", "#!", 0.9, t).getBytes(StandardCharsets.UTF_8),
            RejectReason.REJECT_REASON_INVALID_PLATE),
        new Entry("Frigate JSON cut in half", "frigate/tracked_object_update",
            "{\"type\": \"lpr\", \"id\": \"1.1-a\", \"plate\": \"1AB".getBytes(StandardCharsets.UTF_8),
            RejectReason.REJECT_REASON_UNPARSABLE),
        new Entry("garbage status", TOPICS.status(CAM), new byte[] {0x0f, 0x01}, RejectReason.REJECT_REASON_UNPARSABLE)));
    PlateReadValidator validator = new PlateReadValidator(LIMITS, Clock.fixed(NOW, ZoneOffset.UTC));
    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      byte[] bytes = new byte[1 + random.nextInt(300)];
      random.nextBytes(bytes);
      corpus.add(new Entry("random " + i, reads, bytes, expected(validator, bytes)));
      byte[] full = PlateReads.valid(CAM, 100 + i, NOW).build().toByteArray();
      byte[] cut;
      do { // a cut after the last required field can still be a valid read: that is not malformed
        cut = Arrays.copyOf(full, 1 + random.nextInt(full.length - 1));
      } while (!(validator.validate(CAM, cut) instanceof io.lezflow.ingest.validation.Rejected));
      corpus.add(new Entry("truncated " + i, reads, cut, expected(validator, cut)));
    }
    return corpus;
  }

  /** Random and truncated bytes: whatever reason the (unit-tested) validator gives, it must reject them. */
  private static RejectReason expected(PlateReadValidator validator, byte[] bytes) {
    var verdict = validator.validate(CAM, bytes);
    assertThat(verdict).isInstanceOf(io.lezflow.ingest.validation.Rejected.class);
    return ((io.lezflow.ingest.validation.Rejected) verdict).reason();
  }

  @Test
  void everyCorpusEntryEndsOnTheDeadLetterTopicWithItsReasonAndItsBytes() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    int deadLetters = 0;
    List<Entry> corpus = corpus();
    for (Entry entry : corpus) {
      OutboundRecord record = route(clock, entry.topic(), entry.payload());
      assertThat(record.kafkaTopic()).as(entry.name()).isEqualTo(Topics.DLQ);
      assertThat(record.rejectReason()).as(entry.name()).isEqualTo(entry.expected());
      Rejected rejected = Rejected.parseFrom(record.value());
      assertThat(rejected.getReason()).as(entry.name()).isEqualTo(entry.expected());
      assertThat(rejected.getRawPayload().toByteArray()).as(entry.name()).isEqualTo(entry.payload());
      assertThat(rejected.getMqttTopic()).isEqualTo(entry.topic());
      assertThat(rejected.getGatewayId()).isEqualTo(GATEWAY);
      assertThat(rejected.getDetail()).as(entry.name()).isNotBlank().doesNotContain("1ABC234").doesNotContain("ABCDEFGH");
      deadLetters++;
    }
    assertThat(deadLetters).as("100 % of the corpus on the DLQ").isEqualTo(corpus.size());
  }

  @Test
  void anInternalFailureWhileJudgingAMessageIsAnInternalErrorDeadLetter() throws Exception {
    Clock broken = new Clock() {
      @Override public ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(ZoneId zone) { return this; }
      @Override public Instant instant() { throw new IllegalStateException("clock broken"); }
    };
    for (String topic : List.of(TOPICS.reads(CAM), "frigate/tracked_object_update")) {
      byte[] payload = topic.startsWith("frigate")
          ? FrigateJson.lprUpdate("1.1-a", "entrance_cam", "1ABC234", 0.9, 1.7e9).getBytes(StandardCharsets.UTF_8)
          : PlateReads.valid(CAM, 1, NOW).build().toByteArray();
      OutboundRecord record = route(broken, topic, payload);
      assertThat(record.rejectReason()).as(topic).isEqualTo(RejectReason.REJECT_REASON_INTERNAL_ERROR);
      assertThat(Rejected.parseFrom(record.value()).getRawPayload().toByteArray()).isEqualTo(payload);
    }
  }

  @Test
  void theCorpusCoversEveryRejectReason() {
    Set<RejectReason> covered = EnumSet.noneOf(RejectReason.class);
    corpus().forEach(e -> covered.add(e.expected()));
    covered.add(RejectReason.REJECT_REASON_INTERNAL_ERROR); // anInternalFailureWhileJudgingAMessage...
    Set<RejectReason> all = EnumSet.allOf(RejectReason.class);
    all.removeAll(Set.of(RejectReason.REJECT_REASON_UNSPECIFIED, RejectReason.UNRECOGNIZED));
    assertThat(covered).containsAll(all);
  }
}
