package io.lezflow.jobs.health;

import io.lezflow.jobs.postgres.TableRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The three tables of camera health, each written in JDBC batches by its own sink. Upserts are
 * guarded by {@code updated_ms} / {@code GREATEST}, so a replayed older update never overwrites a
 * newer one and writing an update twice changes nothing.
 */
final class CameraHealthRows {
  private CameraHealthRows() {}

  static Timestamp at(long epochMs) {
    return epochMs <= 0 ? null : Timestamp.from(Instant.ofEpochMilli(epochMs));
  }

  /** {@code camera_health}: the current view per camera. */
  static final class Current implements TableRows<CameraHealthUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public String table() {
      return "camera_health";
    }

    @Override
    public String insertSql() {
      return "INSERT INTO camera_health (camera_id, state, state_since, last_seen_at, last_reported_at, reported_state, last_sequence,"
          + " buffered_reads, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (camera_id) DO UPDATE SET"
          + " state = EXCLUDED.state, state_since = EXCLUDED.state_since, last_seen_at = EXCLUDED.last_seen_at,"
          + " last_reported_at = EXCLUDED.last_reported_at, reported_state = EXCLUDED.reported_state,"
          + " last_sequence = EXCLUDED.last_sequence, buffered_reads = EXCLUDED.buffered_reads, updated_ms = EXCLUDED.updated_ms"
          + " WHERE camera_health.updated_ms <= EXCLUDED.updated_ms";
    }

    @Override
    public void bind(PreparedStatement insert, CameraHealthUpdate u, Connection connection) throws SQLException {
      insert.setString(1, u.cameraId);
      insert.setString(2, u.state);
      insert.setTimestamp(3, at(u.stateSinceMs));
      insert.setTimestamp(4, at(u.lastSeenMs));
      insert.setTimestamp(5, at(u.lastReportedMs));
      insert.setString(6, u.reportedState);
      insert.setLong(7, u.lastSequence);
      insert.setInt(8, u.bufferedReads);
      insert.setLong(9, u.updatedMs);
    }

    @Override
    public String conflictKey(CameraHealthUpdate u) {
      return u.cameraId;
    }
  }

  /** {@code camera_state_changes}: the online/offline history (only updates that changed the state). */
  static final class StateChanges implements TableRows<CameraHealthUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public String table() {
      return "camera_state_changes";
    }

    @Override
    public String insertSql() {
      return "INSERT INTO camera_state_changes (camera_id, changed_at, state, reason) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (camera_id, changed_at, state) DO NOTHING";
    }

    @Override
    public void bind(PreparedStatement insert, CameraHealthUpdate u, Connection connection) throws SQLException {
      insert.setString(1, u.cameraId);
      insert.setTimestamp(2, at(u.stateSinceMs));
      insert.setString(3, u.state);
      insert.setString(4, u.reason);
    }
  }

  /** {@code camera_reads_hourly}: reads per camera and hour. */
  static final class ReadsHourly implements TableRows<CameraHealthUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public String table() {
      return "camera_reads_hourly";
    }

    @Override
    public String insertSql() {
      return "INSERT INTO camera_reads_hourly (camera_id, hour, reads) VALUES (?, ?, ?)"
          + " ON CONFLICT (camera_id, hour) DO UPDATE SET reads = GREATEST(camera_reads_hourly.reads, EXCLUDED.reads)";
    }

    @Override
    public void bind(PreparedStatement insert, CameraHealthUpdate u, Connection connection) throws SQLException {
      insert.setString(1, u.cameraId);
      insert.setTimestamp(2, Timestamp.from(Instant.ofEpochMilli(u.hourStartMs)));
      insert.setLong(3, u.readsInHour);
    }

    @Override
    public String conflictKey(CameraHealthUpdate u) {
      return u.cameraId + "@" + u.hourStartMs;
    }
  }
}
