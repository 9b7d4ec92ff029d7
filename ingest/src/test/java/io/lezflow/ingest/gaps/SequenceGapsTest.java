package io.lezflow.ingest.gaps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Arrival orders of one camera's sequences and the open ranges they leave (resend after 2 s, give up after 60 s, gaps up to 100). */
class SequenceGapsTest {

  static Stream<Arguments> arrivals() {
    return Stream.of(
        Arguments.of("in order", "1 2 3 4", ""),
        Arguments.of("first read anywhere: no gap before it", "500 501", ""),
        Arguments.of("one missing", "1 2 4", "3-3"),
        Arguments.of("two missing", "1 4", "2-3"),
        Arguments.of("late arrival closes the gap", "1 3 2", ""),
        Arguments.of("late arrival splits a range", "1 6 3", "2-2 4-5"),
        Arguments.of("late arrival at the range's ends", "1 6 2 5", "3-4"),
        Arguments.of("duplicate changes nothing", "1 2 2 4 1", "3-3"),
        Arguments.of("two gaps", "1 3 5", "2-2 4-4"),
        Arguments.of("jump beyond maxGap is a new start", "1 200", ""),
        Arguments.of("counter reset far below is a new start", "300 302 1 2", ""),
        Arguments.of("counter reset, then a gap", "300 1 3", "2-2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrivals")
  void openRangesAfterArrivals(String name, String sequences, String expectedOpen) {
    SequenceGaps gaps = new SequenceGaps(2_000, 60_000, 100, 10);
    for (String s : sequences.split(" ")) gaps.arrived("cam-1", Long.parseLong(s), 0);
    String open = gaps.openRanges("cam-1").stream().map(r -> r.first() + "-" + r.last()).collect(Collectors.joining(" "));
    assertThat(open).isEqualTo(expectedOpen);
    assertThat(gaps.missingNow()).isEqualTo(gaps.openRanges("cam-1").stream().mapToLong(SequenceGaps.Range::size).sum());
  }

  static Stream<Arguments> sweeps() {
    // arrivals at t=0 of 1 and 5 (2-4 open); then sweeps at the given times -> due ranges, newly missing, lost
    return Stream.of(
        Arguments.of("before the resend delay: nothing due", new long[] {1_999}, List.of(""), new long[] {0}, new long[] {0}),
        Arguments.of("at the resend delay: due once", new long[] {2_000, 3_000}, List.of("2-4", ""), new long[] {3, 0}, new long[] {0, 0}),
        Arguments.of("after the give-up delay: lost", new long[] {2_000, 60_000, 61_000}, List.of("2-4", "", ""),
            new long[] {3, 0, 0}, new long[] {0, 3, 0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sweeps")
  void sweepsReportDueAndLostRanges(String name, long[] times, List<String> due, long[] newlyMissing, long[] lost) {
    SequenceGaps gaps = new SequenceGaps(2_000, 60_000, 100, 10);
    gaps.arrived("cam-1", 1, 0);
    gaps.arrived("cam-1", 5, 0);
    for (int i = 0; i < times.length; i++) {
      SequenceGaps.Sweep sweep = gaps.sweep(times[i]);
      assertThat(sweep.due().stream().map(r -> r.cameraId() + ":" + r.first() + "-" + r.last()).collect(Collectors.joining(" ")))
          .as("due at %d", times[i]).isEqualTo(due.get(i).isEmpty() ? "" : "cam-1:" + due.get(i));
      assertThat(sweep.newlyMissing()).as("newly missing at %d", times[i]).isEqualTo(newlyMissing[i]);
      assertThat(sweep.lost()).as("lost at %d", times[i]).isEqualTo(lost[i]);
    }
  }

  @org.junit.jupiter.api.Test
  void aResentReadCountsAsRecoveredAndClosesItsRange() {
    SequenceGaps gaps = new SequenceGaps(2_000, 60_000, 100, 10);
    gaps.arrived("cam-1", 1, 0);
    gaps.arrived("cam-1", 4, 0);
    gaps.arrived("cam-2", 7, 0);
    assertThat(gaps.sweep(2_500).newlyMissing()).isEqualTo(2);
    gaps.arrived("cam-1", 2, 2_600);
    gaps.arrived("cam-1", 3, 2_600);
    assertThat(gaps.recovered()).isEqualTo(2);
    assertThat(gaps.missingNow()).isZero();
    assertThat(gaps.sweep(100_000).lost()).isZero();
  }

  @org.junit.jupiter.api.Test
  void beyondTheRangeBoundTheOldestRangeIsLost() {
    SequenceGaps gaps = new SequenceGaps(2_000, 60_000, 100, 2);
    for (long s : new long[] {1, 3, 5, 7}) gaps.arrived("cam-1", s, 0);
    assertThat(gaps.openRanges("cam-1")).extracting(SequenceGaps.Range::first).containsExactly(4L, 6L);
    assertThat(gaps.sweep(0).lost()).isEqualTo(1);
    assertThat(Arrays.asList(gaps.missingNow())).containsExactly(2L);
  }
}
