package io.lezflow.jobs.domain;

import io.lezflow.schemas.ViolationIds;
import java.util.Arrays;
import java.util.Objects;

/**
 * A candidate fine: a row of table {@code violations} (V1__core_schema.sql), column for column,
 * except {@code status} and {@code created_at} which the database fills in.
 *
 * <p>Invariant: {@link #violationId} is {@code ViolationIds.of(zone, vehicleKey,
 * enforcementDay)}, so the same vehicle in the same zone on the same day always gives the same id
 * and a replay cannot create a second row. Only violations keep the plate in clear: they are the
 * evidence of a fine. A Flink POJO: arrays, not lists, and ISO dates / epoch ms, not {@code
 * java.time}, so the PojoSerializer handles it without Kryo.
 */
public class ViolationRecord {
  public String violationId;
  public String zoneId;
  public String vehicleKey;
  /** ISO yyyy-MM-dd in the zone's time zone. */
  public String enforcementDay;

  public String violationType;
  public String rule;
  public int policyVersion;
  public long fineCents;
  public String currency;
  public boolean warningOnly;
  public boolean needsReview;
  /** Capture time of the first read that proves the presence, epoch ms UTC. */
  public long firstSeenAtMs;

  public String cameraId;
  /** Reads that prove the presence, first one first. */
  public String[] readIds;

  public String plateText;
  public String country;
  public float confidence;
  public String imageSha256;
  public String explanation;

  public ViolationRecord() {}

  /** The violation a read proves, under the decision that found it. */
  public static ViolationRecord of(ReadEvent read, Decision decision) {
    if (!decision.isViolation()) {
      throw new IllegalArgumentException("not a violation: " + decision.outcome());
    }
    ViolationRecord v = new ViolationRecord();
    v.violationId = ViolationIds.of(decision.zoneId(), read.vehicleKey, decision.enforcementDay());
    v.zoneId = decision.zoneId();
    v.vehicleKey = read.vehicleKey;
    v.enforcementDay = decision.enforcementDay().toString();
    v.violationType = Decision.EMISSION_BAN;
    v.rule = decision.ruleName();
    v.policyVersion = decision.policyVersion();
    v.fineCents = decision.fineCents();
    v.currency = decision.currency();
    v.warningOnly = false;
    v.needsReview = false;
    v.firstSeenAtMs = read.capturedAtMs;
    v.cameraId = read.cameraId;
    v.readIds = new String[] {read.readId};
    v.plateText = read.plateText;
    v.country = read.country;
    v.confidence = read.confidence;
    v.imageSha256 = read.imageSha256;
    v.explanation = decision.explanation();
    return v;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof ViolationRecord other)) return false;
    return policyVersion == other.policyVersion
        && fineCents == other.fineCents
        && warningOnly == other.warningOnly
        && needsReview == other.needsReview
        && firstSeenAtMs == other.firstSeenAtMs
        && Float.compare(confidence, other.confidence) == 0
        && Objects.equals(violationId, other.violationId)
        && Objects.equals(zoneId, other.zoneId)
        && Objects.equals(vehicleKey, other.vehicleKey)
        && Objects.equals(enforcementDay, other.enforcementDay)
        && Objects.equals(violationType, other.violationType)
        && Objects.equals(rule, other.rule)
        && Objects.equals(currency, other.currency)
        && Objects.equals(cameraId, other.cameraId)
        && Arrays.equals(readIds, other.readIds)
        && Objects.equals(plateText, other.plateText)
        && Objects.equals(country, other.country)
        && Objects.equals(imageSha256, other.imageSha256)
        && Objects.equals(explanation, other.explanation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(violationId);
  }

  /** Without plate or vehicle key: the id is already plate-free (a digest). */
  @Override
  public String toString() {
    return "ViolationRecord{violationId=" + violationId + ", enforcementDay=" + enforcementDay
        + ", rule=" + rule + ", firstSeenAtMs=" + firstSeenAtMs + ", cameraId=" + cameraId + "}";
  }
}
