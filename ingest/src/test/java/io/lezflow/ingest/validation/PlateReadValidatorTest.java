package io.lezflow.ingest.validation;

import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_CAMERA_MISMATCH;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_CAPTURE_IN_FUTURE;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_CAPTURE_TOO_OLD;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_CONFIDENCE_OUT_OF_RANGE;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_INVALID_PLATE;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_INCONSISTENT_READ_ID;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_MISSING_FIELD;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_OVERSIZED;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_UNKNOWN_CAMERA;
import static io.lezflow.schemas.v1.RejectReason.REJECT_REASON_UNPARSABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PlateReadValidatorTest {
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String CAMERA = PlateReads.CAMERA;
  static final PlateReadValidator VALIDATOR = new PlateReadValidator(ValidationLimits.DEFAULTS, CLOCK);

  static PlateRead.Builder valid() {
    return PlateReads.valid(CAMERA, 42, NOW.minusSeconds(2));
  }

  static Arguments accepted(String name, UnaryOperator<PlateRead.Builder> change) {
    return Arguments.of(name, change, null);
  }

  static Arguments rejected(String name, UnaryOperator<PlateRead.Builder> change, RejectReason reason) {
    return Arguments.of(name, change, reason);
  }

  static long ms(Instant instant) {
    return instant.toEpochMilli();
  }

  static Stream<Arguments> cases() {
    Duration week = Duration.ofDays(7);
    Duration skew = Duration.ofMinutes(5);
    return Stream.of(
        accepted("a valid read", b -> b),
        // MISSING_FIELD (and INCONSISTENT_READ_ID)
        rejected("no read_id", b -> b.clearReadId(), REJECT_REASON_MISSING_FIELD),
        rejected("no camera_id", b -> b.clearCameraId(), REJECT_REASON_MISSING_FIELD),
        rejected("no plate_text", b -> b.clearPlateText(), REJECT_REASON_MISSING_FIELD),
        rejected("blank plate_text", b -> b.setPlateText("   "), REJECT_REASON_MISSING_FIELD),
        rejected("no captured_at", b -> b.clearCapturedAtMs(), REJECT_REASON_MISSING_FIELD),
        rejected("read_id sequence differs from sequence", b -> b.setSequence(43), REJECT_REASON_INCONSISTENT_READ_ID),
        rejected("read_id without sequence", b -> b.setReadId(CAMERA), REJECT_REASON_INCONSISTENT_READ_ID),
        rejected("read_id sequence not a number", b -> b.setReadId(CAMERA + ":x42"), REJECT_REASON_INCONSISTENT_READ_ID),
        accepted("sequence 0 with read_id cam:0", b -> b.setSequence(0).setReadId(CAMERA + ":0")),
        // CAMERA_MISMATCH
        rejected("camera_id of another camera", b -> b.setCameraId("bru-cam-0002").setReadId("bru-cam-0002:42"), REJECT_REASON_CAMERA_MISMATCH),
        rejected("read_id of another camera", b -> b.setReadId("bru-cam-0002:42"), REJECT_REASON_CAMERA_MISMATCH),
        // time window, both sides of both bounds
        accepted("captured exactly 7 days ago", b -> b.setCapturedAtMs(ms(NOW.minus(week)))),
        rejected("captured 7 days and 1 ms ago", b -> b.setCapturedAtMs(ms(NOW.minus(week)) - 1), REJECT_REASON_CAPTURE_TOO_OLD),
        rejected("captured before 1970", b -> b.setCapturedAtMs(-1), REJECT_REASON_CAPTURE_TOO_OLD),
        rejected("captured at Long.MIN_VALUE", b -> b.setCapturedAtMs(Long.MIN_VALUE), REJECT_REASON_CAPTURE_TOO_OLD),
        accepted("captured exactly 5 minutes ahead", b -> b.setCapturedAtMs(ms(NOW.plus(skew)))),
        rejected("captured 5 minutes and 1 ms ahead", b -> b.setCapturedAtMs(ms(NOW.plus(skew)) + 1), REJECT_REASON_CAPTURE_IN_FUTURE),
        rejected("captured at Long.MAX_VALUE", b -> b.setCapturedAtMs(Long.MAX_VALUE), REJECT_REASON_CAPTURE_IN_FUTURE),
        // confidence
        accepted("confidence 0", b -> b.setConfidence(0f)),
        accepted("confidence 1", b -> b.setConfidence(1f)),
        rejected("confidence -0.01", b -> b.setConfidence(-0.01f), REJECT_REASON_CONFIDENCE_OUT_OF_RANGE),
        rejected("confidence 1.01", b -> b.setConfidence(1.01f), REJECT_REASON_CONFIDENCE_OUT_OF_RANGE),
        rejected("confidence just above 1", b -> b.setConfidence(Math.nextUp(1f)), REJECT_REASON_CONFIDENCE_OUT_OF_RANGE),
        rejected("confidence NaN", b -> b.setConfidence(Float.NaN), REJECT_REASON_CONFIDENCE_OUT_OF_RANGE),
        rejected("confidence infinite", b -> b.setConfidence(Float.POSITIVE_INFINITY), REJECT_REASON_CONFIDENCE_OUT_OF_RANGE),
        // plate (per-country rules are in schemas' PlateTextProblemsTest; here: the reason is INVALID_PLATE)
        rejected("plate with an emoji", b -> b.setPlateText("1-ABC-23\uD83D\uDE97"), REJECT_REASON_INVALID_PLATE),
        rejected("plate too long for BE", b -> b.setPlateText("1-ABCD-23456"), REJECT_REASON_INVALID_PLATE),
        rejected("country not ISO alpha-2", b -> b.setPlateCountry("BEL"), REJECT_REASON_INVALID_PLATE),
        accepted("unknown country, generic rule", b -> b.clearPlateCountry().setPlateText("XYZ-123")),
        // unknown fields of a newer camera are no reason to reject
        accepted("no evidence", b -> b.clearEvidence()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesEachCase(String name, UnaryOperator<PlateRead.Builder> change, RejectReason expected) {
    byte[] payload = change.apply(valid()).build().toByteArray();

    ReadVerdict verdict = VALIDATOR.validate(CAMERA, payload);

    if (expected == null) {
      assertThat(verdict).isInstanceOf(ReadVerdict.Accepted.class);
    } else {
      assertThat(verdict).isInstanceOfSatisfying(Rejected.class, r -> {
        assertThat(r.reason()).isEqualTo(expected);
        assertThat(r.detail()).isNotBlank();
      });
    }
  }

  @Test
  void acceptedReadCarriesTheNormalisedVehicleKey() {
    byte[] payload = valid().setPlateText("1-abc-234").setPlateCountry("be").build().toByteArray();

    ReadVerdict verdict = VALIDATOR.validate(CAMERA, payload);

    assertThat(verdict).isInstanceOfSatisfying(ReadVerdict.Accepted.class, a -> {
      assertThat(a.vehicleKey()).isEqualTo("BE:1ABC234");
      assertThat(a.read().getReadId()).isEqualTo(CAMERA + ":42");
    });
  }

  @Test
  void topicOfAnotherCameraIsAMismatch() {
    byte[] payload = valid().build().toByteArray();

    assertThat(VALIDATOR.validate("bru-cam-0999", payload))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(REJECT_REASON_CAMERA_MISMATCH));
  }

  @Test
  void emptyAndNullPayloadsAreUnparsable() {
    assertThat(VALIDATOR.validate(CAMERA, new byte[0])).extracting(v -> ((Rejected) v).reason()).isEqualTo(REJECT_REASON_UNPARSABLE);
    assertThat(VALIDATOR.validate(CAMERA, (byte[]) null)).extracting(v -> ((Rejected) v).reason()).isEqualTo(REJECT_REASON_UNPARSABLE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'invalid wire type', '0f'",
    "'truncated length-delimited field', '0a 20 62 72 75'",
    "'varint never ending', '18 ff ff ff ff ff ff ff ff ff ff ff'",
    "'group end without start', '0c'",
    "'invalid UTF-8 in a string field', '0a 02 c3 28'"
  })
  void bytesThatAreNoPlateReadAreUnparsable(String name, String hex) {
    byte[] payload = hex(hex);

    ReadVerdict verdict = VALIDATOR.validate(CAMERA, payload);

    assertThat(verdict).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(REJECT_REASON_UNPARSABLE));
  }

  @Test
  void payloadOfExactlyTheLimitIsJudgedAndOneByteMoreIsOversized() {
    PlateRead read = valid().build();
    int limit = read.getSerializedSize() + 100;
    PlateReadValidator validator = new PlateReadValidator(
        new ValidationLimits(limit, Set.of(), Duration.ofDays(7), Duration.ofMinutes(5)), CLOCK);
    byte[] exactly = padWithUnknownField(read, limit);
    byte[] oneMore = padWithUnknownField(read, limit + 1);

    assertThat(exactly).hasSize(limit);
    assertThat(oneMore).hasSize(limit + 1);
    assertThat(validator.validate(CAMERA, exactly)).isInstanceOf(ReadVerdict.Accepted.class);
    assertThat(validator.validate(CAMERA, oneMore))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(REJECT_REASON_OVERSIZED));
  }

  @Test
  void defaultLimitIs16KiB() {
    assertThat(VALIDATOR.validate(CAMERA, padWithUnknownField(valid().build(), 16 * 1024)))
        .isInstanceOf(ReadVerdict.Accepted.class);
    assertThat(VALIDATOR.validate(CAMERA, padWithUnknownField(valid().build(), 16 * 1024 + 1)))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(REJECT_REASON_OVERSIZED));
  }

  @Test
  void cameraAllowListRejectsOthersAndEmptyListAcceptsAny() {
    ValidationLimits onlyOther = new ValidationLimits(16 * 1024, Set.of("bru-cam-0002"), Duration.ofDays(7), Duration.ofMinutes(5));
    ValidationLimits includingOurs = new ValidationLimits(16 * 1024, Set.of("bru-cam-0002", CAMERA), Duration.ofDays(7), Duration.ofMinutes(5));
    byte[] payload = valid().build().toByteArray();

    assertThat(new PlateReadValidator(onlyOther, CLOCK).validate(CAMERA, payload))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(REJECT_REASON_UNKNOWN_CAMERA));
    assertThat(new PlateReadValidator(includingOurs, CLOCK).validate(CAMERA, payload)).isInstanceOf(ReadVerdict.Accepted.class);
    assertThat(VALIDATOR.validate(CAMERA, payload)).isInstanceOf(ReadVerdict.Accepted.class);
  }

  @Test
  void cameraIdOutsideTheSafeAlphabetIsUnknown() {
    String odd = "cam.with.dots";
    byte[] payload = PlateReads.valid(odd, 1, NOW).build().toByteArray();

    assertThat(VALIDATOR.validate(odd, payload))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(REJECT_REASON_UNKNOWN_CAMERA));
  }

  @Test
  void rejectionDetailNeverContainsThePlate() {
    for (String plate : new String[] {"1-ABCD-23456", "9ZZZ999\u00e9", "QQQQQQQQQQQQQQQQQQQQQQ"}) {
      byte[] payload = valid().setPlateText(plate).build().toByteArray();
      ReadVerdict verdict = VALIDATOR.validate(CAMERA, payload);
      assertThat(verdict).isInstanceOfSatisfying(Rejected.class, r -> {
        assertThat(r.reason()).isEqualTo(REJECT_REASON_INVALID_PLATE);
        assertThat(r.detail()).doesNotContain(plate).doesNotContain(plate.replace("-", ""));
      });
    }
  }

  /** The read plus an unknown length-delimited field (number 100) making it exactly size bytes. */
  static byte[] padWithUnknownField(PlateRead read, int size) {
    byte[] base = read.toByteArray();
    for (int fill = Math.max(0, size - base.length); fill >= 0; fill--) {
      PlateRead padded = read.toBuilder()
          .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
              .addField(100, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                  .addLengthDelimited(com.google.protobuf.ByteString.copyFrom(new byte[fill])).build())
              .build())
          .build();
      if (padded.getSerializedSize() == size) return padded.toByteArray();
    }
    throw new IllegalArgumentException("cannot pad to " + size);
  }

  static byte[] hex(String hex) {
    String[] parts = hex.trim().split("\\s+");
    byte[] bytes = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) bytes[i] = (byte) Integer.parseInt(parts[i], 16);
    return bytes;
  }

}
