package io.lezflow.jobs.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * A violation the enforcement issued (a fine, a fine for review, or a warning): a row of table
 * {@code violations} (V1__core_schema.sql), column for column, except {@code status} and {@code
 * created_at} which the database fills in, and the value of Kafka {@code lez.violations.v1}.
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

  /** {@code io.lezflow.rules.model.ViolationType} name, e.g. EMISSION_BAN, UNREGISTERED_FOREIGN. */
  public String violationType;
  public String rule;
  public int policyVersion;
  public long fineCents;
  public String currency;
  public boolean warningOnly;
  /** For a warning: the first day a fine is possible, ISO yyyy-MM-dd; else null. */
  public String fineableFrom;
  public boolean needsReview;
  /**
   * Capture time of the first read that proves the presence, epoch ms UTC. The evidence fields
   * (camera, plate, confidence, image) are those of the read the decision rests on, which is the
   * first read that needs no review when there is one.
   */
  public long firstSeenAtMs;

  public String cameraId;
  /** Reads that prove the presence, first one first. */
  public String[] readIds;

  public String plateText;
  public String country;
  public float confidence;
  public String imageSha256;
  public String explanation;

  /** Lifecycle status (V2__violation_lifecycle.sql): AWAITING_GRACE, PENDING_REVIEW or DROPPED as the job writes it. */
  public String status = PENDING_REVIEW;
  /** AWAITING_GRACE: when the grace window closes, epoch ms; 0 = not applicable. */
  public long decideAtMs;
  /** DROPPED: why it is not a fine after all. */
  public String dropReason;

  /** violations.kind (V3__warnings_and_history.sql) of a fine, and of a warning ({@link #warningOnly}). */
  public static final String FINE = "FINE";
  public static final String WARNING = "WARNING";
  public static final String AWAITING_GRACE = "AWAITING_GRACE";
  public static final String PENDING_REVIEW = "PENDING_REVIEW";
  public static final String DROPPED = "DROPPED";

  public ViolationRecord() {}

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
        && Objects.equals(explanation, other.explanation)
        && Objects.equals(status, other.status)
        && Objects.equals(fineableFrom, other.fineableFrom)
        && decideAtMs == other.decideAtMs
        && Objects.equals(dropReason, other.dropReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(violationId);
  }

  /** Without plate or vehicle key: the id is already plate-free (a digest). */
  @Override
  public String toString() {
    return "ViolationRecord{violationId=" + violationId + ", status=" + status + ", enforcementDay=" + enforcementDay
        + ", rule=" + rule + ", firstSeenAtMs=" + firstSeenAtMs + ", cameraId=" + cameraId + "}";
  }
}
