package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lezflow.embedded.TestServices;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Direction;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.sim.reference.CameraRegistry;
import io.lezflow.sim.traffic.BrusselsComplianceOracle;
import io.lezflow.sim.traffic.Passage;
import io.lezflow.sim.traffic.PlateReads;
import io.lezflow.sim.traffic.VehiclePopulation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lezflow demo} as a place to work: the portal answers at the printed URL with the printed
 * login, the review queue fills while the cameras drive, and a restart on the same data dir keeps
 * an operator's decision (PostgreSQL lives in the data dir).
 */
class PortalDemoITCase {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One demo run in the background, its progress captured. */
  private static final class Running implements AutoCloseable {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final CountDownLatch stop = new CountDownLatch(1);
    final CountDownLatch fastStop = new CountDownLatch(1);
    final ExecutorService thread = Executors.newSingleThreadExecutor();
    final Future<DemoRun.Outcome> outcome;
    final DemoRun.Options options;

    Running(Path dataDir) {
      options = new DemoRun.Options(StackEndpoints.allEmbedded(), dataDir, TestServices.freshTopics(), "public",
          20, 200, 11L, 2_000, Duration.ofDays(1), Duration.ofSeconds(2), Duration.ofSeconds(60));
      DemoRun run = new DemoRun(options, Clock.systemUTC()).withBacklog(Duration.ofSeconds(8))
          .withPortal(new DemoPortal.Settings("127.0.0.1", 0, null));
      PrintStream progress = new PrintStream(out, true, StandardCharsets.UTF_8);
      outcome = thread.submit(() -> run.run(stop, fastStop, progress));
    }

    String log() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String printed(String regex) {
      await("demo prints " + regex).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250))
          .until(() -> Pattern.compile(regex).matcher(log()).find() || outcome.isDone());
      Matcher m = Pattern.compile(regex).matcher(log());
      assertThat(m.find()).as(log()).isTrue();
      return m.group(1);
    }

    @Override
    public void close() throws Exception {
      fastStop.countDown();
      stop.countDown();
      try {
        outcome.get();
      } finally {
        thread.shutdownNow();
      }
    }
  }

  @Test
  void portalAnswersQueueFillsAndARestartKeepsDecisions(@TempDir Path dataDir) throws Exception {
    String decided;
    String password;
    try (Running demo = new Running(dataDir)) {
      String url = demo.printed("portal at (http://\\S+)");
      password = demo.printed("login operator / (\\S+)");
      String token = token(url, "operator", password);
      hotlistedPlateAlertsThePoliceZoneWithinFiveSeconds(demo, url);
      // The queue fills while the cameras drive: the backlog's grace windows have closed.
      await("review queue fills").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> get(url + "api/v1/violations?limit=5", token).body().contains("\"violation_id\""));
      String queue = get(url + "api/v1/violations?limit=1", token).body();
      decided = queue.replaceAll("(?s).*?\"violation_id\":\"([^\"]+)\".*", "$1");
      var approve = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/violations/" + decided + "/decision"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"approve\",\"reason_code\":\"EVIDENCE_CLEAR\",\"note\":\"demo\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(approve.statusCode()).as(approve.body()).isEqualTo(200);
      // The UI answers too: the login page, then the queue for a browser session.
      assertThat(get(url + "login", null).body()).contains("Log in");
      demo.stop.countDown(); // not fastStop: drain, so the verdict compares everything
      DemoRun.Outcome outcome = demo.outcome.get();
      assertThat(outcome.violationIds()).as("a backlog day keeps the verdict exact:\n" + demo.log()).isEqualTo(outcome.expectedViolationIds());
    }
    try (Running again = new Running(dataDir)) {
      String url = again.printed("portal at (http://\\S+)");
      assertThat(again.printed("login operator / (\\S+)")).isEqualTo(password);
      String token = token(url, "operator", password);
      String detail = get(url + "api/v1/violations/" + decided, token).body();
      assertThat(detail).contains("\"status\":\"APPROVED\"").contains("\"decided_by\":\"operator\"")
          .contains("\"event\":\"APPROVED\"").contains("\"note\":\"demo\"");
    }
  }

  /**
   * Issue 10, done-when 5 in the demo: the police login's zone lists a vehicle of the simulated
   * traffic through the portal's API; a camera of that zone reads it (one read published on the
   * demo's MQTT as a camera does); the alert is in the portal's police API, and on the zone's MQTT
   * alerts topic, within 5 s of the read's publication. The first read also proves the entry
   * reached the hotlist job (no other way to see it); the second one is the measured one. The
   * vehicle is compliant, so the extra reads change no violation and the run's verdict stays exact.
   */
  private static void hotlistedPlateAlertsThePoliceZoneWithinFiveSeconds(Running demo, String url) throws Exception {
    String zone = demo.printed("login police / \\S+ \\(police zone (\\w+)");
    String police = token(url, "police", demo.printed("login police / (\\S+)"));
    String mqttUrl = demo.printed("hotlist alerts of zone \\w+ on MQTT (\\S+) topic");
    String alertsTopic = demo.printed("hotlist alerts of zone \\w+ on MQTT \\S+ topic (\\S+)");
    LocalDate today = LocalDate.now(DemoRun.BRUSSELS);
    List<VehicleRecord> population = VehiclePopulation.generate(demo.options.seed(), demo.options.vehicles(), today);
    int wantedIndex = IntStream.range(0, population.size())
        .filter(i -> population.get(i).getCountry().equals("BE") && !population.get(i).getDeleted()
            && !BrusselsComplianceOracle.banned(population.get(i), today))
        .findFirst().orElseThrow();
    VehicleRecord wanted = population.get(wantedIndex);
    CameraRegistration camera = CameraRegistry.of(DemoRun.simulatorConfig(demo.options, mqttUrl)).stream()
        .filter(c -> c.getPoliceZone().equals(zone)).findFirst().orElseThrow();

    var listed = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/police/hotlist"))
        .header("Authorization", "Bearer " + police).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"plate\":\"" + wanted.getPlate() + "\",\"country\":\"BE\","
            + "\"reason\":\"stolen vehicle\",\"reference\":\"PV " + zone + "/26\",\"expires\":\"" + today.plusDays(7) + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(201);

    List<String> onMqtt = new CopyOnWriteArrayList<>();
    MqttClient camMqtt = new MqttClient(mqttUrl, "hotlist-test-" + System.nanoTime(), new MemoryPersistence());
    try {
      camMqtt.connect();
      // (Paho's subscribe(topic, qos, listener) recurses into itself: the array form.)
      camMqtt.subscribe(new MqttSubscription[] {new MqttSubscription(alertsTopic, 1)},
          new IMqttMessageListener[] {(topic, message) -> onMqtt.add(new String(message.getPayload(), StandardCharsets.UTF_8))});
      // Sequences far above the fleet's: no read id of the fleet is taken (ingest sees a restarted counter).
      long firstAt = System.nanoTime();
      String warmUp = publishRead(camMqtt, demo.options, camera.getCameraId(), 1_000_000_001L, wanted, wantedIndex);
      await("the first hotlist alert").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> alerts(url, police).contains("\"read_id\":\"" + warmUp + "\""));
      System.out.println("first hotlist alert (entry just listed) in the portal after "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstAt) + " ms");

      long publishedAt = System.nanoTime();
      String measured = publishRead(camMqtt, demo.options, camera.getCameraId(), 1_000_000_002L, wanted, wantedIndex);
      await("the hotlist alert in the portal").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(25))
          .until(() -> alerts(url, police).contains("\"read_id\":\"" + measured + "\""));
      long inPortalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - publishedAt);
      System.out.println("hotlist alert in the portal after " + inPortalMs + " ms");
      await("the hotlist alert on MQTT").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(25))
          .until(() -> onMqtt.stream().anyMatch(m -> m.contains("\"readId\":\"" + measured + "\"")));
      assertThat(String.join("\n", onMqtt)).doesNotContain(wanted.getPlate());
    } finally {
      if (camMqtt.isConnected()) camMqtt.disconnect();
      camMqtt.close();
    }
    // The camera health of the zone is in the police view too (offline timing: PoliceEndToEndITCase).
    await("the reading camera's health").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          for (JsonNode c : JSON.readTree(get(url + "api/v1/police/cameras", police).body()).path("items")) {
            if (c.path("camera_id").asText().equals(camera.getCameraId())) return c.path("state").asText().equals("ONLINE");
          }
          return false;
        });
  }

  /** One read of {@code vehicle} as a camera publishes it (QoS 1, on the camera's reads topic); its read id. */
  private static String publishRead(MqttClient client, DemoRun.Options options, String cameraId, long sequence, VehicleRecord vehicle,
      int vehicleIndex) throws Exception {
    long now = System.currentTimeMillis();
    PlateRead read = PlateReads.capture(cameraId, sequence, now, vehicle,
            new Passage(vehicleIndex, 1, Direction.DIRECTION_INBOUND, 0.97f, false))
        .toBuilder().setPublishedAtMs(now).build();
    client.publish(options.topics().reads(cameraId), new MqttMessage(read.toByteArray(), 1, false, null));
    return read.getReadId();
  }

  private static String alerts(String url, String token) throws Exception {
    return get(url + "api/v1/police/alerts?limit=50", token).body();
  }

  private static String token(String url, String user, String password) throws Exception {
    var res = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/tokens")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    return res.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
