package io.lezflow.rules.decision;

import io.lezflow.rules.model.ViolationType;
import io.lezflow.schemas.v1.Violation;
import java.time.LocalDate;

/**
 * The answer of {@link EnforcementDecider#finalise} for one candidate, with a reviewer-readable
 * explanation (rule, zone and policy version, permit or fine limit used; no plate in clear).
 *
 * @param violationType the violation finally at stake: an unregistered foreign vehicle that
 *     registered in time may still end as EMISSION_BAN
 * @param violationId deterministic: {@code ViolationIds.of(zone, vehicleKey, enforcementDay)}
 * @param fineCents amount after fine limits and escalation, in minor units of {@code currency}; 0
 *     for DROP and warnings
 * @param dropReason for DROP only, else null
 * @param fineableFrom for a warning ({@code warningOnly}): the first day a fine is possible; else null
 */
public record FinalDecision(
    FinalOutcome outcome,
    Candidate candidate,
    ViolationType violationType,
    String violationId,
    String vehicleKey,
    int policyVersion,
    long fineCents,
    String currency,
    boolean warningOnly,
    DropReason dropReason,
    String rule,
    String explanation,
    LocalDate fineableFrom) {

  public boolean isIssued() {
    return outcome == FinalOutcome.ISSUE;
  }

  /**
   * The wire violation for ISSUE and MANUAL_REVIEW ({@code needs_review} set for the latter).
   * Plate text, country, confidence, camera and image hash come from the candidate's read.
   */
  public Violation toViolation() {
    if (outcome == FinalOutcome.DROP) throw new IllegalStateException("a dropped candidate is no violation");
    Candidate c = candidate;
    String plate = c.readVehicleKey().substring(c.readVehicleKey().indexOf(':') + 1);
    return Violation.newBuilder()
        .setViolationId(violationId)
        .setZoneId(c.zoneId())
        .setVehicleKey(vehicleKey)
        .setEnforcementDay(c.enforcementDay().toString())
        .setType(violationType.toProto())
        .addReadIds(c.readId())
        .setFirstSeenMs(c.capturedAt().toEpochMilli())
        .setCameraId(c.cameraId())
        .setPolicyVersion(policyVersion)
        .setRule(rule)
        .setFineCents(fineCents)
        .setCurrency(currency)
        .setWarningOnly(warningOnly)
        .setFineableFrom(fineableFrom == null ? "" : fineableFrom.toString())
        .setNeedsReview(outcome == FinalOutcome.MANUAL_REVIEW)
        .setExplanation(explanation)
        .setPlateText(plate)
        .setCountry(c.country())
        .setConfidence(c.confidence())
        .setImageSha256(c.imageSha256())
        .build();
  }
}
