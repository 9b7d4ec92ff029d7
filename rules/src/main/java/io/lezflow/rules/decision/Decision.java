package io.lezflow.rules.decision;

import io.lezflow.rules.model.ViolationType;
import io.lezflow.schemas.v1.Violation;
import java.time.LocalDate;

/**
 * The answer of {@link EnforcementDecider#evaluate} for one read, with a reviewer-readable
 * explanation that names the rule, the zone and policy version, and the permit or exemption used.
 * Explanations never contain a plate in clear (the vehicle key is its own field).
 *
 * @param vehicleKey the vehicle the decision is about: the matched register entry's key, else the
 *     key as read
 * @param policyVersion 0 for NO_POLICY_IN_FORCE
 * @param rule stable rule id, {@code "<zone>@v<version>:<rule>"}, e.g. {@code
 *     "brussels@v1:ban-step/diesel-euro-4"}
 * @param permitId the permit that permitted or exempted the vehicle, else null
 * @param violationType for WARNING, ALREADY_WARNED and CANDIDATE, else null
 * @param violationId deterministic id (zone, vehicle, day) for WARNING, ALREADY_WARNED (the id of
 *     that day's warning) and CANDIDATE, else null
 * @param reviewReason set when a human must look at any resulting violation, else null
 * @param candidate for CANDIDATE only: what to keep until {@link Candidate#decideAt()}
 * @param fineableFrom for WARNING, ALREADY_WARNED and WARNED_NOT_YET_FINEABLE: the first day a fine
 *     is possible for this vehicle under the step (warning-first: warning day + the step's period;
 *     fixed period: the day after it); else null
 */
public record Decision(
    Outcome outcome,
    String readId,
    String vehicleKey,
    String zoneId,
    int policyVersion,
    LocalDate enforcementDay,
    String rule,
    String explanation,
    String permitId,
    ViolationType violationType,
    String violationId,
    ReviewReason reviewReason,
    Candidate candidate,
    LocalDate fineableFrom) {

  public boolean isCandidate() {
    return outcome == Outcome.CANDIDATE;
  }

  public boolean isWarning() {
    return outcome == Outcome.WARNING;
  }

  /**
   * A decision on a read that is never evaluated (UNKNOWN_CAMERA, LATE_READ, DUPLICATE_READ,
   * NO_POLICY_IN_FORCE): no zone policy version, no day, no violation.
   */
  public static Decision notDecided(Outcome outcome, String readId, String vehicleKey, String zoneId, String rule,
      String explanation) {
    return new Decision(outcome, readId, vehicleKey, zoneId == null ? "" : zoneId, 0, null, rule, explanation, null,
        null, null, null, null, null);
  }

  /**
   * A warning as a wire violation (fine 0, {@code warning_only}); for WARNING decisions only. The
   * caller adds evidence fields it holds (plate text, confidence, image hash).
   */
  public Violation.Builder toWarningViolation(String currency) {
    if (outcome != Outcome.WARNING) throw new IllegalStateException("not a warning: " + outcome);
    return Violation.newBuilder()
        .setViolationId(violationId)
        .setZoneId(zoneId)
        .setVehicleKey(vehicleKey)
        .setEnforcementDay(enforcementDay.toString())
        .setType(violationType.toProto())
        .addReadIds(readId)
        .setPolicyVersion(policyVersion)
        .setRule(rule)
        .setFineCents(0)
        .setCurrency(currency)
        .setWarningOnly(true)
        .setNeedsReview(reviewReason != null)
        .setFineableFrom(fineableFrom == null ? "" : fineableFrom.toString())
        .setExplanation(explanation);
  }
}
