package io.lezflow.schemas.plates;

import java.util.List;

/**
 * The result of matching a read plate against the register entries that share its OCR-folded key.
 *
 * <p>Invariants: {@code EXACT} has no substitutions; {@code FUZZY} has at least one, and every one
 * of them is a confusable pair (same {@link OcrFold} symbol); {@code NONE} has no entry. A fuzzy
 * match is a hint for a reviewer, never proof: {@code substitutions} and {@code
 * otherCandidates} are kept so the reviewer sees how close and how ambiguous it was.
 *
 * @param kind EXACT, FUZZY or NONE
 * @param entry the register entry matched (null for NONE)
 * @param readVehicleKey the vehicle key as read, {@code "CC:PLATE"}
 * @param matchedVehicleKey the register entry's vehicle key (null for NONE)
 * @param substitutions the positions where read and register plate differ (empty for EXACT)
 * @param otherCandidates how many other register entries shared the folded key
 * @param readPlateFormatValid whether the plate as read fits its country's formats
 *     ({@link PlateFormats#isPossible})
 */
public record PlateMatch<T>(
    Kind kind,
    T entry,
    String readVehicleKey,
    String matchedVehicleKey,
    List<Substitution> substitutions,
    int otherCandidates,
    boolean readPlateFormatValid) {

  public enum Kind {
    EXACT,
    FUZZY,
    NONE
  }

  /** One position where the read character differs from the register's (a confusable pair). */
  public record Substitution(int position, char read, char register) {
    @Override
    public String toString() {
      return "position " + (position + 1) + ": read '" + read + "', register '" + register + "'";
    }
  }

  public PlateMatch {
    substitutions = List.copyOf(substitutions);
  }

  /** The score of a match: the number of confusable substitutions (0 = exact; lower is better). */
  public int score() {
    return substitutions.size();
  }

  public boolean isExact() {
    return kind == Kind.EXACT;
  }

  public boolean isFuzzy() {
    return kind == Kind.FUZZY;
  }

  public boolean isNone() {
    return kind == Kind.NONE;
  }

  /** A reviewer-readable summary that names no plate in clear (positions and characters only). */
  public String describe() {
    return switch (kind) {
      case EXACT -> "exact register match";
      case NONE -> "no register entry matches";
      case FUZZY ->
          "fuzzy register match, score "
              + score()
              + " ("
              + String.join("; ", substitutions.stream().map(Substitution::toString).toList())
              + ")"
              + (otherCandidates > 0 ? ", " + otherCandidates + " other candidate(s)" : "")
              + (readPlateFormatValid ? "" : ", plate as read fits no format of its country");
    };
  }
}
