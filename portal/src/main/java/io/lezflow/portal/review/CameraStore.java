package io.lezflow.portal.review;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Table {@code cameras} (written by the camera registry loader): every SQL statement on it lives here. */
public final class CameraStore {
  private final Jdbi jdbi;

  public CameraStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<Camera> all() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT camera_id, zone_id, police_zone, name, coalesce(latitude, 0), coalesce(longitude, 0) FROM cameras ORDER BY camera_id")
        .map((rs, c) -> new Camera(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getDouble(6)))
        .list());
  }

  public Optional<Camera> byId(String cameraId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT camera_id, zone_id, police_zone, name, coalesce(latitude, 0), coalesce(longitude, 0) FROM cameras WHERE camera_id = :id")
        .bind("id", cameraId)
        .map((rs, c) -> new Camera(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5), rs.getDouble(6)))
        .findOne());
  }
}
