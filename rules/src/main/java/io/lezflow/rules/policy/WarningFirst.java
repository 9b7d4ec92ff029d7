package io.lezflow.rules.policy;

import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;

/**
 * A ban step's per-vehicle warning rule (Brussels 2026 step): a vehicle's first detection under
 * the step gets a warning letter; a fine is possible only for a detection on or after the warning
 * day plus {@code fineableAfter}, and then at most one fine per {@code atMostOneFinePer}. A car
 * first seen on 20 March is fineable from 20 June ({@code P3M}), not from 1 April.
 *
 * <p>"Plus a period" is calendar arithmetic ({@link LocalDate#plus}): 30 November + P3M is 28 (or
 * 29) February, the end of the month when the day does not exist.
 */
public record WarningFirst(Period fineableAfter, Period atMostOneFinePer) {

  public WarningFirst {
    Objects.requireNonNull(fineableAfter, "fineableAfter");
    if (fineableAfter.isNegative() || fineableAfter.isZero()) throw new IllegalArgumentException("fineableAfter must be positive");
    atMostOneFinePer = atMostOneFinePer == null ? fineableAfter : atMostOneFinePer;
    if (atMostOneFinePer.isNegative() || atMostOneFinePer.isZero()) {
      throw new IllegalArgumentException("atMostOneFinePer must be positive");
    }
  }

  /** The first day a vehicle warned on {@code warningDay} may be fined. */
  public LocalDate fineableFrom(LocalDate warningDay) {
    return warningDay.plus(fineableAfter);
  }
}
