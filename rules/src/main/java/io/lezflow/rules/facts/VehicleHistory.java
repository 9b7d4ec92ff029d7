package io.lezflow.rules.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What the zone has already done to one vehicle, as far as the rules care — loaded from outside
 * (a history topic, a replay's history file) or kept by a stream processor, so that a decision
 * taken on a fresh state is the one a job that had run all year would take:
 *
 * <ul>
 *   <li>{@code fineDays}: enforcement days of the fines issued to it in this zone (fine limits,
 *       escalation, the warning-first rule);
 *   <li>{@code warningDays}: enforcement days of the warnings sent to it in this zone (warning-first:
 *       the first warning of a step starts the "fineable from" clock; one warning per day);
 *   <li>{@code dayPassDays}: days for which a day pass was honoured (they count toward the yearly
 *       allowance together with the passes in {@link Permits}; a day in both counts once).
 * </ul>
 *
 * <p>Each list sorted, without duplicates. Immutable; the {@code with...} methods return a new one.
 */
public record VehicleHistory(List<LocalDate> fineDays, List<LocalDate> warningDays, List<LocalDate> dayPassDays) {

  private static final VehicleHistory NONE = new VehicleHistory(List.of(), List.of(), List.of());

  public VehicleHistory {
    fineDays = sortedUnique(fineDays);
    warningDays = sortedUnique(warningDays);
    dayPassDays = sortedUnique(dayPassDays);
  }

  /** Fines only. */
  public VehicleHistory(List<LocalDate> fineDays) {
    this(fineDays, List.of(), List.of());
  }

  public static VehicleHistory none() {
    return NONE;
  }

  public static VehicleHistory ofFineDays(LocalDate... days) {
    return new VehicleHistory(List.of(days));
  }

  public static VehicleHistory ofFineDays(Collection<LocalDate> days) {
    return new VehicleHistory(new ArrayList<>(days));
  }

  /** This history with one more fine (what a stream processor stores after an ISSUE). */
  public VehicleHistory withFine(LocalDate day) {
    return new VehicleHistory(plus(fineDays, day), warningDays, dayPassDays);
  }

  /** This history with one more warning (what a stream processor stores after a WARNING). */
  public VehicleHistory withWarning(LocalDate day) {
    return new VehicleHistory(fineDays, plus(warningDays, day), dayPassDays);
  }

  /** This history with one more day-pass day used. */
  public VehicleHistory withDayPass(LocalDate day) {
    return new VehicleHistory(fineDays, warningDays, plus(dayPassDays, day));
  }

  public boolean finedOn(LocalDate day) {
    return fineDays.contains(day);
  }

  public boolean warnedOn(LocalDate day) {
    return warningDays.contains(day);
  }

  /** The first warning on or after {@code from} and not after {@code day}, or null. */
  public LocalDate firstWarningBetween(LocalDate from, LocalDate day) {
    return firstBetween(warningDays, from, day);
  }

  /** The first fine on or after {@code from} and not after {@code day}, or null. */
  public LocalDate firstFineBetween(LocalDate from, LocalDate day) {
    return firstBetween(fineDays, from, day);
  }

  /** Day-pass days of {@code year} strictly before {@code day}. */
  public List<LocalDate> dayPassDaysBefore(LocalDate day) {
    return dayPassDays.stream().filter(d -> d.getYear() == day.getYear() && d.isBefore(day)).toList();
  }

  /** Drops entries older than {@code oldestKept} (state clean-up: older ones limit nothing). */
  public VehicleHistory keepFrom(LocalDate oldestKept) {
    return new VehicleHistory(from(fineDays, oldestKept), from(warningDays, oldestKept), from(dayPassDays, oldestKept));
  }

  public boolean isEmpty() {
    return fineDays.isEmpty() && warningDays.isEmpty() && dayPassDays.isEmpty();
  }

  private static LocalDate firstBetween(List<LocalDate> days, LocalDate from, LocalDate day) {
    for (LocalDate d : days) {
      if (d.isAfter(day)) return null;
      if (!d.isBefore(from)) return d;
    }
    return null;
  }

  private static List<LocalDate> from(List<LocalDate> days, LocalDate oldestKept) {
    return days.stream().filter(d -> !d.isBefore(oldestKept)).toList();
  }

  private static List<LocalDate> plus(List<LocalDate> days, LocalDate day) {
    List<LocalDate> next = new ArrayList<>(days.size() + 1);
    next.addAll(days);
    next.add(day);
    return next;
  }

  private static List<LocalDate> sortedUnique(List<LocalDate> days) {
    return days == null ? List.of() : List.copyOf(new TreeSet<>(days));
  }
}
