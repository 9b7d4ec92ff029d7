package io.lezflow.sim.mqtt;

import io.lezflow.sim.traffic.VehiclePopulation;

import io.lezflow.sim.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each camera logs in to a real Mosquitto (anonymous access off, a hashed password file generated
 * for the fleet from its secret, as ops generates it) with username = camera id and its derived
 * password; a wrong fleet secret and no credentials at all are refused with a message that says so.
 */
class MosquittoCredentialsITCase {
  private static final String FLEET_SECRET = "it-fleet-secret-" + UUID.randomUUID();
  private static final String PREFIX = "mq" + UUID.randomUUID().toString().substring(0, 8);
  private static final int CAMERAS = 4;
  private static final String SUBSCRIBER = "test-subscriber";
  private static final String SUBSCRIBER_PASSWORD = UUID.randomUUID().toString();

  @TempDir static Path dir;
  private static MosquittoProcess mosquitto;

  @BeforeAll
  static void startMosquitto() throws Exception {
    Assumptions.assumeTrue(MosquittoProcess.find().isPresent(),
        "Mosquitto (mosquitto and mosquitto_passwd) is not installed on this machine: the credentials test needs a real Mosquitto");
    SimulatorConfig fleet = config("tcp://127.0.0.1:1", MqttTopics.DEFAULT);
    Map<String, String> users = new LinkedHashMap<>(CameraCredentials.forFleet(fleet));
    users.put(SUBSCRIBER, SUBSCRIBER_PASSWORD);
    mosquitto = MosquittoProcess.start(dir, users);
  }

  @AfterAll
  static void stopMosquitto() throws Exception {
    if (mosquitto != null) mosquitto.close();
  }

  private static SimulatorConfig config(String url, MqttTopics topics) {
    return new SimulatorConfig(url, topics, CAMERAS, 100, 5, 500, "BRU", PREFIX).withFleetSecret(FLEET_SECRET);
  }

  private static List<VehicleRecord> population() {
    return VehiclePopulation.generate(5, 500, LocalDate.now(VehiclePopulation.BRUSSELS));
  }

  @Test
  void everyCameraLogsInWithItsDerivedPasswordAndPublishes() throws Exception {
    MqttTopics topics = new MqttTopics("test/" + UUID.randomUUID().toString().substring(0, 8) + "/lez/v1");
    try (MqttTestSubscriber subscriber = MqttTestSubscriber.subscribeAs(mosquitto.url(), SUBSCRIBER, SUBSCRIBER_PASSWORD, topics.allReads());
        CameraFleet fleet = new CameraFleet(config(mosquitto.url(), topics), population(), Clock.systemUTC())) {
      fleet.start();
      assertThat(fleet.connectedCameras()).isEqualTo(CAMERAS);
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.published() >= 100);
      fleet.stopPublishing();
      assertThat(fleet.awaitAcknowledged(Duration.ofSeconds(10))).isTrue();
      assertThat(fleet.rejected()).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> readIds(subscriber).containsAll(fleet.acknowledgedReadIds()));
      assertThat(readIds(subscriber).stream().map(id -> id.substring(0, id.indexOf(':'))).distinct()).hasSize(CAMERAS);
    }
    FleetThreads.awaitNoneLeft(PREFIX);
  }

  @Test
  void aFleetWithAnotherSecretIsRefusedAndToldWhy() throws Exception {
    SimulatorConfig wrongSecret = config(mosquitto.url(), MqttTopics.DEFAULT).withFleetSecret("not-the-fleet-secret-at-all");
    CameraFleet fleet = new CameraFleet(wrongSecret, population(), Clock.systemUTC());
    assertThatThrownBy(fleet::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused its credentials")
        .hasMessageContaining("password file generated from the same fleet secret")
        .hasMessageNotContaining("not-the-fleet-secret-at-all")
        .hasMessageNotContaining(CameraCredentials.passwordFor("not-the-fleet-secret-at-all", wrongSecret.cameraId(1)));
    fleet.close();
    FleetThreads.awaitNoneLeft(PREFIX);
  }

  @Test
  void aFleetWithoutCredentialsIsRefusedAndToldToSetTheSecret() {
    SimulatorConfig anonymous = config(mosquitto.url(), MqttTopics.DEFAULT).withFleetSecret(null);
    CameraFleet fleet = new CameraFleet(anonymous, population(), Clock.systemUTC());
    assertThatThrownBy(fleet::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused its credentials")
        .hasMessageContaining("set the fleet secret");
    fleet.close();
    FleetThreads.awaitNoneLeft(PREFIX);
  }

  @Test
  void oneCamerasPasswordDoesNotOpenAnotherCamerasAccount() throws Exception {
    String passwordOfCamera1 = CameraCredentials.passwordFor(FLEET_SECRET, config("tcp://h:1", MqttTopics.DEFAULT).cameraId(1));
    String camera2 = config("tcp://h:1", MqttTopics.DEFAULT).cameraId(2);
    assertThatThrownBy(() -> MqttTestSubscriber.subscribeAs(mosquitto.url(), camera2, passwordOfCamera1, "x").close())
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(Camera.isCredentialsRefused(((MqttException) e).getReasonCode())).isTrue());
  }

  private static Set<String> readIds(MqttTestSubscriber subscriber) {
    Set<String> ids = new HashSet<>();
    for (MqttTestSubscriber.Received r : subscriber.received()) {
      try {
        ids.add(PlateRead.parseFrom(r.payload()).getReadId());
      } catch (IOException e) {
        throw new AssertionError("unparsable read on " + r.topic(), e);
      }
    }
    return ids;
  }
}
