package io.lezflow.ops;

import io.lezflow.schemas.v1.CameraRegistration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Writes the camera registry to the {@code cameras} table (the portal and police queries read it there). */
final class CameraTable {
  private CameraTable() {}

  static void upsert(LocalStack stack, List<CameraRegistration> cameras) throws SQLException {
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO cameras (camera_id, zone_id, police_zone, name, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (camera_id) DO UPDATE SET zone_id = EXCLUDED.zone_id, police_zone = EXCLUDED.police_zone, "
                    + "name = EXCLUDED.name, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude")) {
      for (CameraRegistration camera : cameras) {
        insert.setString(1, camera.getCameraId());
        insert.setString(2, camera.getZoneId());
        insert.setString(3, camera.getPoliceZone());
        insert.setString(4, camera.getName());
        insert.setDouble(5, camera.getLatitude());
        insert.setDouble(6, camera.getLongitude());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
