package io.lezflow.rules.decision;

/** What {@link EnforcementDecider#evaluate} says about one read. Only CANDIDATE needs a second step. */
public enum Outcome {
  /** The vehicle is not banned (and, in a charging zone, owes no charge) on that day. */
  COMPLIANT,
  /** Exempt by policy (category, fuel, historic, priority) or by an individual exemption. */
  EXEMPT,
  /** Banned, but covered by a permit: a day pass or a paid daily charge. */
  PERMITTED,
  /** Banned, but the read is outside the enforcement hours or on a charge-free day. */
  OUTSIDE_ENFORCEMENT_WINDOW,
  /** Banned by a step still in its warning-only period: a warning, never a fine. */
  WARNING,
  /** No register entry matches the plate (or its entry lacks category/fuel): its own outcome, never a fine. */
  UNKNOWN_VEHICLE,
  /**
   * A violation that must wait until {@code Candidate.decideAt()} — the end of the grace window in
   * which a day pass, registration or charge payment can still make it go away — and is then
   * decided by {@link EnforcementDecider#finalise}.
   */
  CANDIDATE,
  /** The zone has no policy version in force at the capture time. */
  NO_POLICY_IN_FORCE
}
