package io.lezflow.jobs.enforce;

import java.util.Objects;

/**
 * A violation the enforcement has emitted (keyed state, by violation id): it is never emitted
 * again, and, when it is a fine (not a warning), it counts for the zone's fine limits (minimum gap,
 * repeat escalation) of later candidates of the same vehicle.
 *
 * <p>Invariant: removed once the watermark passes {@link #expiresAtMs} — the end of the longest
 * fine limit for a fine, a couple of days for a warning. A Flink POJO.
 */
public class EmittedViolation {
  public String zoneId;
  public String vehicleKey;
  /** Enforcement day, epoch day of the zone-local date. */
  public long epochDay;
  /** A fine (ISSUE or MANUAL_REVIEW); false for a warning. */
  public boolean fine;
  public long expiresAtMs;

  public EmittedViolation() {}

  public EmittedViolation(String zoneId, String vehicleKey, long epochDay, boolean fine, long expiresAtMs) {
    this.zoneId = zoneId;
    this.vehicleKey = vehicleKey;
    this.epochDay = epochDay;
    this.fine = fine;
    this.expiresAtMs = expiresAtMs;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof EmittedViolation other)) return false;
    return epochDay == other.epochDay
        && fine == other.fine
        && expiresAtMs == other.expiresAtMs
        && Objects.equals(zoneId, other.zoneId)
        && Objects.equals(vehicleKey, other.vehicleKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(zoneId, epochDay, expiresAtMs);
  }

  @Override
  public String toString() {
    return "EmittedViolation{zone=" + zoneId + ", epochDay=" + epochDay + ", fine=" + fine + "}";
  }
}
