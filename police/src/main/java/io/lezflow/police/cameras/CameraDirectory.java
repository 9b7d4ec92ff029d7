package io.lezflow.police.cameras;

import io.lezflow.police.Connections;
import io.lezflow.schemas.CameraNetwork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera registry in table {@code cameras}, and the cameras' health as the camera-health job
 * wrote it: what the police pages show on a map.
 *
 * <p>{@link #load} makes the table equal to a network file in one transaction: new cameras are
 * added, changed ones updated in place, cameras missing from the file marked inactive (never
 * deleted: their sightings still name them). Loading the same file again changes nothing, so
 * "reload at runtime" is calling it again.
 */
public final class CameraDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(CameraDirectory.class);

  private final Connections db;

  public CameraDirectory(Connections db) {
    this.db = db;
  }

  /** What a load changed. */
  public record LoadReport(int cameras, int deactivated) {}

  public LoadReport load(List<CameraNetwork.Site> sites) {
    try (Connection c = db.open()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement upsert = c.prepareStatement(
            "INSERT INTO cameras (camera_id, zone_id, police_zone, name, latitude, longitude, direction, street, active, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, true, now()) ON CONFLICT (camera_id) DO UPDATE SET zone_id = EXCLUDED.zone_id,"
                + " police_zone = EXCLUDED.police_zone, name = EXCLUDED.name, latitude = EXCLUDED.latitude,"
                + " longitude = EXCLUDED.longitude, direction = EXCLUDED.direction, street = EXCLUDED.street, active = true,"
                + " updated_at = now()"
                + " WHERE (cameras.zone_id, cameras.police_zone, cameras.name, cameras.latitude, cameras.longitude, cameras.direction,"
                + " cameras.street, cameras.active) IS DISTINCT FROM (EXCLUDED.zone_id, EXCLUDED.police_zone, EXCLUDED.name,"
                + " EXCLUDED.latitude, EXCLUDED.longitude, EXCLUDED.direction, EXCLUDED.street, true)")) {
          for (CameraNetwork.Site s : sites) {
            upsert.setString(1, s.cameraId());
            upsert.setString(2, s.lezZone());
            upsert.setString(3, s.policeZone());
            upsert.setString(4, s.street() + " (" + s.policeZoneName() + ")");
            upsert.setDouble(5, s.latitude());
            upsert.setDouble(6, s.longitude());
            upsert.setString(7, s.direction());
            upsert.setString(8, s.street());
            upsert.addBatch();
          }
          upsert.executeBatch();
        }
        int deactivated;
        try (PreparedStatement off = c.prepareStatement(
            "UPDATE cameras SET active = false, updated_at = now() WHERE active AND NOT (camera_id = ANY (?))")) {
          off.setArray(1, c.createArrayOf("text", sites.stream().map(CameraNetwork.Site::cameraId).toArray()));
          deactivated = off.executeUpdate();
        }
        c.commit();
        LOG.info("camera registry loaded: {} cameras, {} no longer in the file marked inactive", sites.size(), deactivated);
        return new LoadReport(sites.size(), deactivated);
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("loading the camera registry failed: SQLState " + e.getSQLState());
    }
  }

  /**
   * A camera on the map: where it stands, what it watches, and its health (state UNKNOWN when the
   * health job has never heard it).
   */
  public record CameraView(
      String cameraId,
      String policeZone,
      String lezZone,
      String street,
      double latitude,
      double longitude,
      String direction,
      boolean active,
      String state,
      Instant stateSince,
      Instant lastSeen,
      long readsLastHour) {}

  /** The cameras of one police zone (null = all) with their health, by camera id. */
  public List<CameraView> cameras(String policeZone) {
    String sql = "SELECT c.camera_id, c.police_zone, c.zone_id, c.street, c.latitude, c.longitude, c.direction, c.active,"
        + " h.state, h.state_since, h.last_seen_at,"
        + " (SELECT r.reads FROM camera_reads_hourly r WHERE r.camera_id = c.camera_id ORDER BY r.hour DESC LIMIT 1) AS reads"
        + " FROM cameras c LEFT JOIN camera_health h ON h.camera_id = c.camera_id"
        + (policeZone == null ? "" : " WHERE c.police_zone = ?") + " ORDER BY c.camera_id";
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(sql)) {
      if (policeZone != null) q.setString(1, policeZone);
      List<CameraView> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new CameraView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getDouble(6),
              rs.getString(7), rs.getBoolean(8), rs.getString(9) == null ? "UNKNOWN" : rs.getString(9), instant(rs, 10),
              instant(rs, 11), rs.getLong(12)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the cameras failed: SQLState " + e.getSQLState());
    }
  }

  /** A camera's online/offline history, newest first, at most {@code limit}. */
  public record StateChange(Instant at, String state, String reason) {}

  public List<StateChange> history(String cameraId, int limit) {
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(
        "SELECT changed_at, state, reason FROM camera_state_changes WHERE camera_id = ? ORDER BY changed_at DESC LIMIT ?")) {
      q.setString(1, cameraId);
      q.setInt(2, Math.max(1, limit));
      List<StateChange> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) out.add(new StateChange(instant(rs, 1), rs.getString(2), rs.getString(3)));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading a camera's history failed: SQLState " + e.getSQLState());
    }
  }

  /** Reads per hour of one camera between {@code from} and {@code to}, oldest first. */
  public record HourlyReads(Instant hour, long reads) {}

  public List<HourlyReads> readsPerHour(String cameraId, Instant from, Instant to) {
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(
        "SELECT hour, reads FROM camera_reads_hourly WHERE camera_id = ? AND hour >= ? AND hour < ? ORDER BY hour")) {
      q.setString(1, cameraId);
      q.setTimestamp(2, Timestamp.from(from));
      q.setTimestamp(3, Timestamp.from(to));
      List<HourlyReads> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) out.add(new HourlyReads(instant(rs, 1), rs.getLong(2)));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading a camera's reads per hour failed: SQLState " + e.getSQLState());
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
