package io.lezflow.police;

import io.lezflow.schemas.plates.VehicleHmac;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes cameras and sightings the way the enforcement job's sink does (day partitions, keyed hashes). */
public final class SightingsFixture {
  private final Connections db;
  private int reads;

  public SightingsFixture(Connections db) {
    this.db = db;
  }

  public void camera(String cameraId, String policeZone, double lat, double lon) throws SQLException {
    try (Connection c = db.open(); PreparedStatement st = c.prepareStatement(
        "INSERT INTO cameras (camera_id, zone_id, police_zone, name, latitude, longitude, street, direction)"
            + " VALUES (?, 'brussels', ?, ?, ?, ?, 'Rue de la Loi', 'INBOUND')")) {
      st.setString(1, cameraId);
      st.setString(2, policeZone);
      st.setString(3, "Camera " + cameraId);
      st.setDouble(4, lat);
      st.setDouble(5, lon);
      st.executeUpdate();
    }
  }

  /** One sighting of {@code vehicleKey} ("CC:PLATE") at {@code cameraId}, hashed under {@code key}; returns its read id. */
  public String sighting(VehicleHmac key, String vehicleKey, String cameraId, Instant at) throws SQLException {
    return sighting(key, vehicleKey, cameraId, at, "brussels");
  }

  public String sighting(VehicleHmac key, String vehicleKey, String cameraId, Instant at, String zoneId) throws SQLException {
    String readId = cameraId + ":" + (++reads);
    partition(LocalDate.ofInstant(at, ZoneOffset.UTC));
    try (Connection c = db.open(); PreparedStatement st = c.prepareStatement(
        "INSERT INTO sightings (read_id, captured_at, camera_id, zone_id, vehicle_hash, outcome, hmac_key_id, vehicle_fold_hash,"
            + " lane, direction, confidence, image_key, image_sha256) VALUES (?, ?, ?, ?, ?, 'COMPLIANT', ?, ?, 1, 'INBOUND', 0.93, ?, ?)")) {
      st.setString(1, readId);
      st.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      st.setString(3, cameraId);
      st.setString(4, zoneId);
      st.setBytes(5, key.exact(vehicleKey));
      st.setString(6, key.keyId());
      st.setBytes(7, key.folded(vehicleKey));
      st.setString(8, "img/" + readId);
      st.setString(9, "ab".repeat(32));
      st.executeUpdate();
    }
    return readId;
  }

  public void partition(LocalDate day) throws SQLException {
    try (Connection c = db.open(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS sightings_" + day.format(DateTimeFormatter.BASIC_ISO_DATE)
          + " PARTITION OF sightings FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
    }
  }
}
