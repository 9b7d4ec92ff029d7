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
import io.lezflow.schemas.v1.Violation;
import java.time.Duration;
import java.time.Instant;

/**
 * The rules' answers as the records the enforcement emits: {@link DecisionRecord} for every
 * decision, {@link ViolationRecord} for violations. Plain Java, so each mapping is unit-tested
 * without Flink.
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
    return r;
  }

  /** A read of a camera that maps to no zone. */
  public static DecisionRecord unknownCamera(ReadEvent read, String problem) {
    DecisionRecord r = ofRead(read);
    r.outcome = DecisionRecord.UNKNOWN_CAMERA;
    r.zoneId = "";
    r.rule = "camera-registry:unknown-camera";
    r.explanation = problem + "; the read cannot be assigned to a zone and is not enforced";
    r.vehicleKey = read.vehicleKey;
    return r;
  }

  /** A read of a zone of which no policy version has been received at all. */
  public static DecisionRecord noPolicyKnown(ReadEvent read, String zoneId, VehicleMatch match) {
    DecisionRecord r = ofRead(read);
    r.outcome = Outcome.NO_POLICY_IN_FORCE.name();
    r.zoneId = zoneId;
    r.rule = zoneId + ":no-policy";
    r.explanation = "[" + zoneId + "] no policy of this zone has been received; the read is not enforced";
    r.vehicleKey = match.isNone() ? read.vehicleKey : match.vehicle().vehicleKey();
    r.match = match.kind().name();
    r.matchScore = match.score();
    return r;
  }

  /** A read too far behind the watermark to be decided: it goes to the late-read output instead. */
  public static DecisionRecord late(ReadEvent read, long watermarkMs, Duration allowedLateness) {
    DecisionRecord r = ofRead(read);
    r.outcome = DecisionRecord.LATE_READ;
    r.rule = "event-time:late-read";
    r.explanation = "captured at " + Instant.ofEpochMilli(read.capturedAtMs) + ", more than the allowed lateness "
        + allowedLateness + " behind the enforcement's event time " + Instant.ofEpochMilli(watermarkMs)
        + "; not decided, kept on the late-read output for reprocessing";
    r.vehicleKey = read.vehicleKey;
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
    return r;
  }

  /** A candidate of a violation id that was already emitted (a late read of a decided day). */
  public static DecisionRecord alreadyEmitted(Candidate c, PendingViolation pending) {
    DecisionRecord r = ofCandidate(c, pending);
    r.outcome = FinalOutcome.DROP.name();
    r.dropReason = io.lezflow.rules.decision.DropReason.ALREADY_FINED_THAT_DAY.name();
    r.explanation = c.explanation() + "; but violation " + c.violationId()
        + " was already emitted for this vehicle, zone and day: at most one violation per vehicle per day";
    return r;
  }

  /** A candidate that cannot be finalised: its zone has no version in force at the capture time any more. */
  public static DecisionRecord finaliseFailed(Candidate c, PendingViolation pending, String why) {
    DecisionRecord r = ofCandidate(c, pending);
    r.outcome = DecisionRecord.FINALISE_FAILED;
    r.explanation = c.explanation() + "; cannot be finalised: " + why;
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

  /** The violation of an ISSUE or MANUAL_REVIEW final decision, with every read of the day. */
  public static ViolationRecord violation(FinalDecision fd, PendingViolation pending) {
    ViolationRecord v = fromProto(fd.toViolation());
    v.readIds = pending.readIds.clone();
    v.firstSeenAtMs = pending.firstSeenMs();
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
    v.plateText = c.readVehicleKey() == null ? "" : c.readVehicleKey().substring(c.readVehicleKey().indexOf(':') + 1);
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

  /** The warning-only violation of a WARNING read decision, with the read as evidence. */
  public static ViolationRecord warning(Decision d, ReadEvent read, String currency) {
    Violation wire = d.toWarningViolation(currency)
        .setFirstSeenMs(read.capturedAtMs)
        .setCameraId(read.cameraId)
        .setPlateText(read.vehicleKey.substring(read.vehicleKey.indexOf(':') + 1))
        .setCountry(read.country)
        .setConfidence(read.confidence)
        .setImageSha256(read.imageSha256 == null ? "" : read.imageSha256)
        .build();
    return fromProto(wire);
  }

  public static ViolationRecord fromProto(Violation w) {
    ViolationRecord v = new ViolationRecord();
    v.violationId = w.getViolationId();
    v.zoneId = w.getZoneId();
    v.vehicleKey = w.getVehicleKey();
    v.enforcementDay = w.getEnforcementDay();
    v.violationType = w.getType().name().substring("VIOLATION_TYPE_".length());
    v.rule = w.getRule();
    v.policyVersion = w.getPolicyVersion();
    v.fineCents = w.getFineCents();
    v.currency = w.getCurrency();
    v.warningOnly = w.getWarningOnly();
    v.needsReview = w.getNeedsReview();
    v.firstSeenAtMs = w.getFirstSeenMs();
    v.cameraId = w.getCameraId();
    v.readIds = w.getReadIdsList().toArray(String[]::new);
    v.plateText = w.getPlateText();
    v.country = w.getCountry();
    v.confidence = w.getConfidence();
    v.imageSha256 = w.getImageSha256();
    v.explanation = w.getExplanation();
    return v;
  }

  public static Violation toProto(ViolationRecord v) {
    Violation.Builder b = Violation.newBuilder()
        .setViolationId(v.violationId)
        .setZoneId(v.zoneId)
        .setVehicleKey(v.vehicleKey)
        .setEnforcementDay(v.enforcementDay)
        .setType(io.lezflow.schemas.v1.ViolationType.valueOf("VIOLATION_TYPE_" + v.violationType))
        .setFirstSeenMs(v.firstSeenAtMs)
        .setCameraId(nullToEmpty(v.cameraId))
        .setPolicyVersion(v.policyVersion)
        .setRule(nullToEmpty(v.rule))
        .setFineCents(v.fineCents)
        .setCurrency(nullToEmpty(v.currency))
        .setWarningOnly(v.warningOnly)
        .setNeedsReview(v.needsReview)
        .setExplanation(nullToEmpty(v.explanation))
        .setPlateText(nullToEmpty(v.plateText))
        .setCountry(nullToEmpty(v.country))
        .setConfidence(v.confidence)
        .setImageSha256(nullToEmpty(v.imageSha256));
    if (v.readIds != null) for (String id : v.readIds) b.addReadIds(id);
    return b.build();
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

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
