package io.lezflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.Violation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvidencePlansTest {
  private static final byte[] IMAGE = "png bytes".getBytes(StandardCharsets.US_ASCII);
  private static final String HASH = EvidencePlans.sha256Hex(IMAGE);

  @ParameterizedTest(name = "read {0}, camera {1}, hash {2} -> {3}")
  @CsvSource(nullValues = "none", value = {
      "bru-cam-0007:12, bru-cam-0007, good,  bru-cam-0007/12.png",
      "none,            bru-cam-0007, good,  none",
      "bru-cam-0007,    bru-cam-0007, good,  none",
      "bru-cam-0007:12, bru-cam-0008, good,  none",
      "bru-cam-0007:12, bru-cam-0007, empty, none",
      "bru-cam-0007:12, bru-cam-0007, UPPER, none",
  })
  void aViolationCallsForTheImageOfItsFirstRead(String readId, String camera, String hash, String imageKey) {
    Violation.Builder v = Violation.newBuilder().setViolationId("v1").setCameraId(camera)
        .setImageSha256(switch (hash) {
          case "good" -> HASH;
          case "UPPER" -> HASH.toUpperCase();
          default -> "";
        });
    if (readId != null) v.addReadIds(readId).addReadIds("bru-cam-0009:1");

    EvidencePlans.Plan plan = EvidencePlans.plan(v.build());

    if (imageKey == null) {
      assertThat(plan).isInstanceOfSatisfying(EvidencePlans.Refuse.class,
          r -> assertThat(r.alarm().kind()).isEqualTo(AlarmKind.NO_IMAGE_REFERENCE));
    } else {
      assertThat(plan).isEqualTo(new EvidencePlans.Fetch(new EvidenceRequest("v1", readId, camera, imageKey, HASH)));
    }
  }

  @Test
  void onlyBytesWithTheCamerasHashBecomeEvidence() {
    EvidenceRequest request = new EvidenceRequest("v1", "c:1", "c", "c/1.png", HASH);

    assertThat(EvidencePlans.judge(request, new FetchResult.Served(IMAGE, "image/png")))
        .isInstanceOfSatisfying(EvidencePlans.Accept.class, a -> {
          assertThat(a.image().sha256()).isEqualTo(HASH);
          assertThat(a.image().contentType()).isEqualTo("image/png");
        });
    byte[] altered = IMAGE.clone();
    altered[0] ^= 1;
    assertThat(EvidencePlans.judge(request, new FetchResult.Served(altered, "image/png")))
        .isInstanceOfSatisfying(EvidencePlans.Reject.class, r -> {
          assertThat(r.alarm().kind()).isEqualTo(AlarmKind.HASH_MISMATCH);
          assertThat(r.alarm().expectedSha256()).isEqualTo(HASH);
          assertThat(r.alarm().actualSha256()).isEqualTo(EvidencePlans.sha256Hex(altered));
        });
    assertThat(EvidencePlans.judge(request, new FetchResult.NotFound(404)))
        .isInstanceOfSatisfying(EvidencePlans.Reject.class, r -> assertThat(r.alarm().kind()).isEqualTo(AlarmKind.IMAGE_MISSING));
    assertThat(EvidencePlans.judge(request, new FetchResult.Unreachable("refused")))
        .isInstanceOfSatisfying(EvidencePlans.Reject.class, r -> assertThat(r.alarm().kind()).isEqualTo(AlarmKind.CAMERA_UNREACHABLE));
  }
}
