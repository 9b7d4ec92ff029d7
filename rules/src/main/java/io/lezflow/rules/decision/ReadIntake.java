package io.lezflow.rules.decision;

import io.lezflow.rules.facts.ReadFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The checks a read passes before the rules decide it, as plain Java so a stream operator holds
 * none of them: a read id seen before is a DUPLICATE_READ; a read captured more than the allowed
 * lateness behind the event time is a LATE_READ (kept for reprocessing, never decided out of
 * order); a read whose camera maps to no zone is an UNKNOWN_CAMERA. Each is a {@link Decision}
 * with its own outcome, rule id and explanation (no plate in clear).
 *
 * <p>Three steps because a stream processor learns the answers at different times: {@link #admit}
 * on arrival (dedup and lateness are about arrival), {@link #timing} right after (decide now, or
 * hold the read until the event time reaches it), {@link #assign} when the read is decided (the
 * camera registry may arrive after the read, while the read waits for the watermark).
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

  /** What {@link #timing} says: decide an admitted read now, or hold it until the event time reaches it. */
  public sealed interface Timing {
    /** Decide the read now; {@code because} says why waiting would change nothing. */
    record DecideNow(Because because) implements Timing {}

    /** Hold the read until the event time reaches {@code until} (its capture time), then decide it. */
    record HoldUntil(Instant until) implements Timing {}

    enum Because {
      /** The event time has passed the capture time: everything older is known already. */
      BEHIND_EVENT_TIME,
      /** Live, with its register entry, camera zone and zone policy known: waiting only adds latency. */
      LIVE_WITH_REFERENCE
    }
  }

  /**
   * What the caller holds for a read, for a live decision on arrival.
   *
   * @param registerEntry an exact register entry valid at the capture time
   * @param cameraZone the read's camera maps to a zone
   * @param zonePolicy that zone has a policy timeline
   */
  public record Reference(boolean registerEntry, boolean cameraZone, boolean zonePolicy) {
    public boolean complete() {
      return registerEntry && cameraZone && zonePolicy;
    }
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
   * When an admitted read is decided. Behind the event time it is decided now: nothing older can
   * still arrive. Live, it is decided now when its reference is complete: later permits still count,
   * because a candidate is settled only when its grace window closes. Otherwise (a replay, where the
   * same files must always give the same decisions, or a live read that overtook its register entry,
   * camera or policy) it waits until the event time reaches its capture time.
   *
   * @param eventTime the event time (watermark) now; null when none yet
   * @param live a live run (not a replay)
   * @param reference asked only for a live read ahead of the event time (it costs state reads)
   */
  public Timing timing(Instant capturedAt, Instant eventTime, boolean live, Supplier<Reference> reference) {
    if (eventTime != null && !capturedAt.isAfter(eventTime)) return new Timing.DecideNow(Timing.Because.BEHIND_EVENT_TIME);
    if (live && reference.get().complete()) return new Timing.DecideNow(Timing.Because.LIVE_WITH_REFERENCE);
    return new Timing.HoldUntil(capturedAt);
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
