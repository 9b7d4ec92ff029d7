package io.lezflow.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import io.lezflow.schemas.plates.PlateFormats;

/**
 * Whatever bytes arrive, the validator answers (never throws), answers the same twice, and what
 * it accepts really satisfies every rule: checked here independently of its code path.
 */
class PlateReadValidatorPropertyTest {
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  static final ValidationLimits LIMITS =
      new ValidationLimits(4096, Set.of(), Duration.ofDays(7), Duration.ofMinutes(5));
  static final PlateReadValidator VALIDATOR = new PlateReadValidator(LIMITS, Clock.fixed(NOW, ZoneOffset.UTC));
  static final String CAMERA = "bru-cam-0001";

  @Property(tries = 2000)
  void randomBytesGetAVerdict(@ForAll @Size(max = 600) byte[] payload) {
    checkVerdict(payload);
  }

  @Property(tries = 1000)
  void truncatedReadsGetAVerdictConsistentWithWhatParsed(
      @ForAll("plausibleReads") PlateRead read, @ForAll @IntRange(min = 0, max = 1000) int cut) {
    byte[] full = read.toByteArray();
    byte[] truncated = Arrays.copyOf(full, Math.min(cut, full.length));

    ReadVerdict verdict = checkVerdict(truncated);

    PlateRead parsed = parseOrNull(truncated);
    if (truncated.length > 0 && parsed != null) {
      // What still parses is judged exactly like the message it parses to.
      assertThat(verdict).isEqualTo(VALIDATOR.validate(CAMERA, parsed));
    }
  }

  @Property(tries = 1000)
  void mutatedReadsGetAVerdict(
      @ForAll("plausibleReads") PlateRead read,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll byte xor,
      @ForAll @IntRange(min = 1, max = 4) int mutations) {
    byte[] bytes = read.toByteArray();
    for (int i = 0; i < mutations && bytes.length > 0; i++) {
      int at = (position * (i + 7)) % bytes.length;
      bytes[at] ^= (byte) (xor == 0 ? 1 : xor);
    }
    checkVerdict(bytes);
  }

  @Property(tries = 1000)
  void plausibleReadsGetAVerdict(@ForAll("plausibleReads") PlateRead read) {
    checkVerdict(read.toByteArray());
  }

  /** Never throws, deterministic, and an acceptance really satisfies every rule. */
  private static ReadVerdict checkVerdict(byte[] payload) {
    ReadVerdict verdict = VALIDATOR.validate(CAMERA, payload);
    assertThat(verdict).isNotNull();
    assertThat(VALIDATOR.validate(CAMERA, payload)).isEqualTo(verdict);
    if (verdict instanceof Rejected rejected) {
      assertThat(rejected.reason()).isNotIn(RejectReason.REJECT_REASON_UNSPECIFIED, RejectReason.UNRECOGNIZED);
      assertThat(rejected.detail()).isNotBlank();
    } else {
      PlateRead read = ((ReadVerdict.Accepted) verdict).read();
      assertThat(payload.length).isBetween(1, LIMITS.maxPayloadBytes());
      assertThat(read.getCameraId()).isEqualTo(CAMERA);
      assertThat(read.getReadId()).isEqualTo(CameraIds.readId(CAMERA, read.getSequence()));
      assertThat(read.getPlateText()).isNotBlank();
      assertThat(read.getCapturedAtMs())
          .isBetween(NOW.minus(LIMITS.maxCaptureAge()).toEpochMilli(), NOW.plus(LIMITS.maxClockSkew()).toEpochMilli());
      float confidence = read.getConfidence();
      assertThat(confidence >= 0f && confidence <= 1f).as("confidence %s in [0, 1]", confidence).isTrue();
      assertThat(PlateFormats.problemWith(read.getPlateCountry(), read.getPlateText())).isEmpty();
    }
    return verdict;
  }

  private static PlateRead parseOrNull(byte[] bytes) {
    try {
      return PlateRead.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  /** Mostly valid reads, with every field sometimes off: near and beyond each boundary. */
  @Provide
  Arbitrary<PlateRead> plausibleReads() {
    Arbitrary<String> camera = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.just(CAMERA)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("bru-cam-0002", "", "cam.dots")));
    Arbitrary<Long> sequence = Arbitraries.longs().between(0, 1_000_000);
    Arbitrary<Long> capturedAt = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(NOW.toEpochMilli() - 60_000, NOW.toEpochMilli())),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(
            NOW.minus(Duration.ofDays(7)).toEpochMilli(), NOW.minus(Duration.ofDays(7)).toEpochMilli() - 1,
            NOW.plus(Duration.ofMinutes(5)).toEpochMilli(), NOW.plus(Duration.ofMinutes(5)).toEpochMilli() + 1,
            0L, Long.MIN_VALUE, Long.MAX_VALUE)));
    Arbitrary<String> plate = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.of("1-ABC-234", "12-ABC-3", "AB-123-CD", "B-AB 1234", "AB12 CDE")),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(24)));
    Arbitrary<String> country = Arbitraries.of("BE", "NL", "FR", "DE", "LU", "GB", "", "IT", "B3");
    Arbitrary<Float> confidence = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.floats().between(0f, 1f)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(-0.01f, 1.01f, Float.NaN, Float.NEGATIVE_INFINITY, -0f)));
    return Combinators.combine(camera, sequence, capturedAt, plate, country, confidence)
        .as((cam, seq, at, text, cc, conf) -> PlateRead.newBuilder()
            .setCameraId(cam)
            .setSequence(seq)
            .setReadId(cam + ":" + seq)
            .setCapturedAtMs(at)
            .setPlateText(text)
            .setPlateCountry(cc)
            .setConfidence(conf)
            .setLane(1)
            .build());
  }
}
