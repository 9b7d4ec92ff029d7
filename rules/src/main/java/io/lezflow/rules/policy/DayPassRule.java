package io.lezflow.rules.policy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A zone's day pass: a pass for day D covers D from 00:00 until {@code validUntilNextDay} on D+1
 * (Brussels: 06:00, so 05:59 on D+1 is covered and 06:00 is not); it can be bought until the end of
 * the {@code purchaseDaysAfterVisit}-th day after D (Brussels: 1 — midnight at the end of the day
 * after the visit).
 *
 * <p>How many days per vehicle per calendar year are honoured (the earliest days of the year
 * first) is a dated schedule, {@code allowances}: Brussels honoured 8 until 2022-07-14 and 24 from
 * 2022-07-15. The allowance that counts for a pass is the one in force on the pass's day.
 */
public record DayPassRule(
    long priceCents, List<Allowance> allowances, LocalTime validUntilNextDay, int purchaseDaysAfterVisit) {

  /**
   * From {@code from} (a local date; null = since the zone's start) on, at most {@code
   * maxDaysPerCalendarYear} day-pass days per vehicle per calendar year.
   */
  public record Allowance(LocalDate from, int maxDaysPerCalendarYear, String source) {
    public Allowance {
      if (maxDaysPerCalendarYear < 1) throw new IllegalArgumentException("maxDaysPerCalendarYear must be >= 1");
      source = source == null ? "" : source;
    }
  }

  public DayPassRule {
    Objects.requireNonNull(validUntilNextDay, "validUntilNextDay");
    if (allowances == null || allowances.isEmpty()) throw new IllegalArgumentException("at least one allowance");
    List<Allowance> sorted = new ArrayList<>(allowances);
    sorted.sort(Comparator.comparing(a -> a.from() == null ? LocalDate.MIN : a.from()));
    allowances = List.copyOf(sorted);
    if (purchaseDaysAfterVisit < 0) throw new IllegalArgumentException("purchaseDaysAfterVisit must be >= 0");
  }

  /** One allowance for every year. */
  public DayPassRule(long priceCents, int maxDaysPerCalendarYear, LocalTime validUntilNextDay, int purchaseDaysAfterVisit) {
    this(priceCents, List.of(new Allowance(null, maxDaysPerCalendarYear, "")), validUntilNextDay, purchaseDaysAfterVisit);
  }

  /** The yearly allowance in force on {@code day} (before the first dated one: the first). */
  public int maxDaysPerCalendarYear(LocalDate day) {
    Allowance inForce = allowances.get(0);
    for (Allowance a : allowances) {
      if (a.from() == null || !a.from().isAfter(day)) inForce = a;
    }
    return inForce.maxDaysPerCalendarYear();
  }
}
