package io.lezflow.rules.model;

/** What a violation is for; each zone policy gives each its own fine. */
public enum ViolationType {
  /** A vehicle banned by the zone's emission steps, without a permit (ban-with-fine zones). */
  EMISSION_BAN,
  /** A foreign vehicle that had to register with the zone and did not, in time. */
  UNREGISTERED_FOREIGN,
  /** A daily charge not paid by its deadline (charging zones such as London's ULEZ). */
  UNPAID_CHARGE,
  /** A banned vehicle inside the zone's enforcement hours (time-windowed zones such as Paris). */
  TIME_WINDOW_BAN;

  public io.lezflow.schemas.v1.ViolationType toProto() {
    return io.lezflow.schemas.v1.ViolationType.valueOf("VIOLATION_TYPE_" + name());
  }
}
