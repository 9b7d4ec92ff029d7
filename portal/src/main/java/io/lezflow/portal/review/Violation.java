package io.lezflow.portal.review;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A violation with everything its evidence page shows, from table {@code violations}. */
public record Violation(
    String violationId,
    String zoneId,
    String vehicleKey,
    LocalDate enforcementDay,
    String violationType,
    String rule,
    int policyVersion,
    long fineCents,
    String currency,
    boolean warning,
    boolean needsReview,
    String reviewReason,
    Instant firstSeenAt,
    String cameraId,
    List<String> readIds,
    String plateText,
    String country,
    float confidence,
    String imageSha256,
    String explanation,
    String status,
    Instant decideAt,
    String dropReason,
    int version,
    String decidedBy,
    Instant decidedAt,
    Long exportBatchId,
    String policeZone,
    /** For a warning: the first day a detection may be fined (warning-first steps); null otherwise. */
    LocalDate fineableFrom) {

  /** The text after "needs review: " in the explanation (the decider's reason, e.g. the fuzzy match and its score), or null. */
  public String reviewDetail() {
    int i = explanation.indexOf("needs review: ");
    return i < 0 ? null : explanation.substring(i + "needs review: ".length());
  }
}
