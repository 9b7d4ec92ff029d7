package io.lezflow.rules.policy;

import java.time.LocalTime;

/**
 * A zone's day pass: a pass for day D covers D from 00:00 until {@code validUntilNextDay} on D+1
 * (Brussels: 06:00, so 05:59 on D+1 is covered and 06:00 is not); it can be bought until the end of
 * the {@code purchaseDaysAfterVisit}-th day after D (Brussels: 1 — midnight at the end of the day
 * after the visit); at most {@code maxDaysPerCalendarYear} days per vehicle per calendar year are
 * honoured (the earliest days of the year first).
 */
public record DayPassRule(
    long priceCents, int maxDaysPerCalendarYear, LocalTime validUntilNextDay, int purchaseDaysAfterVisit) {

  public DayPassRule {
    java.util.Objects.requireNonNull(validUntilNextDay, "validUntilNextDay");
    if (maxDaysPerCalendarYear < 1) throw new IllegalArgumentException("maxDaysPerCalendarYear must be >= 1");
    if (purchaseDaysAfterVisit < 0) throw new IllegalArgumentException("purchaseDaysAfterVisit must be >= 0");
  }
}
