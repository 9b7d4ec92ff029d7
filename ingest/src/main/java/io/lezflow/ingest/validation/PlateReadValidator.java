package io.lezflow.ingest.validation;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.RejectReason;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import io.lezflow.schemas.plates.PlateFormats;

/**
 * Decides whether the bytes a camera published on its reads topic are a plate read the pipeline
 * can use. Pure: no I/O, no framework; time comes from the injected clock.
 *
 * <p>Invariant: {@link #validate} never throws for any payload and always returns either an
 * {@link ReadVerdict.Accepted} whose read passed every check below, or a {@link Rejected} with
 * the first failed check's reason. Checks, in order:
 *
 * <ol>
 *   <li>UNPARSABLE: empty payload; OVERSIZED: more than {@code maxPayloadBytes}; UNPARSABLE: not
 *       a {@code PlateRead}
 *   <li>MISSING_FIELD: no read_id, camera_id, plate_text or captured_at_ms
 *   <li>CAMERA_MISMATCH: camera_id differs from the camera of the topic (or of the read_id)
 *   <li>UNKNOWN_CAMERA: not a valid camera id, or not in a configured allow-list
 *   <li>INCONSISTENT_READ_ID: read_id is not {@code <camera_id>:<sequence>} (the sequence is
 *       missing or inconsistent; deduplication downstream relies on this id)
 *   <li>CAPTURE_TOO_OLD / CAPTURE_IN_FUTURE: outside [now - maxCaptureAge, now + maxClockSkew],
 *       both bounds inclusive
 *   <li>CONFIDENCE_OUT_OF_RANGE: NaN or outside [0, 1]
 *   <li>INVALID_PLATE: see {@link PlateFormats}
 * </ol>
 *
 * <p>Details never quote the plate text; quoted ids are cut short.
 */
public final class PlateReadValidator {
  private static final int MAX_QUOTED = 64;

  private final ValidationLimits limits;
  private final Clock clock;

  public PlateReadValidator(ValidationLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param topicCameraId the camera id taken from the MQTT topic the payload arrived on
   * @param payload the raw bytes as published (may be null or empty)
   */
  public ReadVerdict validate(String topicCameraId, byte[] payload) {
    Objects.requireNonNull(topicCameraId, "topicCameraId");
    if (payload == null || payload.length == 0) {
      return new Rejected(RejectReason.REJECT_REASON_UNPARSABLE, "empty payload");
    }
    if (payload.length > limits.maxPayloadBytes()) {
      return new Rejected(
          RejectReason.REJECT_REASON_OVERSIZED,
          "payload of " + payload.length + " bytes exceeds the limit of " + limits.maxPayloadBytes());
    }
    PlateRead read;
    try {
      read = PlateRead.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      return new Rejected(RejectReason.REJECT_REASON_UNPARSABLE, "not a PlateRead: " + e.getMessage());
    }
    return validate(topicCameraId, read);
  }

  /** Checks 2.. of the list above on an already parsed read. */
  public ReadVerdict validate(String topicCameraId, PlateRead read) {
    Optional<String> missing = missingField(read);
    if (missing.isPresent()) {
      return new Rejected(RejectReason.REJECT_REASON_MISSING_FIELD, "missing " + missing.get());
    }
    String cameraId = read.getCameraId();
    if (!cameraId.equals(topicCameraId)) {
      return new Rejected(
          RejectReason.REJECT_REASON_CAMERA_MISMATCH,
          "payload camera_id " + quote(cameraId) + " differs from topic camera " + quote(topicCameraId));
    }
    if (!CameraIds.isValid(cameraId)) {
      return new Rejected(
          RejectReason.REJECT_REASON_UNKNOWN_CAMERA,
          "camera id " + quote(cameraId) + " is not a valid camera id ([A-Za-z0-9_-]{1,64})");
    }
    if (!limits.isKnownCamera(cameraId)) {
      return new Rejected(
          RejectReason.REJECT_REASON_UNKNOWN_CAMERA,
          "camera " + quote(cameraId) + " is not in the configured camera list");
    }
    String expectedReadId = CameraIds.readId(cameraId, read.getSequence());
    if (!read.getReadId().equals(expectedReadId)) {
      String readId = read.getReadId();
      int colon = readId.lastIndexOf(':');
      if (colon > 0 && !readId.substring(0, colon).equals(cameraId)) {
        return new Rejected(
            RejectReason.REJECT_REASON_CAMERA_MISMATCH,
            "read_id " + quote(readId) + " does not belong to camera " + quote(cameraId));
      }
      return new Rejected(
          RejectReason.REJECT_REASON_INCONSISTENT_READ_ID,
          "read_id " + quote(readId) + " does not match camera_id:sequence " + quote(expectedReadId));
    }
    long capturedAt = read.getCapturedAtMs();
    long now = clock.millis();
    long oldestAllowed = now - limits.maxCaptureAge().toMillis();
    long newestAllowed = now + limits.maxClockSkew().toMillis();
    if (capturedAt < oldestAllowed) {
      return new Rejected(
          RejectReason.REJECT_REASON_CAPTURE_TOO_OLD,
          "captured " + (now - capturedAt) + " ms ago, limit " + limits.maxCaptureAge());
    }
    if (capturedAt > newestAllowed) {
      return new Rejected(
          RejectReason.REJECT_REASON_CAPTURE_IN_FUTURE,
          "captured " + (capturedAt - now) + " ms in the future, limit " + limits.maxClockSkew());
    }
    float confidence = read.getConfidence();
    if (Float.isNaN(confidence) || confidence < 0f || confidence > 1f) {
      return new Rejected(
          RejectReason.REJECT_REASON_CONFIDENCE_OUT_OF_RANGE,
          "confidence " + confidence + " is not in [0, 1]");
    }
    Optional<String> plateProblem = PlateFormats.problemWith(read.getPlateCountry(), read.getPlateText());
    if (plateProblem.isPresent()) {
      return new Rejected(RejectReason.REJECT_REASON_INVALID_PLATE, plateProblem.get());
    }
    return new ReadVerdict.Accepted(read, VehicleKeys.of(read.getPlateCountry(), read.getPlateText()));
  }

  private static Optional<String> missingField(PlateRead read) {
    if (read.getReadId().isEmpty()) return Optional.of("read_id");
    if (read.getCameraId().isEmpty()) return Optional.of("camera_id");
    if (read.getPlateText().isBlank()) return Optional.of("plate_text");
    if (read.getCapturedAtMs() == 0L) return Optional.of("captured_at_ms");
    return Optional.empty();
  }

  /** Ids from a payload are attacker-controlled text: quote them short and printable. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder("'");
    int n = Math.min(text.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (text.length() > MAX_QUOTED) sb.append("...");
    return sb.append('\'').toString();
  }
}
