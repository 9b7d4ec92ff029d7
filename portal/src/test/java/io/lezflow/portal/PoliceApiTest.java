package io.lezflow.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.portal.auth.Role;
import io.lezflow.schemas.Topics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every police and audit endpoint with its negative cases (401, 403, 404 for another zone's
 * object, 400, CSRF, 422 for what the law refuses), on a real portal, PostgreSQL and Kafka.
 */
class PoliceApiTest {
  private static PoliceFixture f;
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String PLATE = "1-XYZ-789";
  private static final String VEHICLE = "BE:1XYZ789";

  @BeforeAll
  static void start() throws Exception {
    f = new PoliceFixture();
    f.sighting(VEHICLE, "cam-n1", NOW.minus(2, ChronoUnit.DAYS));
    f.sighting(VEHICLE, "cam-n2", NOW.minus(2, ChronoUnit.DAYS).plusSeconds(300));
    f.sighting(VEHICLE, "cam-s1", NOW.minus(2, ChronoUnit.DAYS).plusSeconds(600));
    f.sighting(VEHICLE, "cam-n1", NOW.minus(60, ChronoUnit.DAYS));
    f.sighting("BE:1XYZ780", "cam-n2", NOW.minus(1, ChronoUnit.DAYS)); // another car
    f.alert("al-north-1", "pz-north", "cam-n1", NOW.minusSeconds(3600));
    f.alert("al-north-2", "pz-north", "cam-n2", NOW.minusSeconds(1800));
    f.alert("al-south-1", "pz-south", "cam-s1", NOW.minusSeconds(1700));
  }

  @AfterAll
  static void stop() {
    if (f != null) f.close();
  }

  private static String search(String plate, Instant from, Instant to, String reason, String caseReference) {
    StringBuilder q = new StringBuilder("/api/v1/police/search?country=BE&plate=").append(enc(plate)).append("&from=").append(from)
        .append("&to=").append(to);
    if (reason != null) q.append("&reason=").append(enc(reason));
    if (caseReference != null) q.append("&case_reference=").append(enc(caseReference));
    return q.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> getAs(String path, String user) throws Exception {
    return f.portal.http.send(HttpRequest.newBuilder(URI.create(f.portal.url(path))).header("Authorization", "Bearer " + token(user)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

  private static String token(String user) throws Exception {
    String t = TOKENS.get(user);
    if (t == null) {
      var res = f.portal.post("/api/v1/tokens", null, "{\"username\":\"" + user + "\",\"password\":\"" + PortalFixture.PASSWORD + "\"}");
      assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
      t = res.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
      TOKENS.put(user, t);
    }
    return t;
  }

  @Test
  void everyEndpointNeedsCredentialsAndTheRightRole() throws Exception {
    List<String> policeGets = List.of("/api/v1/police/search?plate=1ABC123&country=BE&from=2026-01-01&to=2026-01-02&reason=checking+things",
        "/api/v1/police/alerts", "/api/v1/police/cameras", "/api/v1/police/cameras/cam-n1", "/api/v1/police/hotlist");
    for (String path : policeGets) {
      assertThat(f.portal.get(path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(f.portal.get(path, Role.OPERATOR).statusCode()).as(path).isEqualTo(403);
      assertThat(f.portal.get(path, Role.AUDITOR).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(f.portal.post("/api/v1/police/hotlist", null, "{}").statusCode()).isEqualTo(401);
    assertThat(f.portal.post("/api/v1/police/hotlist", Role.SUPERVISOR, "{}").statusCode()).isEqualTo(403);
    for (String path : List.of("/api/v1/audit", "/api/v1/audit/verify")) {
      assertThat(f.portal.get(path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(f.portal.get(path, Role.POLICE).statusCode()).as(path).isEqualTo(403);
      assertThat(f.portal.get(path, Role.OPERATOR).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(f.portal.post("/api/v1/audit/export", Role.POLICE, null).statusCode()).isEqualTo(403);
    for (Role r : new Role[] {null, Role.OPERATOR}) {
      int expected = r == null ? 401 : 403;
      var delete = HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/hotlist/any?reason=no+longer+wanted"))).DELETE();
      var importCsv = HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/hotlist/import"))).header("Content-Type", "text/csv")
          .POST(HttpRequest.BodyPublishers.ofString("plate,country,reason,reference,expires\n"));
      var streamAs = HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/alerts/stream"))).header("Accept", "text/event-stream");
      for (var b : List.of(delete, importCsv, streamAs)) {
        if (r != null) b.header("Authorization", "Bearer " + f.portal.token(r));
        assertThat(f.portal.http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(expected);
      }
    }
    var stream = f.portal.http.send(HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/alerts/stream")))
        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stream.statusCode()).isEqualTo(401);
    assertThat(f.portal.get("/openapi.yaml", null).body()).contains("/api/v1/police/alerts/stream").contains("/api/v1/audit/verify");
  }

  @Test
  void aPoliceUserSeesOnlyItsZonesSightings() throws Exception {
    var res = f.portal.get(search(PLATE, NOW.minus(7, ChronoUnit.DAYS), NOW, "robbery inquiry 2026/117", null), Role.POLICE);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(res.body()).contains("\"cam-n1\"").contains("\"cam-n2\"").doesNotContain("cam-s1")
        .contains("\"camera_sequence\":[\"cam-n1\",\"cam-n2\"]").contains("\"total_sightings\":2").doesNotContain(PLATE)
        .doesNotContain("1XYZ789");
    // The same as a POST with a JSON body (no plate in a URL).
    var posted = f.portal.post("/api/v1/police/search", Role.POLICE, "{\"plate\":\"" + PLATE + "\",\"country\":\"BE\",\"from\":\""
        + NOW.minus(7, ChronoUnit.DAYS) + "\",\"to\":\"" + NOW + "\",\"reason\":\"robbery inquiry 2026/117\"}");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(posted.body()).contains("\"total_sightings\":2").doesNotContain("cam-s1");
    assertThat(f.portal.post("/api/v1/police/search", Role.POLICE, "{\"country\":\"BE\"}").body()).contains("plate: required");
    assertThat(f.portal.post("/api/v1/police/search", Role.OPERATOR, "{}").statusCode()).isEqualTo(403);
    // The south zone sees its own camera only.
    var south = getAs(search(PLATE, NOW.minus(7, ChronoUnit.DAYS), NOW, "robbery inquiry 2026/117", null), "south");
    assertThat(south.body()).contains("\"cam-s1\"").doesNotContain("cam-n1");
  }

  @Test
  void theLawsLimitsAreRefusedWith422AndAudited() throws Exception {
    long before = f.auditEntries();
    var noReason = f.portal.get(search(PLATE, NOW.minus(7, ChronoUnit.DAYS), NOW, null, null), Role.POLICE);
    assertThat(noReason.statusCode()).isEqualTo(422);
    assertThat(noReason.body()).contains("\"refusal\":\"NO_REASON\"").contains("a search needs a reason");
    var shortReason = f.portal.get(search(PLATE, NOW.minus(7, ChronoUnit.DAYS), NOW, "why", null), Role.POLICE);
    assertThat(shortReason.statusCode()).isEqualTo(422);

    Instant twoMonths = NOW.minus(62, ChronoUnit.DAYS);
    var admin = f.portal.get(search(PLATE, twoMonths, NOW, "robbery inquiry 2026/117", "PG 2026/001"), Role.POLICE);
    assertThat(admin.statusCode()).isEqualTo(422);
    assertThat(admin.body()).contains("\"refusal\":\"BEYOND_ADMINISTRATIVE_MONTH\"");

    var judgeNoCase = getAs(search(PLATE, twoMonths, NOW, "robbery inquiry 2026/117", null), "judge");
    assertThat(judgeNoCase.statusCode()).isEqualTo(422);
    assertThat(judgeNoCase.body()).contains("\"refusal\":\"CASE_REFERENCE_REQUIRED\"").contains("prosecutor");

    var judge = getAs(search(PLATE, twoMonths, NOW, "robbery inquiry 2026/117", "PG BRU 2026/4411"), "judge");
    assertThat(judge.statusCode()).as(judge.body()).isEqualTo(200);
    assertThat(judge.body()).contains("\"total_sightings\":3");
    // The judicial user within the month needs no case reference.
    assertThat(getAs(search(PLATE, NOW.minus(7, ChronoUnit.DAYS), NOW, "robbery inquiry 2026/117", null), "judge").statusCode()).isEqualTo(200);

    // Every one of the six searches, allowed or refused, left one audit entry; the auditor sees them.
    assertThat(f.auditEntries()).isEqualTo(before + 6);
    var audit = f.portal.get("/api/v1/audit?after=" + before + "&limit=10", Role.AUDITOR);
    assertThat(audit.statusCode()).isEqualTo(200);
    assertThat(audit.body()).contains("\"outcome\":\"REFUSED\"").contains("CASE_REFERENCE_REQUIRED").contains("\"legal_profile\":\"JUDICIAL\"")
        .contains("\"case_reference\":\"PG BRU 2026/4411\"").contains("\"actor\":\"judge\"").doesNotContain("1XYZ789");
  }

  @Test
  void theSearchPageAppliesTheJudicialProfile() throws Exception {
    var judge = f.login("judge");
    String twoMonths = java.time.LocalDateTime.now(ZoneOffset.UTC).minusDays(62).withNano(0).toString().substring(0, 16);
    String form = "plate=1-XYZ-789&country=BE&from=" + twoMonths + "&to=" + LocalDate.now(ZoneOffset.UTC) + "&reason=robbery+inquiry+2026%2F117";
    var page = judge.get("/ui/police/search");
    assertThat(page.body()).contains("judicial").contains("name=\"case_reference\"");
    var refused = judge.post("/ui/police/search", form + "&_csrf=" + enc(judge.csrf), null, "application/x-www-form-urlencoded");
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("id=\"refusal\"").contains("CASE_REFERENCE_REQUIRED").contains("prosecutor");
    var allowed = judge.post("/ui/police/search", form + "&case_reference=PG+BRU+2026%2F4411&_csrf=" + enc(judge.csrf), null,
        "application/x-www-form-urlencoded");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains("3 sightings in 2 passages").contains("class=\"cam cam-hit").contains("class=\"tl-hit\"")
        .doesNotContain("cam-s1");
    // An administrative user gets no case reference field.
    assertThat(f.login("police").get("/ui/police/search").body()).contains("administrative").doesNotContain("name=\"case_reference\"");
  }

  @Test
  void theStreamWantsAnEventStreamAccept() throws Exception {
    var plain = f.portal.get("/api/v1/police/alerts/stream", Role.POLICE);
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(plain.body()).contains("text/event-stream");
  }

  @Test
  void malformedInputIs400WithTheField() throws Exception {
    Instant from = NOW.minus(7, ChronoUnit.DAYS);
    assertThat(f.portal.get("/api/v1/police/search?country=BE&from=" + from + "&to=" + NOW + "&reason=robbery+inquiry", Role.POLICE).body())
        .contains("plate: required");
    var badFrom = f.portal.get("/api/v1/police/search?plate=1ABC123&country=BE&from=yesterday&to=" + NOW + "&reason=robbery+inquiry", Role.POLICE);
    assertThat(badFrom.statusCode()).isEqualTo(400);
    assertThat(badFrom.body()).contains("from: a time like");
    assertThat(f.portal.get(search(PLATE, from, NOW, "robbery inquiry", null) + "&page=x", Role.POLICE).body()).contains("page: a whole number");
    assertThat(f.portal.get("/api/v1/police/alerts?limit=0", Role.POLICE).statusCode()).isEqualTo(400);
    assertThat(f.portal.post("/api/v1/police/hotlist", Role.POLICE, "{not json").body()).contains("not valid JSON");
    var badExpiry = f.portal.post("/api/v1/police/hotlist", Role.POLICE,
        "{\"plate\":\"1ABC123\",\"country\":\"BE\",\"reason\":\"stolen vehicle\",\"reference\":\"PV 1\",\"expires\":\"soon\"}");
    assertThat(badExpiry.statusCode()).isEqualTo(400);
    assertThat(badExpiry.body()).contains("expires: a date");
    var noReason = f.portal.post("/api/v1/police/hotlist", Role.POLICE,
        "{\"plate\":\"1ABC123\",\"country\":\"BE\",\"reference\":\"PV 1\",\"expires\":\"" + LocalDate.now().plusDays(10) + "\"}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("needs a reason");
    assertThat(f.portal.get("/api/v1/audit?after=-1", Role.AUDITOR).body()).contains("after:");
    assertThat(f.portal.get("/api/v1/audit?from=2026-13-01", Role.AUDITOR).statusCode()).isEqualTo(400);
  }

  @Test
  void anotherZonesObjectsAreNotFound() throws Exception {
    assertThat(f.portal.get("/api/v1/police/cameras/cam-s1", Role.POLICE).statusCode()).isEqualTo(404);
    assertThat(f.portal.get("/api/v1/police/cameras/cam-n1", Role.POLICE).body()).contains("\"camera_id\":\"cam-n1\"");
    assertThat(f.portal.get("/api/v1/police/cameras", Role.POLICE).body()).contains("cam-n7").doesNotContain("cam-s1");
    assertThat(f.portal.get("/api/v1/police/alerts?after=al-south-1", Role.POLICE).statusCode()).isEqualTo(404);
    assertThat(f.portal.get("/api/v1/police/alerts?after=no-such-alert", Role.POLICE).statusCode()).isEqualTo(404);
    var southEntry = getAs("/api/v1/police/hotlist", "south");
    assertThat(southEntry.body()).contains("entry-al-south-1");
    var delete = f.portal.http.send(HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/hotlist/entry-al-south-1?reason=not+ours")))
        .header("Authorization", "Bearer " + f.portal.token(Role.POLICE)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(delete.statusCode()).isEqualTo(404);
    assertThat(getAs("/api/v1/police/hotlist", "south").body()).contains("entry-al-south-1");
  }

  @Test
  void alertsOfTheZoneNewestFirstOrAfterAnId() throws Exception {
    var all = f.portal.get("/api/v1/police/alerts", Role.POLICE);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).containsSubsequence("al-north-2", "al-north-1").doesNotContain("al-south-1");
    var after = f.portal.get("/api/v1/police/alerts?after=al-north-1", Role.POLICE);
    assertThat(after.body()).contains("al-north-2").doesNotContain("\"alert_id\":\"al-north-1\"");
    assertThat(getAs("/api/v1/police/alerts", "south").body()).contains("al-south-1").doesNotContain("al-north");
  }

  @Test
  void theStreamDeliversNewAlertsOfTheZoneOnly() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> everything = new java.util.concurrent.CopyOnWriteArrayList<>();
    var request = HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/alerts/stream")))
        .header("Authorization", "Bearer " + f.portal.token(Role.POLICE)).header("Accept", "text/event-stream").build();
    var response = f.portal.http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    Thread reader = new Thread(() -> {
      try (Stream<String> body = response.body()) {
        body.forEach(line -> {
          everything.add(line);
          lines.add(line);
        });
      } catch (RuntimeException e) {
        // the stream ends when the test closes the portal
      }
    });
    reader.setDaemon(true);
    reader.start();
    assertThat(awaitLine(lines, l -> l.contains("connected"))).isNotNull();
    f.alert("al-south-live", "pz-south", "cam-s1", Instant.now());
    f.alert("al-north-live", "pz-north", "cam-n2", Instant.now());
    String data = awaitLine(lines, l -> l.startsWith("data:") && l.contains("al-north-live"));
    assertThat(data).contains("\"camera_id\":\"cam-n2\"").contains("\"reference\":\"PV al-north-live\"");
    // A reconnecting EventSource sends the last id it saw and first gets what it missed.
    var again = f.portal.http.sendAsync(HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/alerts/stream")))
        .header("Authorization", "Bearer " + f.portal.token(Role.POLICE)).header("Accept", "text/event-stream")
        .header("Last-Event-ID", "al-north-1").build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    BlockingQueue<String> missed = new LinkedBlockingQueue<>();
    Thread catchUp = new Thread(() -> {
      try (Stream<String> body = again.body()) {
        body.forEach(missed::add);
      } catch (RuntimeException e) {
        // the stream ends when the test closes the portal
      }
    });
    catchUp.setDaemon(true);
    catchUp.start();
    assertThat(awaitLine(missed, l -> l.startsWith("id:") && l.contains("al-north-2"))).isNotNull();
    // The south alert was stored first and the feed hands alerts on in order: had it leaked, it would be here already.
    assertThat(String.join("\n", everything)).contains("al-north-live").doesNotContain("al-south-live");
  }

  private static String awaitLine(BlockingQueue<String> lines, java.util.function.Predicate<String> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && wanted.test(line)) return line;
    }
    throw new AssertionError("no such line on the stream within 10 s");
  }

  @Test
  void hotlistAddImportRemoveThroughKafka() throws Exception {
    String expires = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    var add = f.portal.post("/api/v1/police/hotlist", Role.POLICE,
        "{\"plate\":\"1-HOT-001\",\"country\":\"BE\",\"reason\":\"stolen vehicle\",\"reference\":\"PV BR.2026.77\",\"expires\":\"" + expires + "\"}");
    assertThat(add.statusCode()).as(add.body()).isEqualTo(201);
    String entryId = add.body().replaceAll(".*\"entry_id\":\"([^\"]+)\".*", "$1");
    assertThat(add.body()).doesNotContain("HOT");
    // The entry reached the hotlist job's topic.
    assertThat(topicKeys()).contains(entryId);

    var imported = f.portal.http.send(HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/hotlist/import")))
        .header("Authorization", "Bearer " + f.portal.token(Role.POLICE)).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString("plate,country,reason,reference,expires\n1-HOT-002,BE,missing person,PV 2," + expires
            + "\n1-HOT-003,BE,stolen,PV 3,never\n")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(imported.statusCode()).isEqualTo(200);
    assertThat(imported.body()).contains("\"reference\":\"PV 2\"").contains("line 3: expires must be a date");
    var wrongType = f.portal.http.send(HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/hotlist/import")))
        .header("Authorization", "Bearer " + f.portal.token(Role.POLICE)).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(wrongType.statusCode()).isEqualTo(400);

    assertThat(f.portal.get("/api/v1/police/hotlist", Role.POLICE).body()).contains(entryId).contains("PV 2");
    var noReason = f.portal.http.send(HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/hotlist/" + entryId)))
        .header("Authorization", "Bearer " + f.portal.token(Role.POLICE)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noReason.statusCode()).isEqualTo(400);
    var removed = f.portal.http.send(HttpRequest.newBuilder(URI.create(f.portal.url("/api/v1/police/hotlist/" + entryId + "?reason=vehicle+found")))
        .header("Authorization", "Bearer " + f.portal.token(Role.POLICE)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(removed.statusCode()).isEqualTo(204);
    assertThat(f.portal.get("/api/v1/police/hotlist", Role.POLICE).body()).doesNotContain(entryId);
  }

  private static List<String> topicKeys() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, io.lezflow.embedded.TestServices.sharedKafka().bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(Topics.HOTLISTS).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<String> keys = new java.util.ArrayList<>();
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
      }
      return keys;
    }
  }

  @Test
  void cookieSessionsNeedCsrfForHotlistChanges() throws Exception {
    var s = f.login("police");
    String json = "{\"plate\":\"1ABC123\",\"country\":\"BE\",\"reason\":\"stolen vehicle\",\"reference\":\"PV 9\",\"expires\":\""
        + LocalDate.now().plusDays(5) + "\"}";
    var refused = s.post("/api/v1/police/hotlist", json, null, "application/json");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("csrf_refused");
    assertThat(s.post("/api/v1/police/hotlist", json, "forged", "application/json").statusCode()).isEqualTo(403);
    assertThat(s.post("/ui/police/search", "plate=1ABC123&country=BE&from=2026-01-01&to=2026-01-02&reason=robbery+inquiry", null,
        "application/x-www-form-urlencoded").statusCode()).isEqualTo(403);
    assertThat(s.post("/api/v1/police/hotlist", json, s.csrf, "application/json").statusCode()).isEqualTo(201);
    var auditor = f.login("auditor");
    assertThat(auditor.post("/api/v1/audit/export", "", null, "application/x-www-form-urlencoded").statusCode()).isEqualTo(403);
    assertThat(auditor.post("/ui/audit/export", "from=&to=", null, "application/x-www-form-urlencoded").statusCode()).isEqualTo(403);
    var download = auditor.post("/ui/audit/export", "from=&to=&_csrf=" + enc(auditor.csrf), null, "application/x-www-form-urlencoded");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
    assertThat(download.body()).startsWith("seq,at,kind");
  }

  @Test
  void auditorListsExportsAndVerifiesTheChain() throws Exception {
    f.portal.get(search(PLATE, NOW.minus(3, ChronoUnit.DAYS), NOW, "audit trail check", null), Role.POLICE);
    var verify = f.portal.get("/api/v1/audit/verify", Role.AUDITOR);
    assertThat(verify.statusCode()).isEqualTo(200);
    assertThat(verify.body()).contains("\"intact\":true").contains("\"breaks\":[]");
    var export = f.portal.post("/api/v1/audit/export", Role.AUDITOR, null);
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(export.body()).startsWith("seq,at,kind,actor").contains("audit trail check");
    // The export is audited itself.
    assertThat(f.portal.get("/api/v1/audit?police_zone=&limit=1000", Role.AUDITOR).body()).contains("AUDIT_EXPORT");
    var north = f.portal.get("/api/v1/audit?police_zone=pz-north&limit=1000", Role.AUDITOR).body();
    assertThat(north).contains("audit trail check").doesNotContain("AUDIT_EXPORT");
    assertThat(Stream.of(north.split("\"seq\":")).skip(1).map(x -> x.substring(0, x.indexOf(','))).collect(Collectors.toList())).isNotEmpty();
  }
}
