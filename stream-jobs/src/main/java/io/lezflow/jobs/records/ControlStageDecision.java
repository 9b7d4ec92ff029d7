package io.lezflow.jobs.records;

import java.util.Objects;

/**
 * A CONTROL-stage decision: a zone policy version accepted or rejected (with the validation
 * problems as explanation), once per enforcement instance.
 *
 * @param zoneId the zone as named by the policy message (for a message that does not parse, its key's)
 * @param version 0 when the message does not name one
 */
public record ControlStageDecision(Outcome outcome, String zoneId, int version, String explanation) implements StageDecision {

  public enum Outcome {
    POLICY_ACCEPTED,
    POLICY_REJECTED
  }

  public ControlStageDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(zoneId, "zoneId");
  }

  /** A policy message keyed {@code zone@vN} that one enforcement instance could not use. */
  public static ControlStageDecision rejected(String policyKey, String explanation) {
    int at = policyKey == null ? -1 : policyKey.lastIndexOf("@v");
    String zone = at < 0 ? String.valueOf(policyKey) : policyKey.substring(0, at);
    int version;
    try {
      version = at < 0 ? 0 : Integer.parseInt(policyKey.substring(at + 2));
    } catch (NumberFormatException e) {
      version = 0;
    }
    return new ControlStageDecision(Outcome.POLICY_REJECTED, zone, version, explanation);
  }

  @Override
  public DecisionRecord toRecord() {
    DecisionRecord r = new DecisionRecord();
    r.stage = DecisionRecord.Stage.CONTROL;
    r.outcome = outcome.name();
    r.zoneId = zoneId;
    r.policyVersion = version;
    r.rule = zoneId + "@v" + version + ":policy";
    r.explanation = explanation;
    return r;
  }
}
