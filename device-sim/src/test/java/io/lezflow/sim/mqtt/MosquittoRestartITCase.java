package io.lezflow.sim.mqtt;

import io.lezflow.sim.traffic.VehiclePopulation;

import io.lezflow.sim.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker itself goes away: a real Mosquitto killed (SIGKILL) and started again on the same port
 * without persistence, so the cameras find no session and must resend what it never acknowledged.
 * The cameras keep capturing, reconnect with back-off once the port answers again, and every read
 * they captured is acknowledged by the new broker, sequences without a gap. Like Mosquitto 2.0 in
 * production, the restarted broker has no subscription until the subscriber (the ingest gateway's
 * shared subscription) comes back: until then it answers the replayed reads with "no matching
 * subscribers" (0x10), and the cameras count none of them as acknowledged but keep them.
 */
class MosquittoRestartITCase {
  @TempDir Path dir;

  @Test
  void camerasReconnectToARestartedBrokerAndEveryCapturedReadIsAcknowledged() throws Exception {
    Assumptions.assumeTrue(MosquittoProcess.find().isPresent(),
        "Mosquitto (mosquitto and mosquitto_passwd) is not installed on this machine: this test needs a real Mosquitto to kill");
    String prefix = "rs" + UUID.randomUUID().toString().substring(0, 8);
    String secret = "restart-fleet-secret-" + UUID.randomUUID();
    int cameras = 3;
    SimulatorConfig base = new SimulatorConfig("tcp://127.0.0.1:1", MqttTopics.DEFAULT, cameras, 90, 8, 500, "BRU", prefix)
        .withFleetSecret(secret).withReconnectBackoff(new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
    LocalDate today = LocalDate.now(VehiclePopulation.BRUSSELS);
    List<VehicleRecord> population = VehiclePopulation.generate(8, 500, today);

    Map<String, String> users = new LinkedHashMap<>(CameraCredentials.forFleet(base));
    String subscriberPassword = UUID.randomUUID().toString();
    users.put("ingest", subscriberPassword);
    String sharedReads = "$share/ingest/" + MqttTopics.DEFAULT.allReads();

    try (MosquittoProcess mosquitto = MosquittoProcess.start(dir, users);
        CameraFleet fleet = new CameraFleet(base.withMqttUrl(mosquitto.url()), population, Clock.systemUTC());
        MqttTestSubscriber before = MqttTestSubscriber.subscribeAs(mosquitto.url(), "ingest", subscriberPassword, sharedReads)) {
      fleet.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.published() >= 90);

      mosquitto.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.connectionLosses() >= cameras);
      long publishedAtKill = fleet.published();
      long generatedAtKill = fleet.generated();
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.generated() >= generatedAtKill + 180); // ~2 s of capture
      assertThat(fleet.connectedCameras()).isZero();
      assertThat(fleet.reconnectAttempts()).as("refused while the port is closed").isGreaterThanOrEqualTo(cameras);
      mosquitto.restart();

      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.connectedCameras() == cameras);
      // No subscription survived the restart: the replayed reads reach nobody and count as nothing.
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.camerasAwaitingSubscriber() == cameras);
      assertThat(fleet.published()).isEqualTo(publishedAtKill);
      long notDelivered = fleet.readsNotDelivered();
      assertThat(notDelivered).isPositive();

      try (MqttTestSubscriber after = MqttTestSubscriber.subscribeAs(mosquitto.url(), "ingest", subscriberPassword, sharedReads)) {
        fleet.stopPublishing();
        assertThat(fleet.awaitAcknowledged(Duration.ofSeconds(20))).isTrue();
        Set<String> deliveredAfter = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
          for (MqttTestSubscriber.Received r : after.received()) deliveredAfter.add(PlateRead.parseFrom(r.payload()).getReadId());
          return deliveredAfter.size() >= fleet.published() - publishedAtKill;
        });
      }
      assertThat(fleet.published()).isEqualTo(fleet.generated());
      assertThat(fleet.rejected()).isZero();
      assertThat(fleet.reconnects()).isEqualTo(cameras);
      // Each camera's acknowledged reads are its sequences 1..n: nothing captured was skipped or lost.
      Set<String> expected = new HashSet<>();
      for (String camera : fleet.cameraIds()) {
        long n = fleet.acknowledgedReadIds().stream().filter(id -> id.startsWith(camera + ":")).count();
        assertThat(n).isGreaterThan(60);
        for (long sequence = 1; sequence <= n; sequence++) expected.add(CameraIds.readId(camera, sequence));
      }
      assertThat(fleet.acknowledgedReadIds()).isEqualTo(expected);
      System.out.printf("device-sim broker restart: %d reads, %d connection losses, %d reconnect attempts, %d retried, "
              + "%d answered 0x10 before the subscription was back%n",
          fleet.generated(), fleet.connectionLosses(), fleet.reconnectAttempts(), fleet.retries(), notDelivered);
    }
    FleetThreads.awaitNoneLeft(prefix);
  }
}
