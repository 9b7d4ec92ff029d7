package io.lezflow.rules.ledger;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One thing the zone did to one vehicle on one enforcement day that later decisions depend on: a
 * fine (fine limits, escalation, warning-first), a warning (warning-first: the "fineable from"
 * clock) or a day pass used (the yearly allowance). What the history topic and a replay's history
 * file carry, and what the job publishes of its own decisions.
 */
public record HistoryEntry(String vehicleKey, String zoneId, Kind kind, LocalDate day) {

  public enum Kind {
    FINE,
    WARNING,
    DAY_PASS
  }

  public HistoryEntry {
    Objects.requireNonNull(vehicleKey, "vehicleKey");
    Objects.requireNonNull(zoneId, "zoneId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(day, "day");
  }

  /** Without the vehicle key: this string may end up in a log line. */
  @Override
  public String toString() {
    return "HistoryEntry{" + kind + " " + zoneId + " " + day + "}";
  }
}
