package io.lezflow.jobs.enforce;

import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.CandidateCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A candidate violation waiting in keyed state for its grace window to close: one per violation id
 * (zone, vehicle, enforcement day), collecting every read of that vehicle that day.
 *
 * <p>Invariants: {@link #candidate} ({@link CandidateCodec} bytes) is the read the decision rests
 * on: the first read needing no review, else the first read — so a confident exact read later in
 * the day spares the violation a review, whatever order the reads arrive in. {@link #readIds} are
 * sorted by capture time (then id), at most {@link #MAX_READS} of them. {@link #dueAtMs} is when
 * (event time) it is finalised. A Flink POJO (arrays, no collections).
 */
public class PendingViolation {
  /** Enough evidence for any reviewer; bounds the state of a vehicle seen all day long. */
  public static final int MAX_READS = 50;

  public byte[] candidate;
  public String[] readIds;
  public long[] readCapturedAtMs;
  public long dueAtMs;

  public PendingViolation() {}

  public static PendingViolation of(Candidate candidate, long dueAtMs) {
    PendingViolation p = new PendingViolation();
    p.candidate = CandidateCodec.encode(candidate);
    p.readIds = new String[] {candidate.readId()};
    p.readCapturedAtMs = new long[] {candidate.capturedAt().toEpochMilli()};
    p.dueAtMs = dueAtMs;
    return p;
  }

  public Candidate decoded() {
    return CandidateCodec.decode(candidate);
  }

  /** This violation with one more read of it (a read id already listed changes only the ranking). */
  public PendingViolation with(Candidate other, long otherDueAtMs) {
    PendingViolation p = new PendingViolation();
    p.candidate = RANK.compare(other, decoded()) < 0 ? CandidateCodec.encode(other) : candidate;
    p.dueAtMs = Math.max(dueAtMs, otherDueAtMs);
    List<Read> reads = new ArrayList<>(readIds.length + 1);
    for (int i = 0; i < readIds.length; i++) reads.add(new Read(readIds[i], readCapturedAtMs[i]));
    if (!Arrays.asList(readIds).contains(other.readId())) {
      reads.add(new Read(other.readId(), other.capturedAt().toEpochMilli()));
    }
    reads.sort(Comparator.comparingLong(Read::capturedAtMs).thenComparing(Read::id));
    int n = Math.min(reads.size(), MAX_READS);
    p.readIds = new String[n];
    p.readCapturedAtMs = new long[n];
    for (int i = 0; i < n; i++) {
      p.readIds[i] = reads.get(i).id();
      p.readCapturedAtMs[i] = reads.get(i).capturedAtMs();
    }
    return p;
  }

  private record Read(String id, long capturedAtMs) {}

  /** Capture time of the first read of the violation. */
  public long firstSeenMs() {
    return readCapturedAtMs[0];
  }

  /** Better evidence first: no review needed, then captured first, then the smaller read id. */
  static final Comparator<Candidate> RANK =
      Comparator.<Candidate>comparingInt(c -> c.reviewReason() == null ? 0 : 1)
          .thenComparing(Candidate::capturedAt)
          .thenComparing(Candidate::readId);

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof PendingViolation other)) return false;
    return dueAtMs == other.dueAtMs
        && Arrays.equals(candidate, other.candidate)
        && Arrays.equals(readIds, other.readIds)
        && Arrays.equals(readCapturedAtMs, other.readCapturedAtMs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dueAtMs, Arrays.hashCode(readIds));
  }

  @Override
  public String toString() {
    return "PendingViolation{reads=" + Arrays.toString(readIds) + ", dueAtMs=" + dueAtMs + "}";
  }
}
