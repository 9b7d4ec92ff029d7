package io.lezflow.sim.mqtt;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.embedded.TestServices;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How fast the fleet can publish: 30 cameras asked for far more than a broker on this box takes.
 * Prints the rate reached (not asserted: it depends on the machine); asserts that nothing was lost.
 */
class FleetThroughputITCase {

  @Test
  void publishesAsFastAsTheBrokerAcknowledgesWithoutLosingAReadOnTheWay() throws Exception {
    String url = TestServices.mqttUrl();
    MqttTopics topics = TestServices.freshTopics();
    String prefix = "tp" + UUID.randomUUID().toString().substring(0, 8);
    List<VehicleRecord> population = VehiclePopulation.generate(7, 10_000, LocalDate.now(VehiclePopulation.BRUSSELS));
    SimulatorConfig config = new SimulatorConfig(url, topics, 30, 60_000, 7, 10_000, "BRU", prefix);

    // A subscriber as ingest has one: without it the broker answers "no matching subscribers" and
    // no read counts as acknowledged (CameraNoSubscriberITCase).
    try (MqttTestSubscriber subscriber = MqttTestSubscriber.subscribe(url, topics.allReads());
        CameraFleet fleet = new CameraFleet(config, population, Clock.systemUTC())) {
      fleet.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.published() > 0);
      long t1 = System.nanoTime();
      long p1 = fleet.published();
      await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
      long p2 = fleet.published();
      long t2 = System.nanoTime();
      System.out.printf("device-sim throughput window: %.1f s, generated %d, published %d -> %d, throttled %d%n",
          (t2 - t1) / 1e9, fleet.generated(), p1, p2, fleet.throttled());
      fleet.stopPublishing();
      assertThat(fleet.awaitAcknowledged(Duration.ofSeconds(60))).isTrue();
      assertThat(fleet.published()).isEqualTo(fleet.generated());
      assertThat(fleet.acknowledgedReadIds()).hasSize((int) fleet.generated());
      double rate = (p2 - p1) / ((t2 - t1) / 1e9);
      System.out.printf("device-sim throughput on %s: %.0f reads/s acknowledged (30 cameras, asked 60,000/s); "
              + "generated %d, throttled %d (camera buffers full), behind schedule %d (generator starved), window-full events %d, retries %d%n",
          url, rate, fleet.generated(), fleet.throttled(), fleet.behindSchedule(), fleet.windowFullEvents(), fleet.retries());
      assertThat(rate).isPositive();
    }
  }

  @Test
  void theDefaultFleetOf330CamerasConnectsPublishesAndCloses() throws Exception {
    String url = TestServices.mqttUrl();
    String prefix = "df" + UUID.randomUUID().toString().substring(0, 8);
    MqttTopics topics = TestServices.freshTopics();
    SimulatorConfig config = SimulatorConfig.defaults(url).withTopics(topics).withCameraPrefix(prefix);
    List<VehicleRecord> population = VehiclePopulation.generate(config.seed(), config.vehicles(), LocalDate.now(VehiclePopulation.BRUSSELS));

    long started = System.nanoTime();
    try (MqttTestSubscriber subscriber = MqttTestSubscriber.subscribe(url, topics.allReads());
        CameraFleet fleet = new CameraFleet(config, population, Clock.systemUTC())) {
      fleet.start();
      long connectedMs = (System.nanoTime() - started) / 1_000_000;
      await().atMost(Duration.ofSeconds(20)).until(() -> fleet.generated() >= 2_000);
      fleet.stopPublishing();
      assertThat(fleet.awaitAcknowledged(Duration.ofSeconds(30))).isTrue();
      assertThat(fleet.published()).isEqualTo(fleet.generated());
      // Every camera got its share of the rate.
      assertThat(fleet.acknowledgedReadIds().stream().map(id -> id.substring(0, id.indexOf(':'))).distinct()).hasSize(330);
      System.out.printf("device-sim default fleet: 330 cameras connected in %d ms, %d reads, %d live threads in the JVM%n",
          connectedMs, fleet.generated(), Thread.activeCount());
    }
    FleetThreads.awaitNoneLeft(prefix);
  }
}
