package io.lezflow.rules.decision;

import io.lezflow.rules.facts.ReadFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks a read passes before the rules decide it, as plain Java so a stream operator holds
 * none of them: a read id seen before is a DUPLICATE_READ; a read captured more than the allowed
 * lateness behind the event time is a LATE_READ (kept for reprocessing, never decided out of
 * order); a read whose camera maps to no zone is an UNKNOWN_CAMERA. Each is a {@link Decision}
 * with its own outcome, rule id and explanation (no plate in clear).
 *
 * <p>Two steps because a stream processor learns the answers at different times: {@link #admit}
 * on arrival (dedup and lateness are about arrival), {@link #assign} when the read is decided
 * (the camera registry may arrive after the read, while the read waits for the watermark).
 *
 * <p>Pure and immutable: the caller says whether the read id was seen and what the event time is.
 */
public final class ReadIntake {

  /** What {@link #assign} says: a read of a zone, to evaluate, or a read that is not decided. */
  public sealed interface Intake {
    /** The read belongs to a zone: evaluate it. */
    record Accepted(ReadFacts read) implements Intake {}

    /** The read is not decided; {@code decision} says why (UNKNOWN_CAMERA). */
    record NotDecided(Decision decision) implements Intake {}
  }

  private final Duration allowedLateness;

  /** @param allowedLateness how far behind the event time a read is still decided */
  public ReadIntake(Duration allowedLateness) {
    Objects.requireNonNull(allowedLateness, "allowedLateness");
    if (allowedLateness.isNegative()) throw new IllegalArgumentException("allowedLateness must not be negative");
    this.allowedLateness = allowedLateness;
  }

  public Duration allowedLateness() {
    return allowedLateness;
  }

  /**
   * Whether a read captured at {@code capturedAt} is too late at event time {@code eventTime}: it
   * is captured before {@code eventTime - allowedLateness}. A null event time (nothing seen yet)
   * makes nothing late.
   */
  public boolean isLate(Instant capturedAt, Instant eventTime) {
    if (eventTime == null) return false;
    Instant threshold;
    try {
      threshold = eventTime.minus(allowedLateness);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return false; // an event time at the start of time: nothing is older
    }
    return capturedAt.isBefore(threshold);
  }

  /**
   * On arrival: DUPLICATE_READ when the read id was seen before, LATE_READ when it is too late;
   * empty when the read is admitted (to be decided now or when the event time reaches it).
   *
   * @param vehicleKey the key as read (decisions name the vehicle by key, never by plate)
   * @param eventTime the event time (watermark) now; null when none yet
   */
  public Optional<Decision> admit(
      String readId, String vehicleKey, Instant capturedAt, Instant eventTime, boolean readIdSeenBefore) {
    if (readIdSeenBefore) {
      return Optional.of(Decision.notDecided(Outcome.DUPLICATE_READ, readId, vehicleKey, "", "intake:duplicate-read",
          "read id already seen: the read was decided once and is not decided again"));
    }
    if (isLate(capturedAt, eventTime)) {
      return Optional.of(Decision.notDecided(Outcome.LATE_READ, readId, vehicleKey, "", "event-time:late-read",
          "captured at " + capturedAt + ", more than the allowed lateness " + allowedLateness
              + " behind the enforcement's event time " + eventTime
              + "; not decided, kept on the late-read output for reprocessing"));
    }
    return Optional.empty();
  }

  /**
   * When the read is decided: the zone of its camera, or UNKNOWN_CAMERA.
   *
   * @param zoneOfCamera the camera registry's zone for the camera, or null when it has none (unknown
   *     or inactive camera)
   * @param cameraProblem why the camera has no zone (e.g. "camera cam-9 is not in the registry");
   *     used only when {@code zoneOfCamera} is null
   */
  public Intake assign(
      String readId, String cameraId, Instant capturedAt, String vehicleKey, String country, float confidence,
      String imageSha256, String zoneOfCamera, String cameraProblem) {
    if (zoneOfCamera == null || zoneOfCamera.isEmpty()) {
      String problem = cameraProblem == null || cameraProblem.isEmpty()
          ? "camera " + cameraId + " maps to no zone"
          : cameraProblem;
      return new Intake.NotDecided(Decision.notDecided(Outcome.UNKNOWN_CAMERA, readId, vehicleKey, "",
          "camera-registry:unknown-camera", problem + "; the read cannot be assigned to a zone and is not enforced"));
    }
    return new Intake.Accepted(
        new ReadFacts(readId, cameraId, zoneOfCamera, capturedAt, vehicleKey, country, confidence, imageSha256));
  }
}
