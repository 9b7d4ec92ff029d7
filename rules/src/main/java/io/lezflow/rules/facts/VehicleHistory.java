package io.lezflow.rules.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What the zone has already done to one vehicle that matters for fine limits: the enforcement days
 * of the fines issued to it in this zone (warnings do not count). Sorted, without duplicates.
 */
public record VehicleHistory(List<LocalDate> fineDays) {

  private static final VehicleHistory NONE = new VehicleHistory(List.of());

  public VehicleHistory {
    fineDays = List.copyOf(new TreeSet<>(fineDays));
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
    List<LocalDate> next = new ArrayList<>(fineDays);
    next.add(day);
    return new VehicleHistory(next);
  }

  public boolean finedOn(LocalDate day) {
    return fineDays.contains(day);
  }

  /** Drops fines older than {@code oldestKept} (state clean-up: older fines limit nothing). */
  public VehicleHistory keepFrom(LocalDate oldestKept) {
    return new VehicleHistory(fineDays.stream().filter(d -> !d.isBefore(oldestKept)).toList());
  }
}
