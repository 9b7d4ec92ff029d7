package io.lezflow.ops.bench;

import java.util.List;
import java.util.Optional;

/** The knee of a stepped run: the highest rate the system sustained (see {@link StepResult#sustained()}). */
public final class Knee {
  private Knee() {}

  /** The sustained step with the highest target rate, if any. */
  public static Optional<StepResult> of(List<StepResult> steps) {
    StepResult best = null;
    for (StepResult s : steps) {
      if (s.sustained() && (best == null || s.targetRate() > best.targetRate())) best = s;
    }
    return Optional.ofNullable(best);
  }
}
