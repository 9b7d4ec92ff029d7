package io.lezflow.jobs.enforce;

import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.records.DecisionRecord.Stage;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.Decision;
import io.lezflow.rules.decision.FinalDecision;
import io.lezflow.rules.decision.FinalOutcome;
import io.lezflow.rules.decision.Outcome;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.policy.ZonePolicy;

/**
 * The rules' answers (domain types) as the records the enforcement emits: {@link DecisionRecord}
 * for every decision, {@link ViolationRecord} for violations and warnings. No Protobuf here: the
 * wire form of a record is made once, in {@code io.lezflow.jobs.kafka.WireMapping}. Plain Java, so
 * each mapping is unit-tested without Flink.
 *
 * <p>Invariant: nothing here adds a plate to an explanation; plates travel only in the vehicle-key
 * fields and in the violation's evidence.
 */
public final class DecisionMapping {
  private DecisionMapping() {}

  /** The READ decision of the rules' {@code evaluate}. */
  public static DecisionRecord read(Decision d, ReadEvent read, VehicleMatch match, ZonePolicy policy) {
    DecisionRecord r = ofRead(read);
    r.outcome = d.outcome().name();
    r.zoneId = d.zoneId();
    r.policyVersion = d.policyVersion();
    r.rule = d.rule();
    r.explanation = d.explanation();
    r.vehicleKey = d.vehicleKey();
    r.match = match.kind().name();
    r.matchScore = match.score();
    r.enforcementDay = d.enforcementDay() == null ? null : d.enforcementDay().toString();
    r.permitId = d.permitId();
    r.violationType = d.violationType() == null ? null : d.violationType().name();
    r.violationId = d.violationId();
    r.reviewReason = d.reviewReason() == null ? null : d.reviewReason().name();
    r.needsReview = d.reviewReason() != null;
    if (d.outcome() == Outcome.WARNING) {
      r.warningOnly = true;
      r.currency = policy == null ? null : policy.currency();
    }
    if (d.candidate() != null) r.decideAtMs = d.candidate().decideAt().toEpochMilli();
    r.fineableFrom = d.fineableFrom() == null ? null : d.fineableFrom().toString();
    return r;
  }

  /**
   * A read the rules did not evaluate ({@code ReadIntake}: UNKNOWN_CAMERA, LATE_READ): its outcome,
   * rule and explanation as they say, the vehicle as read.
   */
  public static DecisionRecord notDecided(Decision d, ReadEvent read) {
    DecisionRecord r = ofRead(read);
    r.outcome = d.outcome().name();
    r.zoneId = d.zoneId();
    r.rule = d.rule();
    r.explanation = d.explanation();
    r.vehicleKey = d.vehicleKey();
    return r;
  }

  /** The FINAL decision of a candidate whose grace window has closed. */
  public static DecisionRecord finalised(FinalDecision fd, PendingViolation pending) {
    DecisionRecord r = ofCandidate(fd.candidate(), pending);
    r.outcome = fd.outcome().name();
    r.policyVersion = fd.policyVersion();
    r.rule = fd.rule();
    r.explanation = fd.explanation();
    r.vehicleKey = fd.vehicleKey();
    r.violationType = fd.violationType().name();
    r.violationId = fd.violationId();
    r.fineCents = fd.fineCents();
    r.currency = fd.currency();
    r.warningOnly = fd.warningOnly();
    r.needsReview = fd.outcome() == FinalOutcome.MANUAL_REVIEW;
    r.dropReason = fd.dropReason() == null ? null : fd.dropReason().name();
    r.fineableFrom = fd.fineableFrom() == null ? null : fd.fineableFrom().toString();
    return r;
  }

  /** A policy version accepted or rejected by one enforcement instance. */
  public static DecisionRecord control(String outcome, String zoneId, int version, String explanation) {
    DecisionRecord r = new DecisionRecord();
    r.stage = Stage.CONTROL;
    r.outcome = outcome;
    r.zoneId = zoneId;
    r.policyVersion = version;
    r.rule = zoneId + "@v" + version + ":policy";
    r.explanation = explanation;
    return r;
  }

  /** A policy message ({@code zone@vN}) one enforcement instance could not use. */
  public static DecisionRecord policyRejected(String policyKey, String explanation) {
    int at = policyKey == null ? -1 : policyKey.lastIndexOf("@v");
    String zone = at < 0 ? String.valueOf(policyKey) : policyKey.substring(0, at);
    int version;
    try {
      version = at < 0 ? 0 : Integer.parseInt(policyKey.substring(at + 2));
    } catch (NumberFormatException e) {
      version = 0;
    }
    return control(DecisionRecord.POLICY_REJECTED, zone, version, explanation);
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

  private static DecisionRecord ofRead(ReadEvent read) {
    DecisionRecord r = new DecisionRecord();
    r.stage = Stage.READ;
    r.readId = read.readId;
    r.readIds = new String[] {read.readId};
    r.cameraId = read.cameraId;
    r.capturedAtMs = read.capturedAtMs;
    r.readVehicleKey = read.vehicleKey;
    return r;
  }

  private static DecisionRecord ofCandidate(Candidate c, PendingViolation pending) {
    DecisionRecord r = new DecisionRecord();
    r.stage = Stage.FINAL;
    r.readId = pending.readIds[0];
    r.readIds = pending.readIds.clone();
    r.cameraId = c.cameraId();
    r.capturedAtMs = pending.firstSeenMs();
    r.zoneId = c.zoneId();
    r.policyVersion = c.policyVersion();
    r.rule = c.rule();
    r.vehicleKey = c.vehicleKey();
    r.readVehicleKey = c.readVehicleKey();
    r.enforcementDay = c.enforcementDay().toString();
    r.violationType = c.violationType().name();
    r.violationId = c.violationId();
    r.decideAtMs = c.decideAt().toEpochMilli();
    r.reviewReason = c.reviewReason() == null ? null : c.reviewReason().name();
    return r;
  }

}
