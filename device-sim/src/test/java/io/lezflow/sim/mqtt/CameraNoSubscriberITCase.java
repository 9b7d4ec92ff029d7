package io.lezflow.sim.mqtt;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.embedded.TestServices;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A broker that accepts reads nobody subscribed to answers PUBACK 0x10 "no matching subscribers"
 * (Mosquitto after a restart, until the ingest gateway's shared subscription is back): against a
 * real broker (embedded HiveMQ, or the machine's Mosquitto with LEZ_TEST_MQTT_URL), no such read
 * counts as acknowledged, the cameras keep them and probe with back-off instead of looping, and
 * once a shared subscription appears every read arrives with its original capture time and is
 * counted acknowledged once.
 */
class CameraNoSubscriberITCase {

  @Test
  void readsAnsweredNoMatchingSubscribersAreKeptAndDeliveredOnceASubscriberAppears() throws Exception {
    String url = TestServices.mqttUrl();
    MqttTopics topics = TestServices.freshTopics();
    String prefix = "nosub" + UUID.randomUUID().toString().substring(0, 8);
    int cameras = 2;
    List<VehicleRecord> population = VehiclePopulation.generate(13, 500, LocalDate.now(VehiclePopulation.BRUSSELS));
    // Back-off 200 ms doubling to 1 s: probes at most every 100-200 ms at first, every 0.5-1 s at the cap.
    SimulatorConfig config = new SimulatorConfig(url, topics, cameras, 40, 13, 500, "BRU", prefix)
        .withReconnectBackoff(new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
    Clock clock = Clock.systemUTC();

    CameraFleet fleet = new CameraFleet(config, population, clock);
    try {
      fleet.start();
      // Nobody subscribes yet: the broker takes the reads and says it delivered them to nobody.
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.readsNotDelivered() >= cameras && fleet.camerasAwaitingSubscriber() == cameras);
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.generated() >= 100); // ~2.5 s of capture
      assertThat(fleet.published()).as("no read counts as acknowledged while nobody receives it").isZero();
      assertThat(fleet.acknowledgedReadIds()).isEmpty();
      assertThat(fleet.expectedViolationIds()).isEmpty();
      assertThat(fleet.bufferedReads()).isEqualTo(fleet.generated());
      assertThat(fleet.rejected()).isZero();
      assertThat(fleet.heartbeatsNotDelivered()).as("the first heartbeats found no subscriber either").isGreaterThanOrEqualTo(cameras);

      // Not a hot loop: past the first rounds (ceilings 200, 400, 800 ms: <= 1.4 s) a camera sends one
      // probe per delay of 0.5-1 s, so at most 5 in 2 s (a loop would resend its whole buffer each time).
      long notDeliveredBefore = fleet.readsNotDelivered();
      await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
      long probes = fleet.readsNotDelivered() - notDeliveredBefore;
      assertThat(probes).as("reads resent in 2 s without a subscriber").isPositive().isLessThanOrEqualTo(5L * cameras);
      assertThat(fleet.published()).isZero();

      // The gateway's kind of subscription appears: a shared one.
      long subscribedAtMs = clock.millis();
      try (MqttTestSubscriber subscriber = MqttTestSubscriber.subscribe(url, "$share/ingest" + prefix + "/" + topics.allReads())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.published() > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.generated() >= 300);
        fleet.stopPublishing();
        assertThat(fleet.awaitAcknowledged(Duration.ofSeconds(30))).isTrue();
        assertThat(fleet.camerasAwaitingSubscriber()).isZero();
        assertThat(fleet.published()).as("each read acknowledged exactly once").isEqualTo(fleet.generated());
        assertThat(fleet.acknowledgedReadIds()).hasSize((int) fleet.generated());
        assertThat(fleet.bufferedReads()).isZero();
        assertThat(fleet.rejected()).isZero();

        await().atMost(Duration.ofSeconds(30)).until(() -> readIds(subscriber).containsAll(fleet.acknowledgedReadIds()));
        List<PlateRead> received = reads(subscriber);
        // Reads answered 0x10 reached nobody, so the subscriber gets each read once: no connection was lost.
        assertThat(received).hasSize(fleet.acknowledgedReadIds().size());
        assertThat(readIds(subscriber)).isEqualTo(fleet.acknowledgedReadIds());

        Map<String, List<PlateRead>> byCamera = received.stream().collect(Collectors.groupingBy(PlateRead::getCameraId));
        assertThat(byCamera).hasSize(cameras);
        for (Map.Entry<String, List<PlateRead>> camera : byCamera.entrySet()) {
          List<PlateRead> inOrder = camera.getValue().stream().sorted((a, b) -> Long.compare(a.getSequence(), b.getSequence())).toList();
          // Gap-free 1..n: nothing captured without a subscriber was lost.
          assertThat(inOrder.get(0).getSequence()).isEqualTo(1L);
          assertThat(inOrder.get(inOrder.size() - 1).getSequence()).isEqualTo((long) inOrder.size());
          // Original capture times: reads captured before the subscription keep them, and the very
          // first read, answered 0x10 at once, arrives with the payload it was first sent with.
          List<PlateRead> capturedBefore = inOrder.stream().filter(r -> r.getCapturedAtMs() < subscribedAtMs).toList();
          assertThat(capturedBefore).as("reads of %s captured without a subscriber", camera.getKey()).hasSizeGreaterThan(40);
          PlateRead first = inOrder.get(0);
          assertThat(first.getPublishedAtMs()).isLessThan(subscribedAtMs).isGreaterThanOrEqualTo(first.getCapturedAtMs());
          for (int i = 1; i < inOrder.size(); i++) {
            assertThat(inOrder.get(i).getCapturedAtMs()).isGreaterThanOrEqualTo(inOrder.get(i - 1).getCapturedAtMs());
          }
        }
        System.out.printf("device-sim no subscriber: %d reads, %d publishes answered 0x10 (%d heartbeats), %d resent in 2 s at the cap%n",
            fleet.generated(), fleet.readsNotDelivered(), fleet.heartbeatsNotDelivered(), probes);
      }
    } finally {
      fleet.close();
    }
    FleetThreads.awaitNoneLeft(prefix);
    try (MqttTestSubscriber cleaner = MqttTestSubscriber.subscribe(url, topics.allStatus())) {
      cleaner.clearRetained(topics, fleet.cameraIds());
    }
  }

  private static List<PlateRead> reads(MqttTestSubscriber subscriber) {
    List<PlateRead> reads = new ArrayList<>();
    for (MqttTestSubscriber.Received r : subscriber.received()) {
      try {
        reads.add(PlateRead.parseFrom(r.payload()));
      } catch (IOException e) {
        throw new AssertionError("unparsable read on " + r.topic(), e);
      }
    }
    return reads;
  }

  private static Set<String> readIds(MqttTestSubscriber subscriber) {
    Set<String> ids = new HashSet<>();
    for (PlateRead read : reads(subscriber)) ids.add(read.getReadId());
    return ids;
  }
}
