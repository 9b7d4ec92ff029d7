package io.lezflow.portal.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The states of V2__violation_lifecycle.sql. */
public enum ViolationStatus {
  AWAITING_GRACE,
  PENDING_REVIEW,
  DROPPED,
  APPROVED,
  REJECTED;

  public static Optional<ViolationStatus> parse(String s) {
    if (s == null) return Optional.empty();
    String t = s.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(v -> v.name().equals(t)).findFirst();
  }
}
