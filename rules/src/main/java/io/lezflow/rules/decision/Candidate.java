package io.lezflow.rules.decision;

import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.model.ViolationType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A violation waiting for its grace window to close: everything {@link EnforcementDecider#finalise}
 * needs besides the permits, history and policy it is given then.
 *
 * <p>Flat on purpose (strings, instants, dates, enums, primitives, one flat nested record; no
 * collections or Optionals) so a stream processor can keep it in state without a generic
 * serializer; {@link CandidateCodec} gives a compact byte form as well.
 *
 * @param decideAt when to call finalise: the end of the grace window (e.g. 00:00 two days after
 *     the visit in Brussels, four days after in London), or the capture instant when nothing can
 *     change the outcome any more
 * @param vehicleKey the vehicle the violation is for (matched register key, else the key as read)
 * @param readVehicleKey the key as read
 * @param vehicle the register facts at the read, or null (unregistered foreign vehicle not in the
 *     register)
 * @param reviewDetail reviewer-readable detail of the review reason (match score etc.), else ""
 */
public record Candidate(
    String readId,
    String cameraId,
    String zoneId,
    int policyVersion,
    Instant capturedAt,
    LocalDate enforcementDay,
    Instant decideAt,
    String vehicleKey,
    String readVehicleKey,
    String country,
    float confidence,
    String imageSha256,
    ViolationType violationType,
    String rule,
    String explanation,
    VehicleFacts vehicle,
    ReviewReason reviewReason,
    String reviewDetail,
    String violationId) {

  public Candidate {
    Objects.requireNonNull(readId, "readId");
    Objects.requireNonNull(zoneId, "zoneId");
    Objects.requireNonNull(capturedAt, "capturedAt");
    Objects.requireNonNull(enforcementDay, "enforcementDay");
    Objects.requireNonNull(decideAt, "decideAt");
    Objects.requireNonNull(vehicleKey, "vehicleKey");
    Objects.requireNonNull(violationType, "violationType");
    Objects.requireNonNull(violationId, "violationId");
    cameraId = cameraId == null ? "" : cameraId;
    readVehicleKey = readVehicleKey == null ? vehicleKey : readVehicleKey;
    country = country == null ? "" : country;
    imageSha256 = imageSha256 == null ? "" : imageSha256;
    rule = rule == null ? "" : rule;
    explanation = explanation == null ? "" : explanation;
    reviewDetail = reviewDetail == null ? "" : reviewDetail;
  }

  /**
   * When a stream processor finalises this candidate: a grace window ({@link #decideAt} after the
   * capture) gets {@code permitArrivalMargin} on top, so a permit bought at the last moment and
   * still on its way counts; a candidate without one (nothing can be bought afterwards) is due at
   * its capture time, i.e. at once.
   */
  public Instant finaliseAt(Duration permitArrivalMargin) {
    Objects.requireNonNull(permitArrivalMargin, "permitArrivalMargin");
    return decideAt.isAfter(capturedAt) ? decideAt.plus(permitArrivalMargin) : capturedAt;
  }
}
