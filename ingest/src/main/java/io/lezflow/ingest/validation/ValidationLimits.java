package io.lezflow.ingest.validation;

import io.lezflow.schemas.CameraIds;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The limits a camera message must respect to be accepted. Immutable; checked once at
 * construction so that a validator never meets a nonsensical limit.
 *
 * @param maxPayloadBytes largest accepted payload; larger ones are rejected as OVERSIZED
 * @param knownCameras camera allow-list; empty means "any valid camera id"
 * @param maxCaptureAge a read captured longer ago than this is CAPTURE_TOO_OLD
 * @param maxClockSkew a read captured further than this in the future is CAPTURE_IN_FUTURE
 */
public record ValidationLimits(
    int maxPayloadBytes, Set<String> knownCameras, Duration maxCaptureAge, Duration maxClockSkew) {

  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;
  public static final Duration DEFAULT_MAX_CAPTURE_AGE = Duration.ofDays(7);
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  public static final ValidationLimits DEFAULTS =
      new ValidationLimits(
          DEFAULT_MAX_PAYLOAD_BYTES, Set.of(), DEFAULT_MAX_CAPTURE_AGE, DEFAULT_MAX_CLOCK_SKEW);

  public ValidationLimits {
    if (maxPayloadBytes < 1) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
    }
    Objects.requireNonNull(knownCameras, "knownCameras (use an empty set to accept any camera)");
    for (String camera : knownCameras) {
      if (!CameraIds.isValid(camera)) {
        throw new IllegalArgumentException(
            "knownCameras contains an invalid camera id '" + camera + "' (allowed: [A-Za-z0-9_-]{1,64})");
      }
    }
    knownCameras = Set.copyOf(knownCameras);
    Objects.requireNonNull(maxCaptureAge, "maxCaptureAge");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (maxCaptureAge.isNegative() || maxCaptureAge.isZero()) {
      throw new IllegalArgumentException("maxCaptureAge must be positive, got " + maxCaptureAge);
    }
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("maxClockSkew must not be negative, got " + maxClockSkew);
    }
  }

  /** True when the camera may send: any valid id if no allow-list is configured. */
  public boolean isKnownCamera(String cameraId) {
    return knownCameras.isEmpty() || knownCameras.contains(cameraId);
  }
}
