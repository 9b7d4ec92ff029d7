package io.lezflow.jobs.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decision of the enforcement in the one shape every sink of decisions takes (JSON lines of
 * {@code lezflow replay}, tests): the flat Flink POJO of the three typed stage decisions, made only
 * by their {@link StageDecision#toRecord}. Build a {@link ReadStageDecision}, {@link
 * FinalStageDecision} or {@link ControlStageDecision}, never this record field by field.
 *
 * <p>Three stages:
 *
 * <ul>
 *   <li>{@link Stage#READ}: exactly one per read that reached the enforcement: an outcome of the
 *       rules' {@code evaluate} (COMPLIANT, EXEMPT, PERMITTED, OUTSIDE_ENFORCEMENT_WINDOW, WARNING,
 *       ALREADY_WARNED, WARNED_NOT_YET_FINEABLE, UNKNOWN_VEHICLE, CANDIDATE, NO_POLICY_IN_FORCE), or
 *       {@link #UNKNOWN_CAMERA}, or {@link #LATE_READ} (too far behind the watermark to be decided;
 *       kept on the late-read output), or REJECTED_READ (a replay's read that cannot be enforced).
 *   <li>{@link Stage#FINAL}: one per candidate violation once its grace window has closed: ISSUE,
 *       MANUAL_REVIEW or DROP (with {@link #dropReason}, NO_POLICY_IN_FORCE among them); {@link
 *       #readIds} lists every read of the vehicle that day in the zone. ISSUE and MANUAL_REVIEW are
 *       also violations.
 *   <li>{@link Stage#CONTROL}: a zone policy version {@link #POLICY_ACCEPTED} or {@link
 *       #POLICY_REJECTED} (with the validation problems as explanation), once per enforcement
 *       instance.
 * </ul>
 *
 * <p>Invariant: the explanation never contains a plate in clear; the vehicle keys are fields of
 * their own (violations carry them too; sightings never do). A Flink POJO.
 */
public class DecisionRecord {

  public enum Stage {
    READ,
    FINAL,
    CONTROL
  }

  public static final String UNKNOWN_CAMERA = Sighting.UNKNOWN_CAMERA;
  public static final String LATE_READ = "LATE_READ";
  public static final String POLICY_ACCEPTED = ControlStageDecision.Outcome.POLICY_ACCEPTED.name();
  public static final String POLICY_REJECTED = ControlStageDecision.Outcome.POLICY_REJECTED.name();

  public Stage stage;
  public String outcome;

  /** The read decided (READ), the first read of the violation (FINAL); null for CONTROL. */
  public String readId;
  /** FINAL: every read of the violation, first captured first; READ: the read. */
  public String[] readIds;

  /** READ: the read's camera; FINAL: the camera of the read the decision rests on. */
  public String cameraId;
  /** Capture time of {@link #readId}, epoch ms; 0 for CONTROL. */
  public long capturedAtMs;

  public String zoneId;
  /** The policy version the decision was made under; 0 when none was in force. */
  public int policyVersion;
  /** Stable rule id, {@code "<zone>@v<version>:<rule>"}. */
  public String rule;
  public String explanation;

  /** The vehicle decided about: the register entry matched, else the plate as read. */
  public String vehicleKey;
  /** The plate as read ({@code "CC:PLATE"}, normalised). */
  public String readVehicleKey;
  /** How the read matched the register: EXACT, FUZZY or NONE. */
  public String match;
  /** Confusable characters substituted in a FUZZY match (0 otherwise). */
  public int matchScore;

  /** The enforcement day (zone-local date), ISO yyyy-MM-dd. */
  public String enforcementDay;
  /** The permit that permitted or exempted the read. */
  public String permitId;

  public String violationType;
  public String violationId;
  /** CANDIDATE: when its grace window closes (event time), epoch ms. */
  public long decideAtMs;

  public long fineCents;
  public String currency;
  public boolean warningOnly;
  /** WARNING (and the warning-first outcomes): the first day a fine is possible, ISO yyyy-MM-dd. */
  public String fineableFrom;
  public boolean needsReview;
  public String reviewReason;
  public String dropReason;

  public DecisionRecord() {}

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof DecisionRecord other)) return false;
    return capturedAtMs == other.capturedAtMs
        && policyVersion == other.policyVersion
        && matchScore == other.matchScore
        && decideAtMs == other.decideAtMs
        && fineCents == other.fineCents
        && warningOnly == other.warningOnly
        && needsReview == other.needsReview
        && stage == other.stage
        && Objects.equals(outcome, other.outcome)
        && Objects.equals(readId, other.readId)
        && Arrays.equals(readIds, other.readIds)
        && Objects.equals(cameraId, other.cameraId)
        && Objects.equals(zoneId, other.zoneId)
        && Objects.equals(rule, other.rule)
        && Objects.equals(explanation, other.explanation)
        && Objects.equals(vehicleKey, other.vehicleKey)
        && Objects.equals(readVehicleKey, other.readVehicleKey)
        && Objects.equals(match, other.match)
        && Objects.equals(enforcementDay, other.enforcementDay)
        && Objects.equals(permitId, other.permitId)
        && Objects.equals(violationType, other.violationType)
        && Objects.equals(violationId, other.violationId)
        && Objects.equals(currency, other.currency)
        && Objects.equals(reviewReason, other.reviewReason)
        && Objects.equals(dropReason, other.dropReason)
        && Objects.equals(fineableFrom, other.fineableFrom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stage, outcome, readId, violationId);
  }

  /** Without vehicle keys: this string may end up in a log line. */
  @Override
  public String toString() {
    return "DecisionRecord{" + stage + " " + outcome + ", readId=" + readId + ", zone=" + zoneId + " v" + policyVersion
        + ", rule=" + rule + (violationId == null ? "" : ", violationId=" + violationId) + "}";
  }
}
