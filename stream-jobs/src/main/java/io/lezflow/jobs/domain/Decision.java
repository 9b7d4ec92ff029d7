package io.lezflow.jobs.domain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The enforcement decision for one read under one zone rule, with the text a reviewer reads to
 * check it.
 *
 * <p>Invariant: {@link #fineCents} is non-zero only for a {@link Outcome#VIOLATION}; the
 * enforcement day is the capture date in the zone's time zone (the day the fine limits count).
 */
public record Decision(
    Outcome outcome,
    String zoneId,
    String ruleName,
    int policyVersion,
    LocalDate enforcementDay,
    String explanation,
    long fineCents,
    String currency) {

  /** Violation type of an emission-ban violation, as stored in {@code violations.violation_type}. */
  public static final String EMISSION_BAN = "EMISSION_BAN";

  public Decision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(enforcementDay, "enforcementDay");
    Objects.requireNonNull(explanation, "explanation");
    if (outcome != Outcome.VIOLATION && fineCents != 0) {
      throw new IllegalArgumentException("only a violation carries a fine, not " + outcome);
    }
  }

  public boolean isViolation() {
    return outcome == Outcome.VIOLATION;
  }
}
