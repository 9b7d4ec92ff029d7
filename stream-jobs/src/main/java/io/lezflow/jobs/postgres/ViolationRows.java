package io.lezflow.jobs.postgres;

import io.lezflow.jobs.records.ViolationRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Violations and warnings into table {@code violations} (kind FINE or WARNING, a warning's
 * fineable_from: V3__warnings_and_history.sql), through their lifecycle (V2__violation_lifecycle.sql):
 * a candidate row (AWAITING_GRACE) as soon as a read makes one, settled once its grace window
 * closed (PENDING_REVIEW or DROPPED). Keyed on the deterministic violation_id, so writing any
 * record twice leaves the table as writing it once.
 */
public final class ViolationRows implements TableRows<ViolationRecord> {
  private static final long serialVersionUID = 1L;

  @Override
  public String table() {
    return "violations";
  }

  @Override
  public String insertSql() {
    return "INSERT INTO violations (violation_id, zone_id, vehicle_key, enforcement_day, violation_type, rule,"
        + " policy_version, fine_cents, currency, warning_only, needs_review, first_seen_at, camera_id, read_ids,"
        + " plate_text, country, confidence, image_sha256, explanation, status, decide_at, drop_reason, settled_at,"
        + " kind, fineable_from)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        + " CASE WHEN ? = 'AWAITING_GRACE' THEN NULL ELSE now() END, ?, ?)"
        // The job only moves a row out of AWAITING_GRACE: a replayed candidate never reopens a
        // settled row, a replayed settlement is a no-op, and an operator's review is never undone.
        + " ON CONFLICT (violation_id) DO UPDATE SET status = EXCLUDED.status, drop_reason = EXCLUDED.drop_reason,"
        + " settled_at = EXCLUDED.settled_at, violation_type = EXCLUDED.violation_type, rule = EXCLUDED.rule,"
        + " policy_version = EXCLUDED.policy_version, fine_cents = EXCLUDED.fine_cents, currency = EXCLUDED.currency,"
        + " warning_only = EXCLUDED.warning_only, kind = EXCLUDED.kind, fineable_from = EXCLUDED.fineable_from,"
        + " needs_review = EXCLUDED.needs_review, read_ids = EXCLUDED.read_ids,"
        + " explanation = EXCLUDED.explanation, first_seen_at = EXCLUDED.first_seen_at, camera_id = EXCLUDED.camera_id,"
        + " confidence = EXCLUDED.confidence, image_sha256 = EXCLUDED.image_sha256"
        + " WHERE violations.status = 'AWAITING_GRACE' AND EXCLUDED.status <> 'AWAITING_GRACE'";
  }

  @Override
  public void bind(PreparedStatement insert, ViolationRecord v, Connection connection) throws SQLException {
    insert.setString(1, v.violationId);
    insert.setString(2, v.zoneId);
    insert.setString(3, v.vehicleKey);
    insert.setObject(4, LocalDate.parse(v.enforcementDay));
    insert.setString(5, v.violationType);
    insert.setString(6, v.rule);
    insert.setInt(7, v.policyVersion);
    insert.setLong(8, v.fineCents);
    insert.setString(9, v.currency);
    insert.setBoolean(10, v.warningOnly);
    insert.setBoolean(11, v.needsReview);
    insert.setObject(12, OffsetDateTime.ofInstant(Instant.ofEpochMilli(v.firstSeenAtMs), ZoneOffset.UTC));
    insert.setString(13, v.cameraId);
    insert.setArray(14, connection.createArrayOf("text", v.readIds == null ? new String[0] : v.readIds));
    insert.setString(15, v.plateText);
    insert.setString(16, v.country);
    insert.setFloat(17, v.confidence);
    if (v.imageSha256 == null || v.imageSha256.isBlank()) {
      insert.setNull(18, Types.VARCHAR);
    } else {
      insert.setString(18, v.imageSha256);
    }
    insert.setString(19, v.explanation);
    String status = v.status == null ? ViolationRecord.PENDING_REVIEW : v.status;
    insert.setString(20, status);
    if (v.decideAtMs > 0) {
      insert.setObject(21, OffsetDateTime.ofInstant(Instant.ofEpochMilli(v.decideAtMs), ZoneOffset.UTC));
    } else {
      insert.setNull(21, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    insert.setString(22, v.dropReason);
    insert.setString(23, status);
    insert.setString(24, v.warningOnly ? ViolationRecord.WARNING : ViolationRecord.FINE);
    if (v.fineableFrom == null || v.fineableFrom.isBlank()) {
      insert.setNull(25, Types.DATE);
    } else {
      insert.setObject(25, LocalDate.parse(v.fineableFrom));
    }
  }

  @Override
  public String conflictKey(ViolationRecord v) {
    return v.violationId;
  }
}
