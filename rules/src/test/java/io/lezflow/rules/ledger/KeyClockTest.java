package io.lezflow.rules.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The event-time bookkeeping the operator no longer does itself: lateness and dedup ends, clean-up
 * slots and when a timer is (not) registered again, which entries a timer finds due and in which
 * order, and the ledger's due instants after each answer. Instants are small numbers of ms; the
 * allowed lateness is 10.
 */
class KeyClockTest {
  private static final long NONE = VehicleLedger.NOTHING_DUE;
  private static final long HOUR = KeyClock.CLEANUP_GRANULARITY_MS;
  private static final KeyClock CLOCK = new KeyClock(Duration.ofMillis(10));

  @ParameterizedTest(name = "watermark {0}: late before {1}")
  @CsvSource({
    "100, 90",
    "10, 0",
    "0, -10",
    // The initial watermark: nothing is late, and no underflow.
    "-9223372036854775808, -9223372036854775808",
    "-9223372036854775800, -9223372036854775808",
  })
  void readsAreLateTheAllowedLatenessBehindTheWatermark(long watermark, long lateBefore) {
    assertThat(CLOCK.lateBefore(watermark)).isEqualTo(lateBefore);
  }

  @ParameterizedTest(name = "captured at {0}: dedup memory ends at {1}")
  @CsvSource({"100, 111", "0, 11", "9223372036854775800, 9223372036854775807"})
  void theDedupMemoryEndsOnePastTheLastDecidableInstant(long capturedAt, long end) {
    assertThat(CLOCK.dedupEnd(capturedAt)).isEqualTo(end);
    // Still decidable at capture + lateness (not late), so still a duplicate then.
    if (end != NONE) assertThat(end - 1 - 10).isEqualTo(capturedAt);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      valid, ends after the watermark     | false | 101 | 100 | true
      ends exactly at the watermark        | false | 100 | 100 | false
      ended before the watermark           | false | 50  | 100 | false
      revoked, would still be valid        | true  | 500 | 100 | false
      kept for good                        | false | 9223372036854775807 | 100 | true
      unusable bytes end at once           | false | -9223372036854775808 | -9223372036854775808 | false
      """)
  void aPermitChangeIsKeptWhileItCanStillGrantSomething(
      String name, boolean revoked, long usefulUntil, long watermark, boolean kept) {
    assertThat(KeyClock.keepsPermit(revoked, usefulUntil, watermark)).isEqualTo(kept);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      an end inside an hour rounds up to the next hour    | 5               | -1      | -9223372036854775808 | 3600000
      an end on the hour stays                            | 3600000         | -1      | -9223372036854775808 | 3600000
      one ms past the hour: the next                      | 3600001         | -1      | -9223372036854775808 | 7200000
      same slot as the last timer, not fired: none        | 10              | 5       | 3600000              | -
      same slot, but the watermark reached it: again      | 10              | 3600000 | 3600000              | 3600000
      another slot: registered                            | 3600001         | 5       | 3600000              | 7200000
      nothing ends: none                                  | 9223372036854775807 | -1  | -9223372036854775808 | -
      near the end of time: no overflow                   | 9223372036854775000 | -1  | -9223372036854775808 | 9223372036854775807
      """)
  void aCleanupTimerCoversAnEndAndIsNotRegisteredTwice(
      String name, long end, long watermark, long lastTimer, String expected) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.lastCleanupTimerMs = lastTimer;

    OptionalLong timer = CLOCK.cleanupTimer(ledger, end, watermark);

    assertThat(timer.isPresent() ? String.valueOf(timer.getAsLong()) : "-").isEqualTo(expected);
    if (timer.isPresent()) assertThat(ledger.lastCleanupTimerMs).isEqualTo(timer.getAsLong());
    if (timer.isEmpty()) assertThat(ledger.lastCleanupTimerMs).isEqualTo(lastTimer);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a new violation id: a timer at its due instant       | -    | 500 | 500
      a later read moved the due instant: a new timer      | 400  | 500 | 500
      same due instant: its timer has not fired, none      | 500  | 500 | -
      """)
  void aPendingCandidateRegistersATimerOnlyWhenItsDueInstantIsNew(String name, String previous, long due, String timer) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.candidatesDueMs = 450;

    OptionalLong t = CLOCK.pending(ledger, previous.equals("-") ? null : Long.valueOf(previous), due);

    assertThat(t.isPresent() ? String.valueOf(t.getAsLong()) : "-").isEqualTo(timer);
    assertThat(ledger.candidatesDueMs).as("earliest due kept").isEqualTo(450);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a held read: due at its capture, the ledger's earliest    | 300 | 300
      an earlier held read becomes the earliest                 | 100 | 100
      """)
  void aHeldReadIsDueAtItsCaptureTime(String name, long capturedAt, long earliest) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.heldReadsDueMs = 300;
    assertThat(CLOCK.held(ledger, capturedAt)).isEqualTo(capturedAt);
    assertThat(ledger.heldReadsDueMs).isEqualTo(earliest);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      the key's first read id: due at its dedup end, a clean-up timer | false | 100 | 111 | 3600000
      a later read id, same slot: the earliest end stays, no timer    | true  | 200 | 111 | -
      """)
  void aRememberedReadIdIsDueAtItsDedupEnd(String name, boolean earlierRead, long capturedAt, long due, String timer) {
    VehicleLedger ledger = new VehicleLedger();
    if (earlierRead) CLOCK.remembered(ledger, 100, 0);

    OptionalLong t = CLOCK.remembered(ledger, capturedAt, 0);

    assertThat(ledger.seenReadsDueMs).isEqualTo(due);
    assertThat(t.isPresent() ? String.valueOf(t.getAsLong()) : "-").isEqualTo(timer);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a permit with an end: held, due then, a clean-up timer   | 7200000             | 7200000 | 7200000
      a permit kept for good: held, nothing due, no timer      | 9223372036854775807 | 9223372036854775807 | -
      """)
  void aKeptPermitMakesTheKeyHoldPermits(String name, long usefulUntil, long due, String timer) {
    VehicleLedger ledger = new VehicleLedger();
    OptionalLong t = CLOCK.permitKept(ledger, usefulUntil, 0);
    assertThat(ledger.holdsPermits).isTrue();
    assertThat(ledger.permitsDueMs).isEqualTo(due);
    assertThat(t.isPresent() ? String.valueOf(t.getAsLong()) : "-").isEqualTo(timer);
  }

  /** {@code "id@due"} entries, e.g. {@code "r2@30 r1@20"}, in that (state) order. */
  private static Map<String, Long> entries(String spec) {
    Map<String, Long> m = new LinkedHashMap<>();
    if (spec.isBlank()) return m;
    for (String e : spec.trim().split(" +")) m.put(e.substring(0, e.indexOf('@')), Long.parseLong(e.substring(e.indexOf('@') + 1)));
    return m;
  }

  private static <T> List<String> ids(List<KeyClock.Due<T>> due) {
    List<String> out = new ArrayList<>();
    for (KeyClock.Due<T> d : due) out.add(d.id());
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      the due ones, earliest capture first                   | r3@30 r1@10 r2@20 r4@40 | 30  | 10  | r1 r2 r3  | 40
      same capture time: by read id                          | rb@10 ra@10             | 10  | 10  | ra rb     | -
      none due yet: the ledger says so, nothing scanned      | r1@10                   | 5   | 10  |           | 10
      a stale earliest due: one scan finding nothing         | r1@50                   | 20  | 10  |           | 50
      all due: nothing left                                  | r1@10                   | 10  | 10  | r1        | -
      """)
  void aTimerFindsTheHeldReadsDueInCaptureOrder(
      String name, String held, long now, long ledgerDue, String due, String nextDue) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.heldReadsDueMs = ledgerDue;
    Map<String, Long> state = entries(held);

    List<KeyClock.Due<Long>> found = CLOCK.dueHeldReads(ledger, state.entrySet(), v -> v, now);

    assertThat(String.join(" ", ids(found))).isEqualTo(due == null ? "" : due);
    assertThat(ledger.heldReadsDueMs).isEqualTo(nextDue.equals("-") ? NONE : Long.parseLong(nextDue));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      released ones, earliest capture first; the rest stays due | r3@30 r1@10 r2@20 r4@40 | r3 r1    | r1 r3 | 20
      same capture time: by read id                             | rb@10 ra@10             | ra rb    | ra rb | -
      none released: the earliest held stays due                | r1@10 r2@20             | x        |       | 10
      nothing held: nothing scanned                             | -                       | r1       |       | -
      """)
  void heldReadsAreReleasedWhenWhatTheyWaitedForArrives(String name, String held, String release, String released, String nextDue) {
    VehicleLedger ledger = new VehicleLedger();
    Map<String, Long> state = held.equals("-") ? Map.of() : entries(held);
    ledger.heldReadsDueMs = state.values().stream().mapToLong(Long::longValue).min().orElse(NONE);
    java.util.Set<String> releasedIds = java.util.Set.of(release.split(" "));

    List<KeyClock.Due<Long>> found = CLOCK.releasedHeldReads(ledger, state.entrySet(), v -> v,
        v -> state.entrySet().stream().anyMatch(e -> e.getValue().equals(v) && releasedIds.contains(e.getKey())));

    assertThat(String.join(" ", ids(found))).isEqualTo(released == null ? "" : released);
    assertThat(ledger.heldReadsDueMs).isEqualTo(nextDue.equals("-") ? NONE : Long.parseLong(nextDue));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      due ones, the earliest first read first (fine limits in day order) | v3@20 v1@20 v2@20 v4@90 | 30:10:5:60 | 50 | v2 v1 v3 | 90
      same first read: by violation id                                   | vb@20 va@20             | 10:10    | 50 | va vb    | -
      due instant not reached: kept                                      | v1@60                   | 10       | 50 |          | 60
      """)
  void aTimerFindsTheCandidatesDueInTheOrderOfTheirFirstReads(
      String name, String pending, String firstSeen, long now, String due, String nextDue) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.candidatesDueMs = 0;
    Map<String, Long> dueAt = entries(pending);
    String[] seen = firstSeen.split(":");
    Map<String, long[]> state = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, Long> e : dueAt.entrySet()) state.put(e.getKey(), new long[] {e.getValue(), Long.parseLong(seen[i++])});

    List<KeyClock.Due<long[]>> found = CLOCK.dueCandidates(ledger, state.entrySet(), v -> v[0], v -> v[1], now);

    assertThat(String.join(" ", ids(found))).isEqualTo(due == null ? "" : due);
    assertThat(ledger.candidatesDueMs).isEqualTo(nextDue.equals("-") ? NONE : Long.parseLong(nextDue));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ended at capture + lateness + 1, kept until then     | r1@100 r2@101 r3@200 | 111 | 0   | r1     | 112
      not due by the ledger: nothing                       | r1@100               | 111 | 500 |        | 500
      all ended: nothing left                              | r1@100               | 300 | 0   | r1     | -
      """)
  void theDedupMemoriesThatEndedAreForgotten(String name, String seen, long now, long ledgerDue, String ended, String nextDue) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.seenReadsDueMs = ledgerDue;

    List<String> gone = CLOCK.endedSeenReads(ledger, entries(seen).entrySet(), now);

    assertThat(String.join(" ", gone)).isEqualTo(ended == null ? "" : ended);
    assertThat(ledger.seenReadsDueMs).isEqualTo(nextDue.equals("-") ? NONE : Long.parseLong(nextDue));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      the ended ones go, the rest set the summary        | p1@100 p2@300 p3@200 | 150 | p1     | 200 | true
      the last one went: the key holds no permits        | p1@100               | 150 | p1     | -   | false
      one kept for good: held, nothing due               | p1@100 p2@9223372036854775807 | 150 | p1 | - | true
      """)
  void permitsThatCanGrantNothingMoreAreForgotten(
      String name, String permits, long now, String ended, String nextDue, boolean holds) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.permitsDueMs = 100;
    ledger.holdsPermits = true;

    List<String> gone = CLOCK.endedPermits(ledger, entries(permits).entrySet(), v -> v, now);

    assertThat(String.join(" ", gone)).isEqualTo(ended == null ? "" : ended);
    assertThat(ledger.permitsDueMs).isEqualTo(nextDue.equals("-") ? NONE : Long.parseLong(nextDue));
    assertThat(ledger.holdsPermits).isEqualTo(holds);
  }

  @ParameterizedTest(name = "permits due at {0}, watermark {1}: scanned {2}")
  @CsvSource({"200, 150, false", "150, 150, true"})
  void permitsAreScannedOnlyWhenTheLedgerSaysOneIsDue(long ledgerDue, long now, boolean scanned) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.permitsDueMs = ledgerDue;
    ledger.holdsPermits = true;
    List<String> gone = CLOCK.endedPermits(ledger, entries("p1@100").entrySet(), v -> v, now);
    assertThat(gone.isEmpty()).isEqualTo(!scanned);
    // A revocation recomputes the summary whatever the ledger says.
    CLOCK.summarisePermits(ledger, entries("").entrySet(), (Long v) -> v, now);
    assertThat(ledger.holdsPermits).isFalse();
    assertThat(ledger.permitsDueMs).isEqualTo(NONE);
  }

  @ParameterizedTest(name = "history due at {0}: timer {1}")
  @CsvSource({"5, 3600000", "9223372036854775807, -"})
  void historyEntriesGetACleanupTimerForTheEarliestEnd(long historyDue, String timer) {
    VehicleLedger ledger = new VehicleLedger();
    ledger.historyDueMs = historyDue;
    OptionalLong t = CLOCK.historyChanged(ledger, 0);
    assertThat(t.isPresent() ? String.valueOf(t.getAsLong()) : "-").isEqualTo(timer);
    assertThat(HOUR).isEqualTo(3_600_000L);
  }
}
