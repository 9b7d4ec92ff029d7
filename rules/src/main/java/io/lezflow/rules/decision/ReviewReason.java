package io.lezflow.rules.decision;

/**
 * Why a violation goes to a human reviewer instead of being issued automatically. A candidate
 * carries it from the read on; {@link EnforcementDecider#finalise} then answers MANUAL_REVIEW
 * instead of ISSUE (if the violation still stands after the grace window).
 */
public enum ReviewReason {
  /** OCR confidence under the policy's {@code manualReviewBelowConfidence}. */
  LOW_CONFIDENCE,
  /** The plate matched its register entry only up to OCR-confusable characters. */
  FUZZY_PLATE_MATCH,
  /** Both. */
  LOW_CONFIDENCE_AND_FUZZY_PLATE_MATCH
}
