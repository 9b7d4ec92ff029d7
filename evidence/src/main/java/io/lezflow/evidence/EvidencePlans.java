package io.lezflow.evidence;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.EvidenceImageKeys;
import io.lezflow.schemas.v1.Violation;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fetcher's decisions as plain functions: which image a violation calls for, and whether what
 * the camera served may become evidence.
 */
public final class EvidencePlans {
  private EvidencePlans() {}

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** What to do for one violation: fetch an image, or raise an alarm without asking any camera. */
  public sealed interface Plan {}

  public record Fetch(EvidenceRequest request) implements Plan {}

  public record Refuse(Alarm alarm) implements Plan {}

  /** What became of one fetched image. */
  public sealed interface Verdict {}

  public record Accept(StoredImage image) implements Verdict {}

  public record Reject(Alarm alarm) implements Verdict {}

  /**
   * The image of the read the violation rests on: its first read id (the candidate's or the
   * warning's read), whose camera is the violation's camera and whose hash is its image hash.
   */
  public static Plan plan(Violation v) {
    String readId = v.getReadIdsCount() == 0 ? "" : v.getReadIds(0);
    EvidenceRequest request = new EvidenceRequest(v.getViolationId(), readId, v.getCameraId(),
        EvidenceImageKeys.ofReadId(readId).orElse(null), v.getImageSha256());
    if (readId.isEmpty()) return refuse(request, "the violation names no read");
    if (request.imageKey() == null) return refuse(request, "read id is not {camera_id}:{sequence}");
    if (!CameraIds.isValid(v.getCameraId()) || !readId.startsWith(v.getCameraId() + ":")) {
      return refuse(request, "the violation's camera is not the camera of its first read");
    }
    if (!SHA256_HEX.matcher(v.getImageSha256()).matches()) {
      return refuse(request, "the violation carries no image hash (64 lowercase hex) to verify against");
    }
    return new Fetch(request);
  }

  /** Evidence only if the bytes hash to what the camera sent with the read. */
  public static Verdict judge(EvidenceRequest request, FetchResult result) {
    if (result instanceof FetchResult.Served served) {
      String actual = sha256Hex(served.body());
      if (!actual.equals(request.expectedSha256())) {
        return new Reject(Alarm.of(AlarmKind.HASH_MISMATCH, request, actual,
            "the camera served " + served.body().length + " bytes whose SHA-256 differs from the one sent with the read"));
      }
      String type = Optional.ofNullable(served.contentType()).filter(t -> !t.isBlank()).orElse("application/octet-stream");
      return new Accept(new StoredImage(actual, served.body(), type, request));
    }
    if (result instanceof FetchResult.NotFound notFound) {
      return new Reject(Alarm.of(AlarmKind.IMAGE_MISSING, request, null,
          "the camera answered HTTP " + notFound.status() + " (never taken, or purged after its retention)"));
    }
    return new Reject(Alarm.of(AlarmKind.CAMERA_UNREACHABLE, request, null, ((FetchResult.Unreachable) result).why()));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  private static Refuse refuse(EvidenceRequest request, String why) {
    return new Refuse(Alarm.of(AlarmKind.NO_IMAGE_REFERENCE, request, null, why));
  }
}
