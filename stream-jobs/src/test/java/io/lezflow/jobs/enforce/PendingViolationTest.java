package io.lezflow.jobs.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.ReviewReason;
import io.lezflow.rules.model.ViolationType;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PendingViolationTest {

  @Test
  void readsAreKeptInCaptureOrderWhateverTheOrderTheyCameIn() {
    PendingViolation p = PendingViolation.of(candidate("c:3", 300, null), 1_000)
        .with(candidate("c:1", 100, null), 1_000)
        .with(candidate("c:2", 200, null), 1_000);

    assertThat(p.readIds).containsExactly("c:1", "c:2", "c:3");
    assertThat(p.readCapturedAtMs).containsExactly(100, 200, 300);
    assertThat(p.firstSeenMs()).isEqualTo(100);
    assertThat(p.decoded().readId()).isEqualTo("c:1");
  }

  @Test
  void theDecisionRestsOnTheFirstReadThatNeedsNoReview() {
    PendingViolation p = PendingViolation.of(candidate("c:1", 100, ReviewReason.LOW_CONFIDENCE), 1_000)
        .with(candidate("c:3", 300, null), 1_000)
        .with(candidate("c:2", 200, null), 1_000);

    assertThat(p.decoded().readId()).isEqualTo("c:2");
    assertThat(p.decoded().reviewReason()).isNull();
    assertThat(p.firstSeenMs()).isEqualTo(100);
  }

  @Test
  void theLatestDueTimeWinsAndARepeatedReadIdIsNotListedTwice() {
    PendingViolation p = PendingViolation.of(candidate("c:1", 100, null), 1_000).with(candidate("c:1", 100, null), 2_000);

    assertThat(p.readIds).containsExactly("c:1");
    assertThat(p.dueAtMs).isEqualTo(2_000);
  }

  @Test
  void atMostMaxReadsAreKeptTheFirstOnes() {
    PendingViolation p = PendingViolation.of(candidate("c:0", 0, null), 1_000);
    for (int i = PendingViolation.MAX_READS + 5; i >= 1; i--) p = p.with(candidate("c:" + i, i, null), 1_000);

    assertThat(p.readIds).hasSize(PendingViolation.MAX_READS);
    assertThat(p.readIds[0]).isEqualTo("c:0");
    assertThat(p.readIds[PendingViolation.MAX_READS - 1]).isEqualTo("c:" + (PendingViolation.MAX_READS - 1));
  }

  private static Candidate candidate(String readId, long capturedAtMs, ReviewReason review) {
    return new Candidate(readId, "c", "brussels", 1, Instant.ofEpochMilli(capturedAtMs), LocalDate.parse("2026-11-02"),
        Instant.ofEpochMilli(900), "BE:1ABC234", "BE:1ABC234", "BE", 0.9f, "", ViolationType.EMISSION_BAN, "rule",
        "why", null, review, review == null ? "" : "detail", "brussels-2026-11-02-x");
  }
}
