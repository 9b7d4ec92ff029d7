package io.lezflow.sim.mqtt;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.BrusselsComplianceOracle;
import io.lezflow.sim.traffic.Passage;
import io.lezflow.sim.traffic.TrafficModel;
import io.lezflow.sim.traffic.VehiclePopulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lezflow.embedded.TestServices;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.ViolationIds;
import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.CameraStatus;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fleet against a real MQTT broker (embedded HiveMQ, or the machine's Mosquitto with LEZ_TEST_MQTT_URL). */
class CameraFleetITCase {
  private static final int CAMERAS = 30;
  private static final int VEHICLES = 5_000;

  @Test
  void everyAcknowledgedReadArrivesAndTheExpectedViolationsFollowFromThem() throws Exception {
    String url = TestServices.mqttUrl();
    MqttTopics topics = TestServices.freshTopics();
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8);
    LocalDate today = LocalDate.now(VehiclePopulation.BRUSSELS);
    List<VehicleRecord> population = VehiclePopulation.generate(42, VEHICLES, today);
    SimulatorConfig config = new SimulatorConfig(url, topics, CAMERAS, 500, 42, VEHICLES, "BRU", prefix);

    CameraFleet fleet = new CameraFleet(config, population, Clock.systemUTC());
    try (MqttTestSubscriber subscriber = MqttTestSubscriber.subscribe(url, topics.allReads(), topics.allStatus())) {
      try {
        fleet.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.generated() >= 1_500);
        fleet.stopPublishing();
        assertThat(fleet.awaitAcknowledged(Duration.ofSeconds(30))).isTrue();
        long generated = fleet.generated();
        assertThat(fleet.published()).isEqualTo(generated);
        assertThat(fleet.rejected()).isZero();
        Set<String> acknowledged = fleet.acknowledgedReadIds();
        assertThat(acknowledged).hasSize((int) generated);

        // Every acknowledged read reaches a subscriber (at least once), and nothing else does.
        await().atMost(Duration.ofSeconds(30)).until(() -> readIds(subscriber).containsAll(acknowledged));
        List<MqttTestSubscriber.Received> reads = subscriber.received().stream().filter(r -> topics.isReads(r.topic())).toList();
        Map<String, PlateRead> byId = new HashMap<>();
        for (MqttTestSubscriber.Received r : reads) {
          PlateRead read = PlateRead.parseFrom(r.payload());
          assertThat(topics.cameraIdOf(r.topic())).contains(read.getCameraId());
          assertThat(read.getReadId()).isEqualTo(CameraIds.readId(read.getCameraId(), read.getSequence()));
          assertThat(read.getConfidence()).isBetween(0.90f, 0.99f);
          assertThat(read.getPublishedAtMs()).isGreaterThanOrEqualTo(read.getCapturedAtMs());
          assertThat(read.getEvidence().getImageKey()).isEqualTo(read.getCameraId() + "/" + read.getSequence() + ".png");
          assertThat(read.getEvidence().getImageSha256()).matches("[0-9a-f]{64}");
          byId.put(read.getReadId(), read);
        }
        assertThat(byId.keySet()).isEqualTo(acknowledged);

        // Each camera published the contiguous sequences 1..n, and the rate was spread over all cameras.
        Map<String, TreeSet<Long>> sequences = byId.values().stream().collect(Collectors.groupingBy(PlateRead::getCameraId,
            Collectors.mapping(PlateRead::getSequence, Collectors.toCollection(TreeSet::new))));
        assertThat(sequences).hasSize(CAMERAS);
        sequences.values().forEach(s -> assertThat(s.last()).isEqualTo((long) s.size()));

        // Which vehicle a camera saw as its k-th read is the k-th passage of that camera's traffic model.
        List<String> cameraIds = fleet.cameraIds();
        for (Map.Entry<String, TreeSet<Long>> camera : sequences.entrySet()) {
          TrafficModel model = new TrafficModel(42, cameraIds.indexOf(camera.getKey()) + 1, VEHICLES);
          for (long sequence : camera.getValue()) {
            Passage passage = model.next();
            PlateRead read = byId.get(CameraIds.readId(camera.getKey(), sequence));
            assertThat(VehicleKeys.of(read.getPlateCountry(), read.getPlateText()))
                .isEqualTo(population.get(passage.vehicleIndex()).getVehicleKey());
            assertThat(read.getLane()).isEqualTo(passage.lane());
          }
        }

        // The violations computed here from what the subscriber saw equal the fleet's own ground truth.
        Map<String, VehicleRecord> register = population.stream().collect(Collectors.toMap(VehicleRecord::getVehicleKey, Function.identity()));
        Set<String> expected = new HashSet<>();
        Set<String> bannedVehiclesSeen = new HashSet<>();
        long bannedReads = 0;
        for (PlateRead read : byId.values()) {
          String key = VehicleKeys.of(read.getPlateCountry(), read.getPlateText());
          VehicleRecord vehicle = register.get(key);
          assertThat(vehicle).as("read %s is of a registered vehicle", read.getReadId()).isNotNull();
          LocalDate day = Instant.ofEpochMilli(read.getCapturedAtMs()).atZone(VehiclePopulation.BRUSSELS).toLocalDate();
          if (BrusselsComplianceOracle.banned(vehicle, day)) {
            expected.add(ViolationIds.of("BRU", key, day));
            bannedVehiclesSeen.add(key);
            bannedReads++;
          }
        }
        assertThat(fleet.expectedViolationIds()).isNotEmpty().isEqualTo(expected);
        // Some banned vehicles were seen more than once: one violation per vehicle and day is exercised.
        assertThat(bannedReads).isGreaterThan(bannedVehiclesSeen.size());
        System.out.printf("device-sim IT: %d reads, %d of banned vehicles, %d expected violations, %d heartbeats acknowledged%n",
            generated, bannedReads, expected.size(), fleet.heartbeatsAcknowledged());

        // Every camera announced itself ONLINE with a retained heartbeat.
        await().atMost(Duration.ofSeconds(10)).until(() -> statesByCamera(subscriber, topics).size() == CAMERAS);
        assertThat(statesByCamera(subscriber, topics).values()).allMatch(s -> s.contains(CameraState.CAMERA_STATE_ONLINE));
      } finally {
        fleet.close();
      }
      // Closing makes the broker publish each camera's OFFLINE will, and leaves no thread behind.
      await().atMost(Duration.ofSeconds(10)).until(() -> statesByCamera(subscriber, topics).values().stream()
          .filter(s -> s.contains(CameraState.CAMERA_STATE_OFFLINE)).count() == CAMERAS);
      FleetThreads.awaitNoneLeft(prefix);
      subscriber.clearRetained(topics, fleet.cameraIds());
    }
  }

  @Test
  void noReadIsLostWhenTheCamerasLoseTheirConnections() throws Exception {
    String url = TestServices.mqttUrl();
    MqttTopics topics = TestServices.freshTopics();
    String prefix = "cut" + UUID.randomUUID().toString().substring(0, 8);
    int cameras = 10;
    SimulatorConfig config = new SimulatorConfig("tcp://127.0.0.1:1", topics, cameras, 300, 5, 1_000, "BRU", prefix);
    List<VehicleRecord> population = VehiclePopulation.generate(5, 1_000, LocalDate.now(VehiclePopulation.BRUSSELS));

    try (TcpProxy proxy = new TcpProxy(url);
        MqttTestSubscriber subscriber = MqttTestSubscriber.subscribe(url, topics.allReads())) {
      CameraFleet fleet = new CameraFleet(new SimulatorConfig(proxy.url(), topics, cameras, 300, 5, 1_000, "BRU", prefix),
          population, Clock.systemUTC());
      try {
        fleet.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.published() >= 300);
        long generatedBeforeCut = fleet.generated();
        proxy.cutConnections();
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.connectionLosses() >= cameras);
        // The cameras keep capturing while offline and reconnect by themselves.
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.connectedCameras() == cameras);
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.generated() >= generatedBeforeCut + 600);
        fleet.stopPublishing();

        assertThat(fleet.awaitAcknowledged(Duration.ofSeconds(30))).isTrue();
        assertThat(fleet.published()).isEqualTo(fleet.generated());
        Set<String> acknowledged = fleet.acknowledgedReadIds();
        assertThat(acknowledged).hasSize((int) fleet.generated());
        await().atMost(Duration.ofSeconds(30)).until(() -> readIds(subscriber).containsAll(acknowledged));
        assertThat(readIds(subscriber)).isEqualTo(acknowledged);
        System.out.printf("device-sim connection cut: %d reads, %d connection losses, %d publishes retried%n",
            fleet.generated(), fleet.connectionLosses(), fleet.retries());
      } finally {
        fleet.close();
      }
      FleetThreads.awaitNoneLeft(prefix);
    }
    assertThat(config.cameras()).isEqualTo(cameras);
  }

  @Test
  void anUnreachableBrokerFailsTheStartWithAClearMessageAndLeavesNothingRunning() throws IOException {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    String url = "tcp://127.0.0.1:" + freePort;
    String prefix = "down" + UUID.randomUUID().toString().substring(0, 8);
    SimulatorConfig config = new SimulatorConfig(url, TestServices.freshTopics(), 3, 10, 1, 100, "BRU", prefix);
    CameraFleet fleet = new CameraFleet(config, VehiclePopulation.generate(1, 100, LocalDate.now()), Clock.systemUTC());

    assertThatThrownBy(fleet::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("cannot connect to the MQTT broker")
        .hasMessageContaining("Is the broker running");
    FleetThreads.awaitNoneLeft(prefix);
    fleet.close(); // idempotent
  }

  private static Set<String> readIds(MqttTestSubscriber subscriber) {
    Set<String> ids = new HashSet<>();
    for (MqttTestSubscriber.Received r : subscriber.received()) {
      if (!r.topic().endsWith("/reads")) continue;
      try {
        ids.add(PlateRead.parseFrom(r.payload()).getReadId());
      } catch (IOException e) {
        throw new AssertionError("unparsable read on " + r.topic(), e);
      }
    }
    return ids;
  }

  private static Map<String, Set<CameraState>> statesByCamera(MqttTestSubscriber subscriber, MqttTopics topics) throws IOException {
    Map<String, Set<CameraState>> states = new HashMap<>();
    for (MqttTestSubscriber.Received r : subscriber.received()) {
      if (!r.topic().endsWith("/status") || r.payload().length == 0) continue;
      CameraStatus status = CameraStatus.parseFrom(r.payload());
      assertThat(topics.cameraIdOf(r.topic())).contains(status.getCameraId());
      states.computeIfAbsent(status.getCameraId(), k -> new HashSet<>()).add(status.getState());
    }
    return states;
  }
}
