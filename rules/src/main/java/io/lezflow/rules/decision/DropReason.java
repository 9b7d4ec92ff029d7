package io.lezflow.rules.decision;

/** Why a candidate violation was dropped when its grace window closed. */
public enum DropReason {
  /** An individual exemption covering the read was granted meanwhile. */
  INDIVIDUAL_EXEMPTION,
  /** A day pass covering the read was bought before its purchase deadline (and within the yearly limit). */
  DAY_PASS_IN_TIME,
  /** The foreign vehicle was registered in time and is not in violation otherwise. */
  REGISTERED_IN_TIME,
  /**
   * The foreign vehicle was registered in time, but the register has no (complete) entry for it:
   * no emission rule can be applied. Counted like UNKNOWN_VEHICLE, never a fine.
   */
  REGISTERED_IN_TIME_VEHICLE_UNKNOWN,
  /** The daily charge for the day was paid before its deadline. */
  CHARGE_PAID_IN_TIME,
  /** The vehicle was already fined in this zone on this enforcement day (one violation per day). */
  ALREADY_FINED_THAT_DAY,
  /** A previous fine is too recent: the zone's minimum gap between fines has not passed. */
  FINE_LIMIT_MINIMUM_GAP,
  /**
   * No version of the zone's policy is in force at the read's capture time any more (every version
   * covering it was withdrawn while the candidate waited): without the rules it rests on, no fine.
   */
  NO_POLICY_IN_FORCE
}
