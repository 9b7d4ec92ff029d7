package io.lezflow.rules.policy;

import java.time.Period;
import java.util.List;

/**
 * Limits on fining one vehicle again, applied when a candidate violation is finalised.
 *
 * <p>Every zone allows at most one violation per vehicle per enforcement day — that is built into
 * the violation id (zone, vehicle, day), so it needs no setting. On top:
 *
 * @param minimumGapBetweenFines no new fine until this period has passed since the previous fine's
 *     day (Brussels: 3 months — a fine on 15 March blocks until 14 June, 15 June may be fined); null
 *     = no gap
 * @param repeatEscalation higher amounts for repeats, or null
 */
public record FineLimits(Period minimumGapBetweenFines, RepeatEscalation repeatEscalation) {

  public static final FineLimits NONE = new FineLimits(null, null);

  /**
   * A repeat is a fine whose day is before the anniversary ({@code previous day + within}) of an
   * earlier fine. With n earlier fines within the period, the n-th repeat amount applies (the last
   * one for every further repeat); with none, the base fine.
   */
  public record RepeatEscalation(Period within, List<Long> repeatAmountsCents) {
    public RepeatEscalation {
      java.util.Objects.requireNonNull(within, "within");
      repeatAmountsCents = List.copyOf(repeatAmountsCents);
      if (repeatAmountsCents.isEmpty()) throw new IllegalArgumentException("repeatAmountsCents is empty");
    }

    public long amountForRepeat(int earlierFinesWithin) {
      return repeatAmountsCents.get(Math.min(earlierFinesWithin, repeatAmountsCents.size()) - 1);
    }
  }
}
