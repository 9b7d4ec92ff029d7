package io.lezflow.jobs.records;

import io.lezflow.rules.decision.Outcome;
import io.lezflow.rules.decision.ReviewReason;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.model.ViolationType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A READ-stage decision: exactly one per read that reached the enforcement (an outcome of {@code
 * ReadIntake} or of the rules' {@code evaluate}), or a read of a replay's input that could not be
 * enforced at all ({@link Outcome#REJECTED_READ}).
 *
 * @param readId null only for a rejected read without one
 * @param zoneId "" for a read that belongs to no zone (unknown camera, late read); null for a rejected read
 * @param match how the read matched the register; null when it was not matched (not decided)
 * @param enforcementDay the zone-local day; null when no policy was in force or the read was not decided
 * @param warningCurrency for a WARNING, the currency of its (zero) amount; else null
 * @param decideAt for a CANDIDATE, when its grace window closes; else null
 * @param fineableFrom for the warning-first outcomes, the first day a fine is possible; else null
 */
public record ReadStageDecision(
    String readId,
    String cameraId,
    long capturedAtMs,
    String readVehicleKey,
    Outcome outcome,
    String zoneId,
    int policyVersion,
    String rule,
    String explanation,
    String vehicleKey,
    VehicleMatch.Kind match,
    int matchScore,
    LocalDate enforcementDay,
    String permitId,
    ViolationType violationType,
    String violationId,
    ReviewReason reviewReason,
    String warningCurrency,
    Instant decideAt,
    LocalDate fineableFrom) implements StageDecision {

  public ReadStageDecision {
    Objects.requireNonNull(outcome, "outcome");
  }

  /** A read of a replay's input that cannot be enforced (no plate, no capture time ...): {@code rule} says why. */
  public static ReadStageDecision rejected(String readId, String cameraId, long capturedAtMs, String rule, String explanation) {
    return new ReadStageDecision(readId, cameraId, capturedAtMs, null, Outcome.REJECTED_READ, null, 0, rule, explanation,
        null, null, 0, null, null, null, null, null, null, null, null);
  }

  public boolean needsReview() {
    return reviewReason != null;
  }

  @Override
  public DecisionRecord toRecord() {
    DecisionRecord r = new DecisionRecord();
    r.stage = DecisionRecord.Stage.READ;
    r.outcome = outcome.name();
    r.readId = readId;
    r.readIds = readId == null ? null : new String[] {readId};
    r.cameraId = cameraId;
    r.capturedAtMs = capturedAtMs;
    r.readVehicleKey = readVehicleKey;
    r.zoneId = zoneId;
    r.policyVersion = policyVersion;
    r.rule = rule;
    r.explanation = explanation;
    r.vehicleKey = vehicleKey;
    r.match = StageDecision.nameOf(match);
    r.matchScore = matchScore;
    r.enforcementDay = StageDecision.textOf(enforcementDay);
    r.permitId = permitId;
    r.violationType = StageDecision.nameOf(violationType);
    r.violationId = violationId;
    r.reviewReason = StageDecision.nameOf(reviewReason);
    r.needsReview = needsReview();
    if (outcome == Outcome.WARNING) {
      r.warningOnly = true;
      r.currency = warningCurrency;
    }
    r.decideAtMs = decideAt == null ? 0 : decideAt.toEpochMilli();
    r.fineableFrom = StageDecision.textOf(fineableFrom);
    return r;
  }
}
