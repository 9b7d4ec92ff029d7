package io.lezflow.rules.ledger;

import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.Decision;
import io.lezflow.rules.decision.DropReason;
import io.lezflow.rules.decision.FinalDecision;
import io.lezflow.rules.decision.FinalOutcome;
import io.lezflow.rules.decision.Outcome;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.VehicleHistory;
import io.lezflow.rules.ledger.HistoryEntry.Kind;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The decisions about a vehicle's ledger that used to live in the stream operator: whether a
 * candidate's violation was already emitted, what a decision adds to the vehicle's history (a
 * warning, a fine, a day pass used), what loaded history adds, and when history stops mattering.
 *
 * <p>"Already emitted" follows from the history: a violation id is deterministic (zone, vehicle,
 * enforcement day), so a fine or warning of that vehicle in that zone on that day is that id. A
 * history loaded from the history topic or a replay's history file therefore counts exactly like
 * the job's own earlier decisions: a job started on a fresh state decides like one that ran all
 * year.
 *
 * <p>Pure rules over a mutable {@link VehicleLedger} the caller owns; no clock, no I/O.
 */
public final class LedgerDecider {
  private final Duration historyRetention;

  /**
   * @param historyRetention how long after its day an entry is kept: at least the longest fine
   *     limit or warning-first period (and a year, for the day-pass allowance)
   */
  public LedgerDecider(Duration historyRetention) {
    this.historyRetention = Objects.requireNonNull(historyRetention, "historyRetention");
  }

  public VehicleHistory historyOf(VehicleLedger ledger, String vehicleKey, String zoneId) {
    return ledger.historyOf(vehicleKey, zoneId);
  }

  /**
   * A DROP when the candidate's violation was already emitted (a fine or a warning of the vehicle
   * in the zone on its day: a late read of a decided day, or an entry of the loaded history); empty
   * when the candidate is to be finalised.
   */
  public Optional<FinalDecision> alreadyEmitted(VehicleLedger ledger, Candidate c) {
    VehicleHistory h = ledger.historyOf(c.vehicleKey(), c.zoneId());
    LocalDate day = c.enforcementDay();
    if (!h.finedOn(day) && !h.warnedOn(day)) return Optional.empty();
    String what = h.finedOn(day) ? "a fine" : "a warning";
    return Optional.of(new FinalDecision(FinalOutcome.DROP, c, c.violationType(), c.violationId(), c.vehicleKey(),
        c.policyVersion(), 0, null, false, DropReason.ALREADY_FINED_THAT_DAY, c.rule(),
        c.explanation() + "; but violation " + c.violationId() + " (" + what
            + ") was already emitted for this vehicle, zone and day: at most one violation per vehicle per day",
        null));
  }

  /**
   * Whether a candidate opens a candidate row in the store (status AWAITING_GRACE): only the first
   * read of its violation id does, and not when the violation was already emitted (the store's row
   * of that id is the violation itself; the candidate is dropped when its window closes).
   *
   * @param firstReadOfViolation no candidate of this violation id is waiting yet
   */
  public boolean opensCandidateRow(VehicleLedger ledger, Candidate c, boolean firstReadOfViolation) {
    return firstReadOfViolation && alreadyEmitted(ledger, c).isEmpty();
  }

  /**
   * What a read decision adds to the history: a WARNING its warning day; a read PERMITTED by a day
   * pass the pass's day (it counts for the yearly allowance after the permit itself is forgotten).
   *
   * @param permits the permits the decision was made with (to tell a day pass from other permits)
   * @return the entries added (for the history topic); empty when nothing changed
   */
  public List<HistoryEntry> afterRead(VehicleLedger ledger, Decision d, Permits permits) {
    if (d.enforcementDay() == null || d.zoneId() == null || d.zoneId().isEmpty()) return List.of();
    if (d.outcome() == Outcome.WARNING) {
      return add(ledger, new HistoryEntry(d.vehicleKey(), d.zoneId(), Kind.WARNING, d.enforcementDay()));
    }
    if (d.outcome() == Outcome.PERMITTED && d.permitId() != null) {
      for (Permits.DayPass pass : permits.dayPasses()) {
        if (pass.permitId().equals(d.permitId())) {
          return add(ledger, new HistoryEntry(d.vehicleKey(), d.zoneId(), Kind.DAY_PASS, pass.day()));
        }
      }
    }
    return List.of();
  }

  /**
   * What a final decision adds: ISSUE and MANUAL_REVIEW a fine (a fine for review counts for the
   * fine limits too: a missed fine is better than a second one), or a warning when it is one; a
   * drop by a day pass bought in time the candidate's day as a day pass used.
   */
  public List<HistoryEntry> afterFinal(VehicleLedger ledger, FinalDecision fd) {
    Candidate c = fd.candidate();
    if (fd.outcome() == FinalOutcome.DROP) {
      if (fd.dropReason() != DropReason.DAY_PASS_IN_TIME) return List.of();
      return add(ledger, new HistoryEntry(fd.vehicleKey(), c.zoneId(), Kind.DAY_PASS, c.enforcementDay()));
    }
    Kind kind = fd.warningOnly() ? Kind.WARNING : Kind.FINE;
    return add(ledger, new HistoryEntry(fd.vehicleKey(), c.zoneId(), kind, c.enforcementDay()));
  }

  /**
   * Adds an entry of loaded history (the history topic, a history file, the job's own decisions
   * read back): a set union, so the same entry twice is one. Entries already past their retention
   * at {@code eventTimeMs} are ignored.
   *
   * @return the entry when it was new, else empty
   */
  public List<HistoryEntry> load(VehicleLedger ledger, HistoryEntry entry, long eventTimeMs) {
    if (endOf(entry.day()) <= eventTimeMs) return List.of();
    return add(ledger, entry);
  }

  /** Forgets the entries whose retention ended at or before {@code eventTimeMs}; recomputes the ledger's history due. */
  public void forgetEnded(VehicleLedger ledger, long eventTimeMs) {
    if (ledger.historyDueMs > eventTimeMs) return;
    LocalDate oldestKept = LocalDate.ofEpochDay(Math.floorDiv(eventTimeMs - historyRetention.toMillis(), 86_400_000L) + 1);
    long due = VehicleLedger.NOTHING_DUE;
    List<String[]> keys = new ArrayList<>();
    for (Map.Entry<String, ? extends Map<String, VehicleHistory>> v : ledger.histories().entrySet()) {
      for (String zone : v.getValue().keySet()) keys.add(new String[] {v.getKey(), zone});
    }
    for (String[] k : keys) {
      VehicleHistory kept = ledger.historyOf(k[0], k[1]).keepFrom(oldestKept);
      ledger.putHistory(k[0], k[1], kept);
      due = Math.min(due, earliestEnd(kept));
    }
    ledger.historyDueMs = due;
  }

  /** When an entry of {@code day} stops mattering: the start of its day (UTC) plus the retention. */
  public long endOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + historyRetention.toMillis();
  }

  private List<HistoryEntry> add(VehicleLedger ledger, HistoryEntry e) {
    VehicleHistory h = ledger.historyOf(e.vehicleKey(), e.zoneId());
    VehicleHistory next = switch (e.kind()) {
      case FINE -> h.finedOn(e.day()) ? h : h.withFine(e.day());
      case WARNING -> h.warnedOn(e.day()) ? h : h.withWarning(e.day());
      case DAY_PASS -> h.dayPassDays().contains(e.day()) ? h : h.withDayPass(e.day());
    };
    if (next == h) return List.of();
    ledger.putHistory(e.vehicleKey(), e.zoneId(), next);
    ledger.historyDueMs = Math.min(ledger.historyDueMs, endOf(e.day()));
    return List.of(e);
  }

  private long earliestEnd(VehicleHistory h) {
    LocalDate first = null;
    for (List<LocalDate> days : List.of(h.fineDays(), h.warningDays(), h.dayPassDays())) {
      if (!days.isEmpty() && (first == null || days.get(0).isBefore(first))) first = days.get(0);
    }
    return first == null ? VehicleLedger.NOTHING_DUE : endOf(first);
  }
}
