package io.lezflow.jobs.postgres;

import io.lezflow.jobs.domain.ViolationRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Violations into table {@code violations}; a second row with the same deterministic
 * violation_id is ignored, so the first evidence written for a (zone, vehicle, day) stays.
 * {@code status} and {@code created_at} are left to the table defaults.
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
        + " plate_text, country, confidence, image_sha256, explanation)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (violation_id) DO NOTHING";
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
  }
}
