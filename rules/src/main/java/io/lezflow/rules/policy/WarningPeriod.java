package io.lezflow.rules.policy;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A ban step's fixed warning period: on every local date from {@code from} to {@code until}
 * (both inclusive) a vehicle the step bans gets a warning, not a fine (Brussels 2020: January to
 * March; 2022 diesel Euro 4: January to June). Fines start on {@code until + 1 day}.
 */
public record WarningPeriod(LocalDate from, LocalDate until) {

  public WarningPeriod {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (until.isBefore(from)) throw new IllegalArgumentException("warning period ends " + until + " before it starts " + from);
  }

  public boolean covers(LocalDate day) {
    return !day.isBefore(from) && !day.isAfter(until);
  }

  /** The first day a fine is possible after this period. */
  public LocalDate firstFineDay() {
    return until.plusDays(1);
  }
}
