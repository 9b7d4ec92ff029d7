package io.lezflow.rules.policy;

import io.lezflow.rules.model.ViolationType;

/** How a zone enforces its emission steps; each kind has its own violation type. */
public enum EnforcementKind {
  /** A banned vehicle without a permit is fined (Brussels, Antwerp, Ghent). */
  BAN_WITH_FINE(ViolationType.EMISSION_BAN),
  /** A non-compliant vehicle owes a daily charge; a penalty if unpaid by the deadline (London ULEZ). */
  DAILY_CHARGE(ViolationType.UNPAID_CHARGE),
  /** A banned vehicle is fined only inside the zone's enforcement hours (Paris ZFE). */
  TIME_WINDOWED(ViolationType.TIME_WINDOW_BAN);

  private final ViolationType violationType;

  EnforcementKind(ViolationType violationType) {
    this.violationType = violationType;
  }

  /** The violation a non-compliant vehicle commits in a zone of this kind. */
  public ViolationType violationType() {
    return violationType;
  }
}
