package io.lezflow.jobs.records;

import io.lezflow.rules.decision.DropReason;
import io.lezflow.rules.decision.FinalOutcome;
import io.lezflow.rules.decision.ReviewReason;
import io.lezflow.rules.model.ViolationType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A FINAL-stage decision: one per candidate violation once its grace window has closed — ISSUE,
 * MANUAL_REVIEW or DROP (with its {@link DropReason}); {@code readIds} lists every read of the
 * vehicle that day in the zone, first captured first. ISSUE and MANUAL_REVIEW are also violations.
 *
 * @param cameraId the camera of the read the decision rests on
 * @param firstSeenMs capture time of the first read of the violation
 * @param decideAt when the candidate's grace window closed
 * @param reviewReason why the candidate was marked for review, else null
 * @param currency null when no policy was in force (no amount at all)
 * @param dropReason for DROP only, else null
 * @param fineableFrom for a warning, the first day a fine is possible; else null
 */
public record FinalStageDecision(
    FinalOutcome outcome,
    String[] readIds,
    String cameraId,
    long firstSeenMs,
    String zoneId,
    int policyVersion,
    String rule,
    String explanation,
    String vehicleKey,
    String readVehicleKey,
    LocalDate enforcementDay,
    ViolationType violationType,
    String violationId,
    Instant decideAt,
    ReviewReason reviewReason,
    long fineCents,
    String currency,
    boolean warningOnly,
    DropReason dropReason,
    LocalDate fineableFrom) implements StageDecision {

  public FinalStageDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(readIds, "readIds");
    if (readIds.length == 0) throw new IllegalArgumentException("a final decision rests on at least one read");
    if ((outcome == FinalOutcome.DROP) != (dropReason != null)) {
      throw new IllegalArgumentException("a drop reason goes with DROP and only with it: " + outcome + " " + dropReason);
    }
    readIds = readIds.clone();
  }

  @Override
  public String[] readIds() {
    return readIds.clone();
  }

  public boolean needsReview() {
    return outcome == FinalOutcome.MANUAL_REVIEW;
  }

  @Override
  public DecisionRecord toRecord() {
    DecisionRecord r = new DecisionRecord();
    r.stage = DecisionRecord.Stage.FINAL;
    r.outcome = outcome.name();
    r.readId = readIds[0];
    r.readIds = readIds.clone();
    r.cameraId = cameraId;
    r.capturedAtMs = firstSeenMs;
    r.zoneId = zoneId;
    r.policyVersion = policyVersion;
    r.rule = rule;
    r.explanation = explanation;
    r.vehicleKey = vehicleKey;
    r.readVehicleKey = readVehicleKey;
    r.enforcementDay = StageDecision.textOf(enforcementDay);
    r.violationType = StageDecision.nameOf(violationType);
    r.violationId = violationId;
    r.decideAtMs = decideAt == null ? 0 : decideAt.toEpochMilli();
    r.reviewReason = StageDecision.nameOf(reviewReason);
    r.fineCents = fineCents;
    r.currency = currency;
    r.warningOnly = warningOnly;
    r.needsReview = needsReview();
    r.dropReason = StageDecision.nameOf(dropReason);
    r.fineableFrom = StageDecision.textOf(fineableFrom);
    return r;
  }
}
