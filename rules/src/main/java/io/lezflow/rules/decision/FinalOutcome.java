package io.lezflow.rules.decision;

/** What {@link EnforcementDecider#finalise} says when a candidate's grace window has closed. */
public enum FinalOutcome {
  /** The violation stands: issue it (a fine, or a warning when {@code warningOnly}). */
  ISSUE,
  /** The violation stands but a human decides (low confidence, fuzzy plate, missing register data). */
  MANUAL_REVIEW,
  /** No violation after all; {@code dropReason} says why. */
  DROP
}
