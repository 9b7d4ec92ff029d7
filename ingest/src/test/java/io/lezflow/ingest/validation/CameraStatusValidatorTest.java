package io.lezflow.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.CameraStatus;
import io.lezflow.schemas.v1.RejectReason;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CameraStatusValidatorTest {
  static final String CAMERA = "bru-cam-0001";
  static final byte[] VALID = status(CAMERA);

  static byte[] status(String cameraId) {
    return CameraStatus.newBuilder().setCameraId(cameraId).setState(CameraState.CAMERA_STATE_ONLINE)
        .setReportedAtMs(1_700_000_000_000L).setBufferedReads(3).build().toByteArray();
  }

  static Stream<Arguments> cases() {
    ValidationLimits any = ValidationLimits.DEFAULTS;
    ValidationLimits tiny = new ValidationLimits(VALID.length - 1, Set.of(), Duration.ofDays(7), Duration.ZERO);
    ValidationLimits others = new ValidationLimits(16384, Set.of("bru-cam-0002"), Duration.ofDays(7), Duration.ZERO);
    return Stream.of(
        Arguments.of("valid", any, CAMERA, VALID, null),
        Arguments.of("empty", any, CAMERA, new byte[0], RejectReason.REJECT_REASON_UNPARSABLE),
        Arguments.of("garbage", any, CAMERA, new byte[] {0x0f}, RejectReason.REJECT_REASON_UNPARSABLE),
        Arguments.of("too big", tiny, CAMERA, VALID, RejectReason.REJECT_REASON_OVERSIZED),
        Arguments.of("no camera id", any, CAMERA, CameraStatus.newBuilder().setBufferedReads(1).build().toByteArray(),
            RejectReason.REJECT_REASON_MISSING_FIELD),
        Arguments.of("other camera's status", any, CAMERA, status("bru-cam-0002"), RejectReason.REJECT_REASON_CAMERA_MISMATCH),
        Arguments.of("not in allow-list", others, CAMERA, VALID, RejectReason.REJECT_REASON_UNKNOWN_CAMERA),
        Arguments.of("invalid camera id", any, "cam.x", status("cam.x"), RejectReason.REJECT_REASON_UNKNOWN_CAMERA));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesEachCase(String name, ValidationLimits limits, String topicCamera, byte[] payload, RejectReason expected) {
    StatusVerdict verdict = new CameraStatusValidator(limits).validate(topicCamera, payload);

    if (expected == null) {
      assertThat(verdict).isInstanceOfSatisfying(StatusVerdict.Accepted.class,
          a -> assertThat(a.cameraId()).isEqualTo(topicCamera));
    } else {
      assertThat(verdict).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(expected));
    }
  }
}
