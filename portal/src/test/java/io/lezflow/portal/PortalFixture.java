package io.lezflow.portal;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.auth.UserStore;
import io.lezflow.portal.evidence.SigningKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running portal on its own migrated schema (of the JVM-wide test PostgreSQL), a user per role,
 * and helpers to seed violations and call the API. One per test class.
 */
final class PortalFixture implements AutoCloseable {
  static final String PASSWORD = "correct horse battery";
  static final String POLICE_ZONE = "pz-north";

  final TestDatabase db;
  final PortalDatabase pool;
  final PortalServer server;
  final SigningKey key = SigningKey.generate();
  final HttpClient http = HttpClient.newHttpClient();
  private final Map<Role, String> tokens = new EnumMap<>(Role.class);

  PortalFixture() throws Exception {
    this(pool -> java.util.List.of());
  }

  /** @param extraRoutes route sets to start the portal with, made from the fixture's pool (e.g. the police pages) */
  PortalFixture(java.util.function.Function<PortalDatabase, java.util.List<java.util.function.BiConsumer<io.javalin.config.RoutesConfig,
      PortalServer.Services>>> extraRoutes) throws Exception {
    db = TestServices.freshDatabase();
    pool = PortalDatabase.open(db.jdbcUrl(), db.user(), db.password());
    UserStore users = new UserStore(pool.jdbi());
    for (Role r : Role.values()) users.add(user(r), r, r == Role.POLICE ? POLICE_ZONE : null, PASSWORD.toCharArray());
    users.add("supervisor2", Role.SUPERVISOR, null, PASSWORD.toCharArray());
    try (Connection c = db.open(); var st = c.createStatement()) {
      st.execute("INSERT INTO cameras (camera_id, zone_id, police_zone, name, latitude, longitude) VALUES"
          + " ('cam-n1', 'brussels', 'pz-north', 'Rue Nord 1', 50.87, 4.36),"
          + " ('cam-n2', 'brussels', 'pz-north', 'Rue Nord 2', 50.88, 4.38),"
          + " ('cam-s1', 'brussels', 'pz-south', 'Rue Sud 1', 50.80, 4.33)");
      // Until the evidence module's store lands in this schema, the portal reads this shape.
      st.execute("CREATE TABLE IF NOT EXISTS evidence_images (sha256 text PRIMARY KEY, content bytea NOT NULL, content_type text)");
      st.execute("CREATE TABLE IF NOT EXISTS evidence_alarms (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), kind text NOT NULL,"
          + " violation_id text NOT NULL, read_id text NOT NULL, camera_id text NOT NULL, image_key text, expected_sha256 text,"
          + " actual_sha256 text, detail text NOT NULL)");
    }
    server = PortalServer.start(PortalConfig.defaults(key), pool.jdbi(), extraRoutes.apply(pool));
  }

  static String user(Role r) {
    return r.id();
  }

  String url(String path) {
    return server.url() + (path.startsWith("/") ? path.substring(1) : path);
  }

  /** A bearer token of the role's user (cached). */
  synchronized String token(Role r) throws Exception {
    String t = tokens.get(r);
    if (t == null) {
      var res = post("/api/v1/tokens", null, "{\"username\":\"" + user(r) + "\",\"password\":\"" + PASSWORD + "\"}");
      if (res.statusCode() != 201) throw new IllegalStateException("login of " + r + " failed: " + res.statusCode() + " " + res.body());
      Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(res.body());
      if (!m.find()) throw new IllegalStateException(res.body());
      t = m.group(1);
      tokens.put(r, t);
    }
    return t;
  }

  HttpResponse<String> get(String path, Role as) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (as != null) b.header("Authorization", "Bearer " + token(as));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path, Role as) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (as != null) b.header("Authorization", "Bearer " + token(as));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String path, Role as, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
        .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) b.header("Content-Type", "application/json");
    if (as != null) b.header("Authorization", "Bearer " + token(as));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> decide(String id, Role as, String action, String reason) throws Exception {
    return post("/api/v1/violations/" + id + "/decision", as,
        "{\"action\":\"" + action + "\",\"reason_code\":\"" + reason + "\",\"note\":\"checked\"}");
  }

  /** A violation row as the enforcement job writes it. */
  record Seed(String id, String status, String cameraId, Instant firstSeen, boolean warning, String explanation, boolean needsReview,
      String imageSha256, String zone, String type) {
    static Seed pending(String id, String camera, Instant firstSeen) {
      return new Seed(id, "PENDING_REVIEW", camera, firstSeen, false, "[Brussels LEZ, policy brussels v2] diesel Euro 4 banned; EUR 350.00",
          false, null, "brussels", "LEZ_BAN");
    }

    Seed withStatus(String s) {
      return new Seed(id, s, cameraId, firstSeen, warning, explanation, needsReview, imageSha256, zone, type);
    }

    Seed asWarning() {
      return new Seed(id, status, cameraId, firstSeen, true, explanation, needsReview, imageSha256, zone, type);
    }

    Seed review(String detailExplanation) {
      return new Seed(id, status, cameraId, firstSeen, warning, detailExplanation, true, imageSha256, zone, type);
    }

    Seed image(String sha) {
      return new Seed(id, status, cameraId, firstSeen, warning, explanation, needsReview, sha, zone, type);
    }

    Seed zone(String z) {
      return new Seed(id, status, cameraId, firstSeen, warning, explanation, needsReview, imageSha256, z, type);
    }
  }

  void insert(Seed... seeds) throws Exception {
    try (Connection c = db.open();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO violations (violation_id, zone_id, vehicle_key, enforcement_day, violation_type, rule, policy_version, fine_cents,"
                + " currency, warning_only, kind, needs_review, first_seen_at, camera_id, read_ids, plate_text, country, confidence, image_sha256,"
                + " explanation, status, fineable_from) VALUES (?, ?, ?, ?, ?, 'brussels@v2:ban-step/diesel-euro-4', 2, 35000, 'EUR', ?,"
                + " CASE WHEN ? THEN 'WARNING' ELSE 'FINE' END, ?, ?, ?, ?, ?, 'BE', 0.93, ?, ?, ?, ?)")) {
      for (Seed s : seeds) {
        ps.setString(1, s.id());
        ps.setString(2, s.zone());
        ps.setString(3, "BE:1ABC" + Math.abs(s.id().hashCode() % 1000));
        ps.setObject(4, LocalDate.ofInstant(s.firstSeen(), ZoneOffset.UTC));
        ps.setString(5, s.type());
        ps.setBoolean(6, s.warning());
        ps.setBoolean(7, s.warning());
        ps.setBoolean(8, s.needsReview());
        ps.setObject(9, OffsetDateTime.ofInstant(s.firstSeen(), ZoneOffset.UTC));
        ps.setString(10, s.cameraId());
        ps.setArray(11, c.createArrayOf("text", new String[] {s.cameraId() + ":1"}));
        ps.setString(12, "1ABC" + Math.abs(s.id().hashCode() % 1000));
        ps.setString(13, s.imageSha256());
        ps.setString(14, s.explanation());
        ps.setString(15, s.status());
        // A warning-first warning: fineable three months after its day, as the decider writes it.
        ps.setObject(16, s.warning() ? LocalDate.ofInstant(s.firstSeen(), ZoneOffset.UTC).plusMonths(3) : null);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  void putImage(String sha, byte[] bytes) throws Exception {
    try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement("INSERT INTO evidence_images (sha256, content, content_type) VALUES (?, ?, 'image/png')")) {
      ps.setString(1, sha);
      ps.setBytes(2, bytes);
      ps.executeUpdate();
    }
  }

  @Override
  public void close() {
    server.close();
    pool.close();
    db.close();
  }
}
