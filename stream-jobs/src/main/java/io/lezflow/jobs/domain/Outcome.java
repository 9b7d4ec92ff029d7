package io.lezflow.jobs.domain;

/** What the enforcement decided for one read. Stored as text in {@code sightings.outcome}. */
public enum Outcome {
  /** The vehicle may be in the zone. */
  COMPLIANT,
  /** The vehicle may not be in the zone: a fine is due (at most one per vehicle, zone and day). */
  VIOLATION,
  /** The rule would ban the vehicle, but an exemption applies (category, fuel, age, priority). */
  EXEMPT,
  /** The register does not know the vehicle (or lacks the facts the rule needs): no automatic decision. */
  UNKNOWN_VEHICLE
}
