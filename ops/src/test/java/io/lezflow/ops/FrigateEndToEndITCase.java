package io.lezflow.ops;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.reference.CameraRegistry;
import io.lezflow.sim.reference.CameraRegistryPublisher;
import io.lezflow.sim.reference.VehicleRegisterPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.mqtt.IngestGateway;
import io.lezflow.embedded.MosquittoProcess;
import io.lezflow.embedded.MosquittoSecurity;
import io.lezflow.ingest.frigate.FrigateInput;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.RejectReason;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, done-when 4, end to end: plate recognitions of a Frigate NVR, published as Frigate
 * publishes them (JSON, with the real {@code mosquitto_pub}, as the Frigate broker user of the
 * shipped Mosquitto configuration), go through ingest, Kafka and the enforcement job (MiniCluster,
 * RocksDB) into PostgreSQL and are decided like any camera read: a sighting per read, a violation
 * candidate for the banned vehicle with its rule and policy version, none for the clean one, and
 * Frigate's repeated updates of one tracked object decided once.
 */
class FrigateEndToEndITCase {
  private static final String FRIGATE_CAMERA = "entrance_cam";
  /** One of the registered cameras of the Brussels zone (camera 42 of a 50-camera registry). */
  private static final String CAMERA_ID = "bru-cam-0042";
  private static final String BANNED_PLATE = "1ABC234";
  private static final String CLEAN_PLATE = "2XYZ987";

  @TempDir Path dir;

  @Test
  void frigateReadsPublishedWithMosquittoPubAreDecidedLikeCameraReads() throws Exception {
    assumeTrue(MosquittoProcess.binary().isPresent() && MosquittoProcess.findBinary("mosquitto_pub").isPresent(),
        "mosquitto and mosquitto_pub are not installed (apt-get install mosquitto mosquitto-clients)");
    int port = MosquittoProcess.freePort();
    MosquittoSecurity.Generated security = MosquittoSecurity.write(dir.resolve("mosquitto"), List.of(CAMERA_ID), "ingest",
        MosquittoSecurity.BrokerSettings.local(port), MosquittoSecurity.newFleetSecret());
    String mqttUrl = "tcp://127.0.0.1:" + port;
    StackEndpoints endpoints = new StackEndpoints(Optional.of(mqttUrl), Optional.empty(), Optional.empty(), "postgres", "");
    Clock clock = Clock.systemUTC();

    try (MosquittoProcess broker = MosquittoProcess.start(security.configFile(), port);
        LocalStack stack = LocalStack.start(endpoints, dir.resolve("stack"), "public");
        RunningJob job = RunningJob.start(stack, dir.resolve("flink"), clock);
        DecisionStore store = new DecisionStore(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword())) {
      SimulatorConfig registry = SimulatorConfig.defaults(mqttUrl).withCameras(50).withZoneId(DemoRun.BRUSSELS_ZONE);
      assertThat(CameraRegistry.of(registry)).extracting(c -> c.getCameraId()).contains(CAMERA_ID);
      PolicyPublisher.publishShipped(stack.kafkaBootstrap());
      CameraRegistryPublisher.publish(stack.kafkaBootstrap(), registry);
      CameraTable.upsert(stack, CameraRegistry.of(registry));
      long registeredAt = clock.millis() - Duration.ofDays(30).toMillis();
      VehicleRegisterPublisher.publish(stack.kafkaBootstrap(), List.of(
          // Diesel Euro 4 passenger car: banned in Brussels since 2022.
          vehicle(BANNED_PLATE, Fuel.FUEL_DIESEL, 4, "2008-03-14", registeredAt),
          // Petrol Euro 6: allowed in Brussels until 2035.
          vehicle(CLEAN_PLATE, Fuel.FUEL_PETROL, 6, "2021-06-01", registeredAt)));

      IngestConfig config = IngestConfig.defaults(mqttUrl, stack.kafkaBootstrap())
          .withGatewayId("ingest-frigate-e2e")
          .withCredentials("ingest", security.password("ingest"))
          .withOutboxDir(dir.resolve("outbox"))
          .withFrigate(new FrigateInput("frigate", Map.of(FRIGATE_CAMERA, CAMERA_ID), "BE"));
      try (IngestGateway gateway = new IngestGateway(config, clock)) {
        gateway.start();
        double now = clock.millis() / 1000.0;
        String bannedObject = String.format(Locale.ROOT, "%.6f-a1b2c3", now - 4);
        // Frigate sends an update while it tracks the car and an end when it leaves: one object, one read.
        mosquittoPub(port, security, "frigate/events", carEvent("update", bannedObject, BANNED_PLATE, 0.93, now - 2));
        mosquittoPub(port, security, "frigate/events", carEvent("end", bannedObject, BANNED_PLATE, 0.96, now - 1));
        mosquittoPub(port, security, "frigate/tracked_object_update",
            String.format(Locale.ROOT,
                "{\"type\": \"lpr\", \"id\": \"%.6f-d4e5f6\", \"name\": null, \"plate\": \"%s\", \"score\": 0.91, \"camera\": \"%s\", \"timestamp\": %.6f}",
                now - 3, CLEAN_PLATE, FRIGATE_CAMERA, now - 1));

        await("both Frigate reads decided").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
            .until(() -> store.decidedReads() == 2 && store.violations() == 1);
        assertThat(gateway.metrics().rejectedCount(RejectReason.REJECT_REASON_UNMAPPABLE)).isZero();
        assertThat(gateway.rejected()).as("nothing on the DLQ").isZero();
      }

      Map<String, String> outcomes = sightingOutcomesByCamera(stack);
      assertThat(outcomes).as("one sighting per read, at the mapped camera").containsOnlyKeys(CAMERA_ID + "#CANDIDATE", CAMERA_ID + "#COMPLIANT");

      List<Map<String, Object>> violations = violations(stack);
      assertThat(violations).hasSize(1);
      Map<String, Object> violation = violations.get(0);
      assertThat(violation.get("vehicle_key")).isEqualTo(VehicleKeys.of("BE", BANNED_PLATE));
      assertThat(violation.get("camera_id")).isEqualTo(CAMERA_ID);
      assertThat(violation.get("zone_id")).isEqualTo(DemoRun.BRUSSELS_ZONE);
      assertThat(violation.get("violation_type")).isEqualTo("EMISSION_BAN");
      assertThat(violation.get("status")).as("a day pass may still be bought: the fine waits for its grace window")
          .isEqualTo("AWAITING_GRACE");
      assertThat((Integer) violation.get("policy_version")).isPositive();
      assertThat((String) violation.get("explanation")).isNotBlank();
      assertThat((Float) violation.get("confidence")).isBetween(0.92f, 0.97f);
    }
  }

  private static VehicleRecord vehicle(String plate, Fuel fuel, int euroNorm, String firstRegistration, long updatedAtMs) {
    return VehicleRecord.newBuilder()
        .setVehicleKey(VehicleKeys.of("BE", plate))
        .setPlate(plate)
        .setCountry("BE")
        .setCategory(VehicleCategory.VEHICLE_CATEGORY_M1)
        .setFuel(fuel)
        .setEuroNorm(euroNorm)
        .setFirstRegistration(firstRegistration)
        .setUpdatedAtMs(updatedAtMs)
        .setCritAir(-1)
        .build();
  }

  /** A {@code frigate/events} message about a car with a recognised plate, trimmed to the fields Frigate 0.16 always sends. */
  private static String carEvent(String type, String objectId, String plate, double score, double frameTime) {
    String object = String.format(Locale.ROOT,
        "{\"id\": \"%s\", \"camera\": \"%s\", \"frame_time\": %.6f, \"label\": \"car\", \"sub_label\": null, \"score\": 0.9,"
            + " \"start_time\": %.6f, \"end_time\": null, \"current_zones\": [\"entrance\"], \"attributes\": {\"license_plate\": 0.88},"
            + " \"recognized_license_plate\": \"%s\", \"recognized_license_plate_score\": %.6f}",
        objectId, FRIGATE_CAMERA, frameTime, frameTime - 2, plate, score);
    return "{\"type\": \"" + type + "\", \"before\": " + object + ", \"after\": " + object + "}";
  }

  /** The real mosquitto_pub, MQTT 5, QoS 1, as the Frigate user of the shipped configuration. */
  private static void mosquittoPub(int port, MosquittoSecurity.Generated security, String topic, String json) throws Exception {
    Process p = new ProcessBuilder(MosquittoProcess.findBinary("mosquitto_pub").orElseThrow().toString(),
        "-h", "127.0.0.1", "-p", String.valueOf(port), "-V", "5", "-q", "1",
        "-i", "frigate-e2e", "-u", "frigate", "-P", security.password("frigate"), "-t", topic, "-m", json)
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("mosquitto_pub: " + output).isZero();
  }

  private static Map<String, String> sightingOutcomesByCamera(LocalStack stack) throws Exception {
    Map<String, String> outcomes = new HashMap<>();
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT camera_id, outcome, read_id FROM sightings")) {
      while (rs.next()) {
        String previous = outcomes.put(rs.getString(1) + "#" + rs.getString(2), rs.getString(3));
        assertThat(previous).as("two sightings with the same camera and outcome").isNull();
      }
    }
    return outcomes;
  }

  private static List<Map<String, Object>> violations(LocalStack stack) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT vehicle_key, camera_id, zone_id, violation_type, status, policy_version, explanation, confidence FROM violations")) {
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        rows.add(row);
      }
    }
    return rows;
  }
}
