package io.lezflow.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.portal.PortalFixture.Seed;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.auth.UserStore;
import io.lezflow.portal.evidence.EvidenceImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every API endpoint with its negative cases, against a real portal on a real PostgreSQL. */
class PortalApiTest {
  private static PortalFixture f;
  private static final Instant T0 = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4};

  @BeforeAll
  static void start() throws Exception {
    f = new PortalFixture();
    f.insert(
        Seed.pending("v-north-1", "cam-n1", T0),
        Seed.pending("v-north-2", "cam-n2", T0.plusSeconds(60)).image(EvidenceImages.sha256Hex(PNG)),
        Seed.pending("v-south-1", "cam-s1", T0.plusSeconds(120)),
        Seed.pending("v-low", "cam-n1", T0.plusSeconds(180))
            .review("[Brussels LEZ, policy brussels v2] banned; EUR 350.00; needs review: OCR confidence 0.41 below 0.6"),
        Seed.pending("v-fuzzy", "cam-n1", T0.plusSeconds(240))
            .review("[Brussels LEZ, policy brussels v2] banned; EUR 350.00; needs review: fuzzy match 1A8C123 ~ 1ABC123 (score 1)"),
        Seed.pending("v-warn", "cam-n1", T0.plusSeconds(300)).asWarning(),
        Seed.pending("v-concurrent", "cam-n1", T0.plusSeconds(360)),
        Seed.pending("v-bad-image", "cam-n1", T0.plusSeconds(420)).image("ab".repeat(32)),
        Seed.pending("v-approved", "cam-n1", T0.plusSeconds(480)).withStatus("APPROVED").image(EvidenceImages.sha256Hex(PNG)),
        Seed.pending("v-grace", "cam-n1", T0.plusSeconds(540)).withStatus("AWAITING_GRACE"),
        Seed.pending("v-csrf", "cam-s1", T0.plusSeconds(600)));
    f.putImage(EvidenceImages.sha256Hex(PNG), PNG);
    f.putImage("ab".repeat(32), new byte[] {1, 2, 3}); // bytes that do not match their key
    try (var c = f.db.open(); var st = c.createStatement()) {
      st.execute("INSERT INTO evidence_alarms (kind, violation_id, read_id, camera_id, expected_sha256, actual_sha256, detail)"
          + " VALUES ('HASH_MISMATCH', 'v-bad-image', 'cam-n1:1', 'cam-n1', '" + "ab".repeat(32) + "', '" + "cd".repeat(32)
          + "', 'the camera served bytes whose SHA-256 differs')");
    }
  }

  @AfterAll
  static void stop() {
    if (f != null) f.close();
  }

  @Test
  void publicEndpoints() throws Exception {
    assertThat(f.get("/health", null).statusCode()).isEqualTo(200);
    var spec = f.get("/openapi.yaml", null);
    assertThat(spec.statusCode()).isEqualTo(200);
    assertThat(spec.body()).startsWith("openapi: 3").contains("/api/v1/violations/{id}/decision");
    assertThat(f.get("/webjars/htmx.org/2.0.4/dist/htmx.min.js", null).statusCode()).isEqualTo(200);
    assertThat(f.get("/static/portal.css", null).statusCode()).isEqualTo(200);
  }

  @Test
  void metricsCountRequestsPerRouteTemplateNeverPerPath() throws Exception {
    assertThat(f.get("/api/v1/violations/v-north-2", Role.OPERATOR).statusCode()).isEqualTo(200);
    assertThat(f.get("/api/v1/violations/nope", Role.OPERATOR).statusCode()).isEqualTo(404);
    assertThat(f.get("/no/such/page/1ABC123", null).statusCode()).isEqualTo(404);
    var metrics = f.get("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body())
        .containsPattern("lez_portal_http_requests_total\\{method=\"GET\",route=\"/api/v1/violations/\\{id}\",status=\"200\"} [1-9]")
        .containsPattern("lez_portal_http_requests_total\\{method=\"GET\",route=\"/api/v1/violations/\\{id}\",status=\"404\"} [1-9]")
        .contains("route=\"unmatched\"")
        .contains("lez_portal_http_request_duration_seconds_bucket")
        .contains("jvm_memory_used_bytes")
        // Ids and paths are never labels.
        .doesNotContain("v-north-2").doesNotContain("nope").doesNotContain("1ABC123");
  }

  @Test
  void tokensAndMe() throws Exception {
    assertThat(f.get("/api/v1/me", null).statusCode()).isEqualTo(401);
    var bad = HttpRequest.newBuilder(URI.create(f.url("/api/v1/me"))).header("Authorization", "Bearer nope").build();
    assertThat(f.http.send(bad, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    var me = f.get("/api/v1/me", Role.POLICE);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"role\":\"police\"").contains("\"police_zone\":\"pz-north\"");

    var wrong = f.post("/api/v1/tokens", null, "{\"username\":\"operator\",\"password\":\"wrong password\"}");
    var unknown = f.post("/api/v1/tokens", null, "{\"username\":\"nobody\",\"password\":\"wrong password\"}");
    assertThat(wrong.statusCode()).isEqualTo(401);
    // Nothing tells a wrong password from an unknown user.
    assertThat(wrong.body()).isEqualTo(unknown.body());
    assertThat(f.post("/api/v1/tokens", null, "{not json").statusCode()).isEqualTo(400);
    assertThat(f.post("/api/v1/tokens", null, "{\"username\":\"operator\"}").body()).contains("username and password are required");
    var notJson = HttpRequest.newBuilder(URI.create(f.url("/api/v1/tokens"))).POST(HttpRequest.BodyPublishers.ofString("username=a")).build();
    assertThat(f.http.send(notJson, HttpResponse.BodyHandlers.ofString()).body()).contains("Content-Type: application/json");
  }

  @Test
  void loginsAreRateLimited() throws Exception {
    new UserStore(f.pool.jdbi()).add("limited", Role.OPERATOR, null, PortalFixture.PASSWORD.toCharArray());
    for (int i = 0; i < 5; i++) {
      assertThat(f.post("/api/v1/tokens", null, "{\"username\":\"limited\",\"password\":\"guess " + i + "\"}").statusCode()).isEqualTo(401);
    }
    // Locked now, even with the right password.
    var locked = f.post("/api/v1/tokens", null, "{\"username\":\"limited\",\"password\":\"" + PortalFixture.PASSWORD + "\"}");
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.body()).contains("too_many_attempts");
  }

  @Test
  void disabledUserIsLockedOut() throws Exception {
    new UserStore(f.pool.jdbi()).add("leaver", Role.OPERATOR, null, PortalFixture.PASSWORD.toCharArray());
    var ok = f.post("/api/v1/tokens", null, "{\"username\":\"leaver\",\"password\":\"" + PortalFixture.PASSWORD + "\"}");
    String token = ok.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    new UserStore(f.pool.jdbi()).disable("leaver");
    var req = HttpRequest.newBuilder(URI.create(f.url("/api/v1/me"))).header("Authorization", "Bearer " + token).build();
    assertThat(f.http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    assertThat(f.post("/api/v1/tokens", null, "{\"username\":\"leaver\",\"password\":\"" + PortalFixture.PASSWORD + "\"}").statusCode()).isEqualTo(401);
  }

  @Test
  void queueFiltersAndScope() throws Exception {
    assertThat(f.get("/api/v1/violations", null).statusCode()).isEqualTo(401);
    assertThat(f.get("/api/v1/violations", Role.ENGINEER).statusCode()).isEqualTo(403);
    var all = f.get("/api/v1/violations", Role.OPERATOR);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(ids(all.body())).startsWith("v-north-1", "v-north-2", "v-south-1").doesNotContain("v-approved", "v-grace");
    assertThat(ids(f.get("/api/v1/violations?review_reason=LOW_CONFIDENCE", Role.OPERATOR).body())).containsExactly("v-low");
    assertThat(ids(f.get("/api/v1/violations?review_reason=FUZZY_PLATE_MATCH", Role.OPERATOR).body())).containsExactly("v-fuzzy");
    assertThat(ids(f.get("/api/v1/violations?kind=WARNING", Role.AUDITOR).body())).containsExactly("v-warn");
    assertThat(ids(f.get("/api/v1/violations?status=APPROVED", Role.OPERATOR).body())).contains("v-approved");
    assertThat(ids(f.get("/api/v1/violations?zone=antwerp", Role.OPERATOR).body())).isEmpty();
    String day = T0.toString().substring(0, 10);
    assertThat(ids(f.get("/api/v1/violations?from=" + day + "&to=" + day + "&type=LEZ_BAN", Role.OPERATOR).body())).contains("v-north-1");
    assertThat(ids(f.get("/api/v1/violations?from=2099-01-01", Role.OPERATOR).body())).isEmpty();
    // Police see their police zone only.
    assertThat(ids(f.get("/api/v1/violations", Role.POLICE).body())).contains("v-north-1").doesNotContain("v-south-1");

    // Paging: two at a time, no row twice, none lost.
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      var page = f.get("/api/v1/violations?limit=2" + (cursor == null ? "" : "&after=" + cursor), Role.OPERATOR);
      paged.addAll(ids(page.body()));
      Matcher m = Pattern.compile("\"next_cursor\":\"([^\"]+)\"").matcher(page.body());
      cursor = m.find() ? m.group(1) : null;
    } while (cursor != null);
    assertThat(paged).containsExactlyElementsOf(ids(all.body()));

    for (String bad : List.of("status=OPEN", "limit=0", "limit=x", "from=yesterday", "after=garbage", "review_reason=TIRED", "kind=BOTH",
        "from=2026-02-02&to=2026-01-01", "zone=a%20b")) {
      var res = f.get("/api/v1/violations?" + bad, Role.OPERATOR);
      assertThat(res.statusCode()).as(bad).isEqualTo(400);
      assertThat(res.body()).as(bad).contains("\"error\":\"bad_request\"").contains(bad.substring(0, bad.indexOf('=')));
    }
  }

  @Test
  void detailEventsAndImage() throws Exception {
    assertThat(f.get("/api/v1/violations/v-north-2", null).statusCode()).isEqualTo(401);
    assertThat(f.get("/api/v1/violations/v-north-2", Role.ENGINEER).statusCode()).isEqualTo(403);
    assertThat(f.get("/api/v1/violations/nope", Role.OPERATOR).statusCode()).isEqualTo(404);
    var detail = f.get("/api/v1/violations/v-north-2", Role.OPERATOR);
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.body()).contains("\"camera_id\":\"cam-n2\"").contains("\"policy_version\":2").contains("\"image_available\":true")
        .contains("\"reads\":[{\"read_id\":\"cam-n2:1\"");
    assertThat(f.get("/api/v1/violations/v-fuzzy", Role.OPERATOR).body()).contains("\"review_detail\":\"fuzzy match 1A8C123 ~ 1ABC123 (score 1)\"");
    // Out of a police user's scope: 404, the same as a missing one, not 403.
    var outOfScope = f.get("/api/v1/violations/v-south-1", Role.POLICE);
    assertThat(outOfScope.statusCode()).isEqualTo(404);
    assertThat(outOfScope.body()).isEqualTo(f.get("/api/v1/violations/nope", Role.POLICE).body());
    assertThat(f.get("/api/v1/violations/v-north-1", Role.POLICE).statusCode()).isEqualTo(200);

    assertThat(f.get("/api/v1/violations/v-north-1/events", null).statusCode()).isEqualTo(401);
    assertThat(f.get("/api/v1/violations/v-north-1/events", Role.ENGINEER).statusCode()).isEqualTo(403);
    assertThat(f.get("/api/v1/violations/v-south-1/events", Role.POLICE).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/violations/v-north-1/events", Role.AUDITOR).statusCode()).isEqualTo(200);

    var image = f.getBytes("/api/v1/violations/v-north-2/image", Role.OPERATOR);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.body()).isEqualTo(PNG);
    assertThat(image.headers().firstValue("X-Image-SHA256")).contains(EvidenceImages.sha256Hex(PNG));
    assertThat(f.get("/api/v1/violations/v-north-2/image", null).statusCode()).isEqualTo(401);
    assertThat(f.get("/api/v1/violations/v-north-2/image", Role.ENGINEER).statusCode()).isEqualTo(403);
    assertThat(f.get("/api/v1/violations/v-south-1/image", Role.POLICE).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/violations/v-north-1/image", Role.OPERATOR).statusCode()).isEqualTo(404);
    // Bytes that do not match their SHA-256 are never shown as evidence.
    assertThat(f.get("/api/v1/violations/v-bad-image/image", Role.OPERATOR).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/violations/v-bad-image", Role.OPERATOR).body()).contains("\"image_available\":false")
        .contains("\"kind\":\"HASH_MISMATCH\"");
  }

  @Test
  void readsShowWhatTheCameraReportedFromTheSightingsTable() throws Exception {
    // A sightings row for v-north-1's read, as the enforcement job's sink writes it (no plate in clear).
    LocalDate day = LocalDate.ofInstant(T0, ZoneOffset.UTC);
    try (var c = f.db.open(); var st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS sightings_fixture PARTITION OF sightings FOR VALUES FROM ('" + day.minusDays(1)
          + "') TO ('" + day.plusDays(2) + "')");
      st.execute("INSERT INTO sightings (read_id, captured_at, camera_id, zone_id, vehicle_hash, outcome, lane, direction, confidence,"
          + " image_key, image_sha256) VALUES ('cam-n1:1', '" + T0 + "', 'cam-n1', 'brussels', '\\x01', 'CANDIDATE', 2, 'INBOUND', 0.87,"
          + " 'cam-n1/1.png', '" + "ef".repeat(32) + "')");
    }
    var detail = f.get("/api/v1/violations/v-north-1", Role.OPERATOR).body();
    assertThat(detail).contains("\"lane\":2").contains("\"direction\":\"INBOUND\"").contains("\"image_sha256\":\"" + "ef".repeat(32) + "\"")
        .contains("\"outcome\":\"CANDIDATE\"");
    // A read the table lacks still shows its camera, without lane or direction.
    assertThat(f.get("/api/v1/violations/v-south-1", Role.OPERATOR).body()).contains("\"read_id\":\"cam-s1:1\"")
        .doesNotContain("\"direction\":\"INBOUND\"");
  }

  @Test
  void decisions() throws Exception {
    String path = "/api/v1/violations/v-north-1/decision";
    assertThat(f.post(path, null, "{\"action\":\"approve\",\"reason_code\":\"EVIDENCE_CLEAR\"}").statusCode()).isEqualTo(401);
    assertThat(f.decide("v-north-1", Role.AUDITOR, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(403);
    assertThat(f.decide("v-north-1", Role.ENGINEER, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(403);
    assertThat(f.decide("v-north-1", Role.POLICE, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(403);
    assertThat(f.decide("v-north-1", Role.OPERATOR, "reopen", "NEW_INFORMATION").statusCode()).isEqualTo(403);
    assertThat(f.decide("nope", Role.OPERATOR, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(404);
    var badReason = f.decide("v-north-1", Role.OPERATOR, "approve", "BECAUSE");
    assertThat(badReason.statusCode()).isEqualTo(400);
    assertThat(badReason.body()).contains("reason_code: one of [EVIDENCE_CLEAR, CONFIRMED_AFTER_CHECK]");
    assertThat(f.decide("v-north-1", Role.OPERATOR, "maybe", "EVIDENCE_CLEAR").body()).contains("action: one of approve, reject, reopen");
    assertThat(f.post(path, Role.OPERATOR, "[1]").statusCode()).isEqualTo(400);
    assertThat(f.post(path, Role.OPERATOR, "{\"action\":\"approve\",\"reason_code\":\"EVIDENCE_CLEAR\",\"version\":\"x\"}").body())
        .contains("version: an integer");
    assertThat(f.post(path, Role.OPERATOR, "{\"action\":\"approve\",\"reason_code\":\"EVIDENCE_CLEAR\",\"version\":7}").statusCode())
        .isEqualTo(409);

    var approved = f.decide("v-north-1", Role.OPERATOR, "approve", "EVIDENCE_CLEAR");
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(approved.body()).contains("\"status\":\"APPROVED\"").contains("\"decided_by\":\"operator\"");
    // Decided: no second decision, not even the same one.
    var again = f.decide("v-north-1", Role.SUPERVISOR, "reject", "PLATE_MISREAD");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already_decided");
    assertThat(f.decide("v-north-1", Role.OPERATOR, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(409);
    assertThat(f.get("/api/v1/violations", Role.OPERATOR).body()).doesNotContain("\"v-north-1\"");
    // A supervisor reopens (recorded), then it can be decided again.
    assertThat(f.decide("v-north-1", Role.SUPERVISOR, "reopen", "DECIDED_IN_ERROR").statusCode()).isEqualTo(200);
    assertThat(f.decide("v-north-1", Role.SUPERVISOR, "reopen", "DECIDED_IN_ERROR").statusCode()).isEqualTo(409);
    assertThat(f.decide("v-north-1", Role.OPERATOR, "reject", "PLATE_MISREAD").statusCode()).isEqualTo(200);
    var events = f.get("/api/v1/violations/v-north-1/events", Role.AUDITOR).body();
    assertThat(events).containsSubsequence(
        "\"event\":\"APPROVED\",\"actor\":\"operator\",\"from_status\":\"PENDING_REVIEW\",\"to_status\":\"APPROVED\",\"reason_code\":\"EVIDENCE_CLEAR\",\"note\":\"checked\"",
        "\"event\":\"REOPENED\",\"actor\":\"supervisor\",\"from_status\":\"APPROVED\",\"to_status\":\"PENDING_REVIEW\"",
        "\"event\":\"REJECTED\",\"actor\":\"operator\",\"from_status\":\"PENDING_REVIEW\",\"to_status\":\"REJECTED\"");
    assertThat(f.decide("v-grace", Role.OPERATOR, "approve", "EVIDENCE_CLEAR").statusCode()).isEqualTo(409);
  }

  @Test
  void concurrentDecisionsOneWins() throws Exception {
    f.token(Role.OPERATOR);
    f.token(Role.SUPERVISOR);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    try {
      Callable<Integer> approve = () -> {
        go.await();
        return f.decide("v-concurrent", Role.OPERATOR, "approve", "EVIDENCE_CLEAR").statusCode();
      };
      Callable<Integer> reject = () -> {
        go.await();
        return f.decide("v-concurrent", Role.SUPERVISOR, "reject", "PLATE_MISREAD").statusCode();
      };
      Future<Integer> a = pool.submit(approve);
      Future<Integer> b = pool.submit(reject);
      go.countDown();
      assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(200, 409);
    } finally {
      pool.shutdownNow();
    }
    var events = f.get("/api/v1/violations/v-concurrent/events", Role.AUDITOR).body();
    assertThat(Pattern.compile("\"event\":").matcher(events).results().count()).isEqualTo(1);
  }

  @Test
  void lettersInFrenchAndDutch() throws Exception {
    assertThat(f.get("/api/v1/violations/v-approved/letter", null).statusCode()).isEqualTo(401);
    assertThat(f.get("/api/v1/violations/v-approved/letter", Role.AUDITOR).statusCode()).isEqualTo(403);
    assertThat(f.get("/api/v1/violations/nope/letter", Role.OPERATOR).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/violations/v-south-1/letter", Role.OPERATOR).statusCode()).isEqualTo(409);
    assertThat(f.get("/api/v1/violations/v-approved/letter?lang=de", Role.OPERATOR).statusCode()).isEqualTo(400);
    var fr = f.get("/api/v1/violations/v-approved/letter?lang=fr", Role.OPERATOR).body();
    assertThat(fr).contains("lang=\"fr\"").contains("Avis d&#39;amende").contains("350,00 EUR").contains("Comment contester")
        .contains("Rue Nord 1").contains("/image");
    var nl = f.get("/api/v1/violations/v-approved/letter?lang=nl", Role.SUPERVISOR).body();
    assertThat(nl).contains("lang=\"nl\"").contains("Kennisgeving administratieve boete").contains("Hoe betwisten");
    var warning = f.get("/api/v1/violations/v-warn/letter?lang=nl", Role.OPERATOR).body();
    assertThat(warning).contains("Waarschuwing").contains("geen — waarschuwing").doesNotContain("350,00");
    // The keeper learns from which day a new detection may be fined (the warning's fineable_from).
    LocalDate fineableFrom = LocalDate.ofInstant(T0.plusSeconds(300), ZoneOffset.UTC).plusMonths(3);
    assertThat(warning).contains("vanaf " + java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.forLanguageTag("nl-BE"))
        .format(fineableFrom));
    assertThat(f.get("/api/v1/violations/v-warn/letter?lang=fr", Role.OPERATOR).body())
        .contains("à partir du " + java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.FRENCH).format(fineableFrom));
  }

  @Test
  void evidencePackageAndSigningKey() throws Exception {
    assertThat(f.get("/api/v1/violations/v-approved/evidence-package", null).statusCode()).isEqualTo(401);
    assertThat(f.get("/api/v1/violations/v-approved/evidence-package", Role.ENGINEER).statusCode()).isEqualTo(403);
    assertThat(f.get("/api/v1/violations/nope/evidence-package", Role.OPERATOR).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/violations/v-south-1/evidence-package.sig", Role.OPERATOR).statusCode()).isEqualTo(409);
    var pkg = f.getBytes("/api/v1/violations/v-approved/evidence-package", Role.AUDITOR);
    var sig = f.get("/api/v1/violations/v-approved/evidence-package.sig", Role.AUDITOR);
    assertThat(pkg.statusCode()).isEqualTo(200);
    assertThat(sig.statusCode()).isEqualTo(200);
    assertThat(io.lezflow.portal.evidence.PackageVerifier.verify(pkg.body(), sig.body(), null).valid()).isTrue();
    var key = f.get("/api/v1/signing-key", Role.AUDITOR);
    assertThat(key.body()).contains(f.key.keyId());
    // Public: whoever checks a package may fetch the key to pin it.
    assertThat(f.get("/api/v1/signing-key", null).statusCode()).isEqualTo(200);
  }

  @Test
  void exportsStatsAndCameras() throws Exception {
    assertThat(f.post("/api/v1/exports", null, null).statusCode()).isEqualTo(401);
    assertThat(f.post("/api/v1/exports", Role.AUDITOR, null).statusCode()).isEqualTo(403);
    assertThat(f.get("/api/v1/exports", Role.AUDITOR).statusCode()).isEqualTo(200);
    assertThat(f.get("/api/v1/exports", Role.ENGINEER).statusCode()).isEqualTo(403);
    assertThat(f.get("/api/v1/exports/abc", Role.AUDITOR).statusCode()).isEqualTo(400);
    assertThat(f.get("/api/v1/exports/999999", Role.AUDITOR).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/stats", null).statusCode()).isEqualTo(401);
    assertThat(f.get("/api/v1/stats", Role.POLICE).statusCode()).isEqualTo(403);
    var stats = f.get("/api/v1/stats", Role.ENGINEER);
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.body()).contains("per_day_zone").contains("queue_age_hours").contains("decisions_per_operator");
    assertThat(f.get("/api/v1/cameras", Role.ENGINEER).body()).contains("cam-s1");
    assertThat(f.get("/api/v1/cameras", Role.POLICE).statusCode()).isEqualTo(403);
    assertThat(f.get("/api/v1/cameras", null).statusCode()).isEqualTo(401);
  }

  @Test
  void cookieSessionsNeedCsrfOnEveryChange() throws Exception {
    Session s = Session.login(f, "supervisor2");
    assertThat(s.setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    // A cookie session reads without a token...
    assertThat(s.get("/api/v1/violations/v-csrf").statusCode()).isEqualTo(200);
    assertThat(s.get("/ui/queue").statusCode()).isEqualTo(200);
    // ...but changes nothing without its CSRF token.
    String json = "{\"action\":\"reject\",\"reason_code\":\"PLATE_MISREAD\"}";
    var refused = s.post("/api/v1/violations/v-csrf/decision", json, null, "application/json");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("csrf_refused");
    assertThat(s.post("/api/v1/violations/v-csrf/decision", json, "forged", "application/json").statusCode()).isEqualTo(403);
    assertThat(s.post("/api/v1/exports", "", null, "application/json").statusCode()).isEqualTo(403);
    assertThat(s.post("/ui/violations/v-csrf/decision", "action=reject&reject_reason=PLATE_MISREAD", null, "application/x-www-form-urlencoded")
        .statusCode()).isEqualTo(403);
    assertThat(s.post("/logout", "", null, "application/x-www-form-urlencoded").statusCode()).isEqualTo(403);
    assertThat(s.post("/api/v1/violations/v-csrf/decision", json, s.csrf, "application/json").statusCode()).isEqualTo(200);
    // The login form itself carries a token too.
    var noToken = HttpRequest.newBuilder(URI.create(f.url("/login"))).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=operator&password=" + PortalFixture.PASSWORD.replace(" ", "+"))).build();
    assertThat(f.http.send(noToken, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    // Unauthenticated pages send the browser to the login page.
    var anonymous = f.get("/ui/queue", null);
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location")).contains("/login");
  }

  private static List<String> ids(String body) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"violation_id\":\"([^\"]+)\"").matcher(body);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  /** A browser-like cookie session, driven with plain HTTP. */
  static final class Session {
    final PortalFixture f;
    final String cookie;
    final String setCookie;
    final String csrf;

    private Session(PortalFixture f, String cookie, String setCookie, String csrf) {
      this.f = f;
      this.cookie = cookie;
      this.setCookie = setCookie;
      this.csrf = csrf;
    }

    static Session login(PortalFixture f, String user) throws Exception {
      var page = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/login"))).build(), HttpResponse.BodyHandlers.ofString());
      String loginCsrf = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("lez_login_csrf=")).findFirst().orElseThrow()
          .split(";")[0].substring("lez_login_csrf=".length());
      Matcher hidden = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
      assertThat(hidden.find()).isTrue();
      var login = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/login")))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("Cookie", "lez_login_csrf=" + loginCsrf)
          .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + hidden.group(1) + "&username=" + user + "&password="
              + PortalFixture.PASSWORD.replace(" ", "+")))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(302);
      String set = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("lez_session=")).findFirst().orElseThrow();
      String cookie = set.split(";")[0];
      var queue = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/ui/queue"))).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("\"X-CSRF-Token\": \"([^\"]+)\"").matcher(queue.body());
      assertThat(m.find()).isTrue();
      return new Session(f, cookie, set, m.group(1));
    }

    HttpResponse<String> get(String path) throws Exception {
      return f.http.send(HttpRequest.newBuilder(URI.create(f.url(path))).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String csrfHeader, String contentType) throws Exception {
      var b = HttpRequest.newBuilder(URI.create(f.url(path))).header("Cookie", cookie).header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (csrfHeader != null) b.header("X-CSRF-Token", csrfHeader);
      return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
