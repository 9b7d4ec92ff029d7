package io.lezflow.portal;

import io.lezflow.embedded.TestServices;
import io.lezflow.police.Connections;
import io.lezflow.police.LegalProfile;
import io.lezflow.police.hotlist.KafkaHotlistPublisher;
import io.lezflow.police.search.SearchLimits;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.auth.UserStore;
import io.lezflow.portal.police.PoliceRoutes;
import io.lezflow.portal.police.PoliceServices;
import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A portal with the police pages on a fresh schema: the portal fixture's users (its police user is
 * administrative, zone pz-north) plus {@code judge} (judicial, pz-north) and {@code south}
 * (administrative, pz-south); more pz-north cameras for a map; hotlist changes published to the
 * shared embedded Kafka. Sightings are written as the enforcement job's sink writes them.
 */
final class PoliceFixture implements AutoCloseable {
  static final String SECRET = "portal-test-sightings-secret";
  static final VehicleHmacKeyring KEYRING = VehicleHmacKeyring.of(SECRET, null);

  final PortalFixture portal;
  PoliceServices police;
  private KafkaHotlistPublisher publisher;
  private int reads;

  PoliceFixture() throws Exception {
    portal = new PortalFixture(pool -> {
      publisher = new KafkaHotlistPublisher(TestServices.sharedKafka().bootstrapServers());
      police = PoliceServices.open(Connections.of(pool.dataSource()), publisher, publisher, KEYRING,
          SearchLimits.BELGIAN_LAW.withRate(500, Duration.ofMinutes(10)), Duration.ofMillis(100), Clock.systemUTC());
      return List.of(PoliceRoutes.of(police));
    });
    UserStore users = new UserStore(portal.pool.jdbi());
    users.add("judge", Role.POLICE, PortalFixture.POLICE_ZONE, LegalProfile.JUDICIAL, PortalFixture.PASSWORD.toCharArray());
    users.add("south", Role.POLICE, "pz-south", PortalFixture.PASSWORD.toCharArray());
    try (Connection c = portal.db.open(); Statement st = c.createStatement()) {
      st.execute("UPDATE cameras SET street = name, direction = 'INBOUND'");
      st.execute("INSERT INTO cameras (camera_id, zone_id, police_zone, name, street, direction, latitude, longitude) VALUES"
          + " ('cam-n3', 'brussels', 'pz-north', 'Avenue Nord 3', 'Avenue Nord 3', 'OUTBOUND', 50.875, 4.345),"
          + " ('cam-n4', 'brussels', 'pz-north', 'Boulevard Nord 4', 'Boulevard Nord 4', 'INBOUND', 50.885, 4.352),"
          + " ('cam-n5', 'brussels', 'pz-north', 'Place Nord 5', 'Place Nord 5', 'INBOUND', 50.892, 4.371),"
          + " ('cam-n6', 'brussels', 'pz-north', 'Chaussée Nord 6', 'Chaussée Nord 6', 'OUTBOUND', 50.868, 4.389),"
          + " ('cam-n7', 'brussels', 'pz-north', 'Quai Nord 7', 'Quai Nord 7', 'INBOUND', 50.861, 4.352),"
          + " ('cam-n8', 'brussels', 'pz-north', 'Rue Nord 8', 'Rue Nord 8', 'INBOUND', 50.896, 4.342),"
          + " ('cam-n9', 'brussels', 'pz-north', 'Avenue Nord 9', 'Avenue Nord 9', 'OUTBOUND', 50.858, 4.372)");
      // Health as the camera-health job writes it: most online, one degraded, one offline.
      st.execute("INSERT INTO camera_health (camera_id, state, state_since, last_seen_at, updated_ms)"
          + " SELECT camera_id, CASE camera_id WHEN 'cam-n8' THEN 'DEGRADED' WHEN 'cam-n9' THEN 'OFFLINE' ELSE 'ONLINE' END,"
          + " now() - interval '1 hour', now() - interval '5 seconds', 1 FROM cameras");
    }
  }

  /** A session for a user name (the fixture's role users are named by role). */
  PortalApiTest.Session login(String user) throws Exception {
    return PortalApiTest.Session.login(portal, user);
  }

  /** One sighting of {@code vehicleKey} ("CC:PLATE") at {@code cameraId}; returns its read id. */
  String sighting(String vehicleKey, String cameraId, Instant at) throws Exception {
    VehicleHmac key = KEYRING.current();
    String readId = cameraId + ":p" + (++reads);
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    try (Connection c = portal.db.open()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS sightings_" + day.format(DateTimeFormatter.BASIC_ISO_DATE)
            + " PARTITION OF sightings FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
      }
      try (PreparedStatement st = c.prepareStatement(
          "INSERT INTO sightings (read_id, captured_at, camera_id, zone_id, vehicle_hash, outcome, hmac_key_id, vehicle_fold_hash,"
              + " lane, direction, confidence, image_key, image_sha256) VALUES (?, ?, ?, 'brussels', ?, 'COMPLIANT', ?, ?, 1, 'INBOUND', 0.93, ?, ?)")) {
        st.setString(1, readId);
        st.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        st.setString(3, cameraId);
        st.setBytes(4, key.exact(vehicleKey));
        st.setString(5, key.keyId());
        st.setBytes(6, key.folded(vehicleKey));
        st.setString(7, "img/" + readId);
        st.setString(8, "ab".repeat(32));
        st.executeUpdate();
      }
    }
    return readId;
  }

  /** A hotlist alert row as the alert notifier stores it (entry made on the spot, no plate). */
  void alert(String alertId, String policeZone, String cameraId, Instant at) throws Exception {
    try (Connection c = portal.db.open()) {
      try (PreparedStatement e = c.prepareStatement("INSERT INTO hotlist_entries (entry_id, police_zone, hmac_key_id, vehicle_hash,"
          + " vehicle_fold_hash, reason, reference, listed_by, listed_at, expires_at) VALUES (?, ?, 'k', '\\x00', '\\x00', 'stolen vehicle',"
          + " ?, 'seed', now(), now() + interval '1 day') ON CONFLICT DO NOTHING")) {
        e.setString(1, "entry-" + alertId);
        e.setString(2, policeZone);
        e.setString(3, "PV " + alertId);
        e.executeUpdate();
      }
      try (PreparedStatement a = c.prepareStatement("INSERT INTO hotlist_alerts (alert_id, entry_id, police_zone, camera_id, read_id,"
          + " captured_at, match, alerted_at) VALUES (?, ?, ?, ?, ?, ?, 'EXACT', ?)")) {
        a.setString(1, alertId);
        a.setString(2, "entry-" + alertId);
        a.setString(3, policeZone);
        a.setString(4, cameraId);
        a.setString(5, cameraId + ":" + alertId);
        a.setObject(6, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        a.setObject(7, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        a.executeUpdate();
      }
    }
  }

  long auditEntries() throws Exception {
    try (Connection c = portal.db.open(); Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM audit_log")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    portal.close();
    if (police != null) police.close();
  }
}
