package io.lezflow.rules.decision;

/**
 * What the rules say about one read: {@link EnforcementDecider#evaluate} answers COMPLIANT to
 * NO_POLICY_IN_FORCE, {@link ReadIntake} UNKNOWN_CAMERA, LATE_READ and DUPLICATE_READ (a read that is
 * never decided), a replay's input check REJECTED_READ. Only CANDIDATE needs a second
 * step ({@link EnforcementDecider#finalise}).
 */
public enum Outcome {
  /** The vehicle is not banned (and, in a charging zone, owes no charge) on that day. */
  COMPLIANT,
  /** Exempt by policy (category, fuel, historic, use) or by an individual exemption. */
  EXEMPT,
  /** Banned, but covered by a permit: a day pass or a paid daily charge. */
  PERMITTED,
  /** Banned, but the read is outside the enforcement hours or on a charge-free day. */
  OUTSIDE_ENFORCEMENT_WINDOW,
  /**
   * Banned, and a warning is due, never a fine: the step's fixed warning period, or the vehicle's
   * first detection under a warning-first step. {@code Decision.fineableFrom()} says from when a
   * fine is possible. A warning is a record of its own (operators send warning letters).
   */
  WARNING,
  /** Banned and warned earlier the same enforcement day: that warning stands, no second one. */
  ALREADY_WARNED,
  /**
   * Banned under a warning-first step, warned on an earlier day, but not yet fineable: the
   * detection is before {@code Decision.fineableFrom()} (warning day + the step's period).
   */
  WARNED_NOT_YET_FINEABLE,
  /** No register entry matches the plate (or its entry lacks category/fuel): its own outcome, never a fine. */
  UNKNOWN_VEHICLE,
  /**
   * A violation that must wait until {@code Candidate.decideAt()} — the end of the grace window in
   * which a day pass, registration or charge payment can still make it go away — and is then
   * decided by {@link EnforcementDecider#finalise}.
   */
  CANDIDATE,
  /** The zone has no policy version in force at the capture time (or none is known at all). */
  NO_POLICY_IN_FORCE,
  /** The read's camera maps to no zone (unknown or inactive camera): not enforced ({@link ReadIntake}). */
  UNKNOWN_CAMERA,
  /** Captured more than the allowed lateness behind the event time: not decided ({@link ReadIntake}). */
  LATE_READ,
  /** A read id already seen: the read was decided once, it is not decided again ({@link ReadIntake}). */
  DUPLICATE_READ,
  /**
   * The read message itself cannot be enforced (no plate, no capture time ...): a replay's input
   * check names the reason (live, the ingest dead-letters such a read before it gets here).
   */
  REJECTED_READ
}
