package io.lezflow.jobs.enforce;

import io.lezflow.jobs.records.ControlStageDecision;
import io.lezflow.jobs.records.FinalStageDecision;
import io.lezflow.jobs.records.ReadStageDecision;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.Decision;
import io.lezflow.rules.decision.FinalDecision;
import io.lezflow.rules.decision.FinalOutcome;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.policy.ZonePolicy;

/**
 * The rules' answers (domain types) as the records the enforcement emits: a decision typed by its
 * stage ({@link ReadStageDecision}, {@link FinalStageDecision}, {@link ControlStageDecision}) for
 * every decision, {@link ViolationRecord} for violations and warnings. No Protobuf here: the
 * wire form of a record is made once, in {@code io.lezflow.jobs.kafka.WireMapping}. Plain Java, so
 * each mapping is unit-tested without Flink.
 *
 * <p>Invariant: nothing here adds a plate to an explanation; plates travel only in the vehicle-key
 * fields and in the violation's evidence.
 */
public final class DecisionMapping {
  private DecisionMapping() {}

  /** The READ decision of the rules' {@code evaluate}; {@code policy} is the version in force (null when none). */
  public static ReadStageDecision read(Decision d, ReadEvent read, VehicleMatch match, ZonePolicy policy) {
    return new ReadStageDecision(read.readId, read.cameraId, read.capturedAtMs, read.vehicleKey, d.outcome(), d.zoneId(),
        d.policyVersion(), d.rule(), d.explanation(), d.vehicleKey(), match == null ? null : match.kind(),
        match == null ? 0 : match.score(), d.enforcementDay(), d.permitId(), d.violationType(), d.violationId(),
        d.reviewReason(), d.isWarning() && policy != null ? policy.currency() : null,
        d.candidate() == null ? null : d.candidate().decideAt(), d.fineableFrom());
  }

  /**
   * A read the rules did not evaluate ({@code ReadIntake}: UNKNOWN_CAMERA, LATE_READ): its outcome,
   * rule and explanation as they say, the vehicle as read.
   */
  public static ReadStageDecision notDecided(Decision d, ReadEvent read) {
    return read(d, read, null, null);
  }

  /** The FINAL decision of a candidate whose grace window has closed, with every read of its violation. */
  public static FinalStageDecision finalised(FinalDecision fd, PendingViolation pending) {
    Candidate c = fd.candidate();
    return new FinalStageDecision(fd.outcome(), pending.readIds, c.cameraId(), pending.firstSeenMs(), c.zoneId(),
        fd.policyVersion(), fd.rule(), fd.explanation(), fd.vehicleKey(), c.readVehicleKey(), c.enforcementDay(),
        fd.violationType(), fd.violationId(), c.decideAt(), c.reviewReason(), fd.fineCents(), fd.currency(),
        fd.warningOnly(), fd.dropReason(), fd.fineableFrom());
  }

  /** A policy version accepted by one enforcement instance. */
  public static ControlStageDecision policyAccepted(ZonePolicy policy, String explanation) {
    return new ControlStageDecision(ControlStageDecision.Outcome.POLICY_ACCEPTED, policy.zoneId(), policy.version(),
        explanation);
  }

  /** A policy message ({@code zone@vN}) one enforcement instance could not use. */
  public static ControlStageDecision policyRejected(String policyKey, String explanation) {
    return ControlStageDecision.rejected(policyKey, explanation);
  }

  /**
   * The violation of an ISSUE or MANUAL_REVIEW final decision (a fine, a fine for review, or a
   * warning), with every read of the day; the evidence is the candidate's read.
   */
  public static ViolationRecord violation(FinalDecision fd, PendingViolation pending) {
    Candidate c = fd.candidate();
    ViolationRecord v = candidateRow(c);
    v.vehicleKey = fd.vehicleKey();
    v.violationType = fd.violationType().name();
    v.rule = fd.rule();
    v.policyVersion = fd.policyVersion();
    v.fineCents = fd.fineCents();
    v.currency = fd.currency();
    v.warningOnly = fd.warningOnly();
    v.fineableFrom = fd.fineableFrom() == null ? null : fd.fineableFrom().toString();
    v.needsReview = fd.outcome() == FinalOutcome.MANUAL_REVIEW;
    v.explanation = fd.explanation();
    v.readIds = pending.readIds.clone();
    v.firstSeenAtMs = pending.firstSeenMs();
    v.plateText = plateOf(c.readVehicleKey());
    v.country = c.country() == null ? "" : c.country();
    return v;
  }

  /** The row of a candidate violation while its grace window is open (status AWAITING_GRACE); fine settled later. */
  public static ViolationRecord candidateOpened(Candidate c, ReadEvent read, String currency) {
    ViolationRecord v = candidateRow(c);
    v.currency = currency;
    v.needsReview = c.reviewReason() != null;
    v.firstSeenAtMs = c.capturedAt().toEpochMilli();
    v.readIds = new String[] {c.readId()};
    v.plateText = read.vehicleKey.substring(read.vehicleKey.indexOf(':') + 1);
    v.country = read.country;
    v.explanation = "Candidate, awaiting the grace window until " + c.decideAt() + ": " + c.explanation();
    v.status = ViolationRecord.AWAITING_GRACE;
    v.decideAtMs = c.decideAt().toEpochMilli();
    return v;
  }

  /** The settlement of a candidate that is not a fine after all (status DROPPED, with the reason). */
  public static ViolationRecord dropped(FinalDecision fd, PendingViolation pending) {
    Candidate c = pending.decoded();
    ViolationRecord v = candidateRow(c);
    v.currency = "";
    v.firstSeenAtMs = pending.firstSeenMs();
    v.readIds = pending.readIds.clone();
    v.plateText = plateOf(c.readVehicleKey());
    v.country = c.country() == null ? "" : c.country();
    v.explanation = fd.explanation();
    v.status = ViolationRecord.DROPPED;
    v.dropReason = fd.dropReason() == null ? "" : fd.dropReason().name();
    return v;
  }

  /** What a candidate row and its drop share: identity, rule and evidence of the candidate's read. */
  private static ViolationRecord candidateRow(Candidate c) {
    ViolationRecord v = new ViolationRecord();
    v.violationId = c.violationId();
    v.zoneId = c.zoneId();
    v.vehicleKey = c.vehicleKey();
    v.enforcementDay = c.enforcementDay().toString();
    v.violationType = c.violationType().name();
    v.rule = c.rule();
    v.policyVersion = c.policyVersion();
    v.cameraId = c.cameraId();
    v.confidence = c.confidence();
    v.imageSha256 = c.imageSha256() == null ? "" : c.imageSha256();
    return v;
  }

  /** The warning record of a WARNING read decision (a letter to send), with the read as evidence. */
  public static ViolationRecord warning(Decision d, ReadEvent read, String currency) {
    ViolationRecord v = new ViolationRecord();
    v.violationId = d.violationId();
    v.zoneId = d.zoneId();
    v.vehicleKey = d.vehicleKey();
    v.enforcementDay = d.enforcementDay().toString();
    v.violationType = d.violationType().name();
    v.rule = d.rule();
    v.policyVersion = d.policyVersion();
    v.fineCents = 0;
    v.currency = currency;
    v.warningOnly = true;
    v.fineableFrom = d.fineableFrom() == null ? null : d.fineableFrom().toString();
    v.needsReview = d.reviewReason() != null;
    v.explanation = d.explanation();
    v.firstSeenAtMs = read.capturedAtMs;
    v.cameraId = read.cameraId;
    v.readIds = new String[] {read.readId};
    v.plateText = plateOf(read.vehicleKey);
    v.country = read.country;
    v.confidence = read.confidence;
    v.imageSha256 = read.imageSha256 == null ? "" : read.imageSha256;
    return v;
  }

  private static String plateOf(String vehicleKey) {
    return vehicleKey == null ? "" : vehicleKey.substring(vehicleKey.indexOf(':') + 1);
  }
}
