package io.lezflow.rules.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.Decision;
import io.lezflow.rules.decision.DropReason;
import io.lezflow.rules.decision.FinalDecision;
import io.lezflow.rules.decision.FinalOutcome;
import io.lezflow.rules.decision.Outcome;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.VehicleHistory;
import io.lezflow.rules.ledger.HistoryEntry.Kind;
import io.lezflow.rules.model.ViolationType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ledger decisions the operator no longer takes: already emitted, what a decision adds to history, retention. */
class LedgerDeciderTest {
  private static final String CAR = "BE:1ABC234";
  private static final LocalDate DAY = LocalDate.parse("2026-03-20");
  private static final LedgerDecider LEDGER = new LedgerDecider(Duration.ofDays(400));

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      nothing known                          | -        | -          | brussels | false
      a fine that day                        | FINE     | 2026-03-20 | brussels | true
      a warning that day                     | WARNING  | 2026-03-20 | brussels | true
      a fine the day before                  | FINE     | 2026-03-19 | brussels | false
      a day pass that day: no violation      | DAY_PASS | 2026-03-20 | brussels | false
      a fine that day in another zone        | FINE     | 2026-03-20 | antwerp  | false
      """)
  void aCandidateIsAlreadyEmittedWhenItsVehicleZoneAndDayHaveAFineOrWarning(
      String name, String kind, String day, String zone, boolean emitted) {
    VehicleLedger ledger = new VehicleLedger();
    if (!kind.equals("-")) LEDGER.load(ledger, new HistoryEntry(CAR, zone, Kind.valueOf(kind), LocalDate.parse(day)), 0L);

    var drop = LEDGER.alreadyEmitted(ledger, candidate());

    assertThat(drop.isPresent()).isEqualTo(emitted);
    drop.ifPresent(d -> {
      assertThat(d.outcome()).isEqualTo(FinalOutcome.DROP);
      assertThat(d.dropReason()).isEqualTo(DropReason.ALREADY_FINED_THAT_DAY);
      assertThat(d.explanation()).doesNotContain("1ABC234");
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a warning is a warning day                  | WARNING                    | -       | WARNING
      permitted by a day pass: a day-pass day     | PERMITTED                  | PASS-1  | DAY_PASS
      permitted by another permit: nothing        | PERMITTED                  | CHARGE  | -
      a candidate: nothing yet (its final decides) | CANDIDATE                  | -       | -
      compliant: nothing                          | COMPLIANT                  | -       | -
      warned earlier that day: nothing new        | ALREADY_WARNED             | -       | -
      """)
  void whatAReadDecisionAddsToTheHistory(String name, String outcome, String permitId, String added) {
    VehicleLedger ledger = new VehicleLedger();
    Decision d = new Decision(Outcome.valueOf(outcome), "c:1", CAR, "brussels", 2, DAY, "r", "e",
        permitId.equals("-") ? null : permitId, null, null, null, null, null);
    Permits permits = Permits.builder().dayPass("PASS-1", DAY, Instant.parse("2026-03-19T20:00:00Z")).build();

    List<HistoryEntry> entries = LEDGER.afterRead(ledger, d, permits);

    assertThat(entries.stream().map(e -> e.kind().name()).findFirst().orElse("-")).isEqualTo(added);
    // The same decision again (a replay of the same read) adds nothing: loading is a set union.
    assertThat(LEDGER.afterRead(ledger, d, permits)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      an issued fine                       | ISSUE         | false | -                 | FINE
      a fine for review counts as a fine   | MANUAL_REVIEW | false | -                 | FINE
      a warning at finalisation            | ISSUE         | true  | -                 | WARNING
      dropped by a day pass bought in time | DROP          | false | DAY_PASS_IN_TIME  | DAY_PASS
      dropped by a fine limit: nothing     | DROP          | false | FINE_LIMIT_MINIMUM_GAP | -
      """)
  void whatAFinalDecisionAddsToTheHistory(String name, String outcome, boolean warning, String drop, String added) {
    VehicleLedger ledger = new VehicleLedger();
    FinalDecision fd = new FinalDecision(FinalOutcome.valueOf(outcome), candidate(), ViolationType.EMISSION_BAN, "v", CAR,
        2, 0, "EUR", warning, drop.equals("-") ? null : DropReason.valueOf(drop), "r", "e", null);

    List<HistoryEntry> entries = LEDGER.afterFinal(ledger, fd);

    assertThat(entries.stream().map(e -> e.kind().name()).findFirst().orElse("-")).isEqualTo(added);
    if (!added.equals("-")) assertThat(entries.get(0).day()).isEqualTo(DAY);
  }

  @Test
  void historyIsKeptForItsRetentionThenForgottenAndTheLedgerGoesEmpty() {
    VehicleLedger ledger = new VehicleLedger();
    LEDGER.load(ledger, new HistoryEntry(CAR, "brussels", Kind.FINE, DAY), 0L);
    LEDGER.load(ledger, new HistoryEntry(CAR, "brussels", Kind.WARNING, DAY.plusDays(10)), 0L);
    long end = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofDays(400)).toEpochMilli();
    assertThat(ledger.historyDueMs).isEqualTo(end);

    LEDGER.forgetEnded(ledger, end - 1);
    assertThat(ledger.historyOf(CAR, "brussels").fineDays()).containsExactly(DAY);

    LEDGER.forgetEnded(ledger, end);
    assertThat(ledger.historyOf(CAR, "brussels")).isEqualTo(new VehicleHistory(List.of(), List.of(DAY.plusDays(10)), List.of()));
    assertThat(ledger.historyDueMs).isEqualTo(end + Duration.ofDays(10).toMillis());

    LEDGER.forgetEnded(ledger, end + Duration.ofDays(10).toMillis());
    assertThat(ledger.isEmpty()).isTrue();
    // An entry already past its retention when loaded is not kept at all.
    assertThat(LEDGER.load(ledger, new HistoryEntry(CAR, "brussels", Kind.FINE, DAY), end)).isEmpty();
  }

  @Test
  void theLedgerStateBytesRoundTripWithEveryNamedField() {
    VehicleLedger ledger = new VehicleLedger();
    ledger.heldReadsDueMs = 1;
    ledger.candidatesDueMs = 2;
    ledger.seenReadsDueMs = 3;
    ledger.permitsDueMs = 4;
    ledger.holdsPermits = true;
    ledger.lastCleanupTimerMs = 5;
    LEDGER.load(ledger, new HistoryEntry(CAR, "brussels", Kind.FINE, DAY), 0L);
    LEDGER.load(ledger, new HistoryEntry(CAR, "antwerp", Kind.DAY_PASS, DAY), 0L);
    LEDGER.load(ledger, new HistoryEntry("BE:10BX234", "brussels", Kind.WARNING, DAY), 0L);

    VehicleLedger back = VehicleLedger.decode(ledger.encode());

    assertThat(back).isEqualTo(ledger);
    assertThat(back.historyOf(CAR, "antwerp").dayPassDays()).containsExactly(DAY);
    assertThat(VehicleLedger.decode(null).isEmpty()).isTrue();
    assertThat(ledger.toString()).doesNotContain("1ABC234");
  }

  private static Candidate candidate() {
    return new Candidate("c:1", "c", "brussels", 2, Instant.parse("2026-03-20T08:00:00Z"), DAY,
        Instant.parse("2026-03-21T23:00:00Z"), CAR, CAR, "BE", 0.95f, "", ViolationType.EMISSION_BAN,
        "brussels@v2:ban-step/x", "banned", null, null, "", "brussels-2026-03-20-x");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      the violation's first read, nothing emitted: a row         | true  | -       | true
      a later read of a waiting violation: no second row         | false | -       | false
      first read, but fined that day already: no row              | true  | FINE    | false
      first read, but warned that day already: no row             | true  | WARNING | false
      """)
  void aCandidateOpensARowOnlyForTheFirstReadOfAViolationNotYetEmitted(
      String name, boolean first, String emittedKind, boolean opens) {
    VehicleLedger ledger = new VehicleLedger();
    if (!emittedKind.equals("-")) LEDGER.load(ledger, new HistoryEntry(CAR, "brussels", Kind.valueOf(emittedKind), DAY), 0L);
    assertThat(LEDGER.opensCandidateRow(ledger, candidate(), first)).isEqualTo(opens);
  }
}
