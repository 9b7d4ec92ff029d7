package io.lezflow.portal.review;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The queue's review-reason filter over the generated column {@code violations.review_reason}
 * (V4__portal.sql): asking for low confidence also finds rows that are low confidence and a
 * fuzzy match, and the same for fuzzy.
 */
public enum ReviewReason {
  LOW_CONFIDENCE(List.of("LOW_CONFIDENCE", "LOW_CONFIDENCE_AND_FUZZY_PLATE_MATCH")),
  FUZZY_PLATE_MATCH(List.of("FUZZY_PLATE_MATCH", "LOW_CONFIDENCE_AND_FUZZY_PLATE_MATCH")),
  ANY(List.of("LOW_CONFIDENCE", "FUZZY_PLATE_MATCH", "LOW_CONFIDENCE_AND_FUZZY_PLATE_MATCH", "OTHER"));

  private final List<String> columnValues;

  ReviewReason(List<String> columnValues) {
    this.columnValues = columnValues;
  }

  public List<String> columnValues() {
    return columnValues;
  }

  public static Optional<ReviewReason> parse(String s) {
    if (s == null) return Optional.empty();
    String t = s.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(v -> v.name().equals(t)).findFirst();
  }
}
