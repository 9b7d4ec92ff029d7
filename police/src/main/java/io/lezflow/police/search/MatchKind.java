package io.lezflow.police.search;

/** How a sighting matched the plate searched. */
public enum MatchKind {
  /** The same vehicle key (the exact keyed hash is equal). */
  EXACT,
  /**
   * A different plate that is the same once the characters an OCR confuses are folded (O/D/0, I/1,
   * B/8, S/5, Z/2, G/6): a misread of the plate searched, or a plate it could be misread as.
   */
  OCR_FOLDED
}
