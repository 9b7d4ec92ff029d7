package io.lezflow.sim.mqtt;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.embedded.TestServices;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.CameraStatus;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Cameras whose network goes down for a few seconds (a TCP proxy that cuts and then refuses every
 * connection) against a real broker (embedded HiveMQ, or the machine's Mosquitto with
 * LEZ_TEST_MQTT_URL): capture goes on offline, the buffer is replayed after the reconnect with the
 * original capture times, nothing is lost, reconnect attempts back off.
 */
class CameraOfflineBufferITCase {

  @Test
  void readsCapturedOfflineArriveAfterTheReconnectWithTheirCaptureTimesAndNothingIsLost() throws Exception {
    String url = TestServices.mqttUrl();
    MqttTopics topics = TestServices.freshTopics();
    String prefix = "off" + UUID.randomUUID().toString().substring(0, 8);
    int cameras = 5;
    List<VehicleRecord> population = VehiclePopulation.generate(11, 1_000, LocalDate.now(VehiclePopulation.BRUSSELS));
    Clock clock = Clock.systemUTC();

    try (TcpProxy proxy = new TcpProxy(url);
        MqttTestSubscriber subscriber = MqttTestSubscriber.subscribe(url, topics.allReads(), topics.allStatus())) {
      SimulatorConfig config = new SimulatorConfig(proxy.url(), topics, cameras, 200, 11, 1_000, "BRU", prefix)
          .withReconnectBackoff(new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
      CameraFleet fleet = new CameraFleet(config, population, clock);
      try {
        fleet.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.published() >= 200);

        proxy.goOffline();
        long outageStartMs = clock.millis();
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.connectionLosses() >= cameras && fleet.connectedCameras() == 0);
        long acknowledgedWhenOffline = fleet.published();
        long generatedWhenOffline = fleet.generated();
        // The network stays down while the cameras capture ~3 s of traffic (40 reads/s each).
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.generated() >= generatedWhenOffline + 600);
        assertThat(fleet.published()).as("nothing acknowledged while offline").isEqualTo(acknowledgedWhenOffline);
        assertThat(fleet.bufferedReads()).isGreaterThanOrEqualTo(600);
        assertThat(fleet.degradedCameras()).isZero(); // DEGRADED is what a reconnected camera replaying says
        assertThat(proxy.refusals()).as("the cameras keep trying").isNotEmpty();
        long outageEndMs = clock.millis();
        proxy.goOnline();

        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.connectedCameras() == cameras);
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.generated() >= generatedWhenOffline + 1_000);
        fleet.stopPublishing();
        assertThat(fleet.awaitAcknowledged(Duration.ofSeconds(30))).isTrue();
        assertThat(fleet.reconnects()).isEqualTo(cameras);
        assertThat(fleet.throttled()).as("a 1,000-read buffer holds a 3 s outage").isZero();
        assertThat(fleet.published()).isEqualTo(fleet.generated());
        await().atMost(Duration.ofSeconds(30)).until(() -> reads(subscriber).keySet().containsAll(fleet.acknowledgedReadIds()));
        Map<String, PlateRead> received = reads(subscriber);
        assertThat(received.keySet()).isEqualTo(fleet.acknowledgedReadIds());

        // Every camera's sequence is gap-free 1..n: nothing captured was lost or skipped.
        Map<String, List<PlateRead>> byCamera = received.values().stream().collect(Collectors.groupingBy(PlateRead::getCameraId));
        assertThat(byCamera).hasSize(cameras);
        for (List<PlateRead> reads : byCamera.values()) {
          List<Long> sequences = reads.stream().map(PlateRead::getSequence).sorted().toList();
          assertThat(sequences.get(0)).isEqualTo(1L);
          assertThat(sequences.get(sequences.size() - 1)).isEqualTo((long) sequences.size());
        }

        // Reads captured during the outage carry capture times inside it and were first sent after it.
        for (Map.Entry<String, List<PlateRead>> camera : byCamera.entrySet()) {
          List<PlateRead> capturedOffline = camera.getValue().stream()
              .filter(r -> r.getCapturedAtMs() > outageStartMs + 100 && r.getCapturedAtMs() < outageEndMs).toList();
          assertThat(capturedOffline).as("reads %s captured offline", camera.getKey()).hasSizeGreaterThan(50);
          assertThat(capturedOffline).allSatisfy(r -> assertThat(r.getPublishedAtMs()).isGreaterThanOrEqualTo(outageEndMs));
          // In sequence order the capture times never go back: a replay does not reorder.
          List<PlateRead> inOrder = camera.getValue().stream().sorted((a, b) -> Long.compare(a.getSequence(), b.getSequence())).toList();
          for (int i = 1; i < inOrder.size(); i++) {
            assertThat(inOrder.get(i).getCapturedAtMs()).isGreaterThanOrEqualTo(inOrder.get(i - 1).getCapturedAtMs());
          }
        }

        // Each camera said DEGRADED with its backlog right after the reconnect, then ONLINE once the
        // backlog was acknowledged (what is left in its buffer then is a live read or two in flight).
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesAfter(subscriber, outageEndMs).values().stream()
            .filter(s -> !s.isEmpty() && s.get(s.size() - 1).getState() == CameraState.CAMERA_STATE_ONLINE
                && s.get(s.size() - 1).getBufferedReads() <= 5).count() == cameras);
        for (List<CameraStatus> statuses : statusesAfter(subscriber, outageEndMs).values()) {
          CameraStatus first = statuses.get(0);
          assertThat(first.getState()).isEqualTo(CameraState.CAMERA_STATE_DEGRADED);
          assertThat(first.getBufferedReads()).isGreaterThan(50);
        }
        System.out.printf("device-sim outage: %d ms offline, %d reads buffered at most, %d reconnect attempts refused, %d reads in all%n",
            outageEndMs - outageStartMs, generatedWhenOffline + 600 - acknowledgedWhenOffline, proxy.refusals().size(), received.size());
      } finally {
        fleet.close();
      }
      FleetThreads.awaitNoneLeft(prefix);
      subscriber.clearRetained(topics, fleet.cameraIds());
    }
  }

  @Test
  void reconnectAttemptsAreSpacedFurtherAndFurtherApart() throws Exception {
    String url = TestServices.mqttUrl();
    String prefix = "bo" + UUID.randomUUID().toString().substring(0, 8);
    List<VehicleRecord> population = VehiclePopulation.generate(3, 100, LocalDate.now(VehiclePopulation.BRUSSELS));
    // Ceilings 100, 200, 400, 800, 1600 ms, then capped at 1600.
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_600));

    try (TcpProxy proxy = new TcpProxy(url);
        CameraFleet fleet = new CameraFleet(new SimulatorConfig(proxy.url(), TestServices.freshTopics(), 1, 5, 3, 100, "BRU", prefix)
            .withReconnectBackoff(backoff), population, Clock.systemUTC())) {
      fleet.start();
      long cutAt = System.nanoTime();
      proxy.goOfflineAfterHello();
      // Measured on the wire, at the proxy: attempt k-1 is refused (closed) once it has sent its
      // CONNECT; attempt k arrives after the camera's back-off delay k.
      await().atMost(Duration.ofSeconds(20)).until(() -> proxy.refusals().size() >= 7);
      List<TcpProxy.Refusal> refusals = proxy.refusals();
      List<Long> delaysMs = new ArrayList<>();
      long previous = cutAt;
      for (TcpProxy.Refusal refusal : refusals.subList(0, 7)) {
        delaysMs.add((refusal.acceptedAtNanos() - previous) / 1_000_000);
        previous = refusal.closedAtNanos();
      }
      System.out.println("device-sim reconnect delays (ms) after the cut: " + delaysMs);
      // Delay k lies within its back-off window [ceiling/2, ceiling]: never earlier (a loaded machine can
      // only add to a delay, hence the margin above the window and only 20 ms below it).
      long toleranceMs = 300;
      for (int k = 1; k <= 7; k++) {
        long ceiling = backoff.ceiling(k).toMillis();
        assertThat(delaysMs.get(k - 1)).as("delay before attempt %d", k).isBetween(ceiling / 2 - 20, ceiling + toleranceMs);
      }
      // The windows themselves grow (attempt 5 waited >= 780 ms, attempt 1 <= 100 ms + margin), and
      // while the ceiling doubles each delay is at least the previous one (equal jitter).
      for (int k = 2; k <= 5; k++) {
        assertThat(delaysMs.get(k - 1)).as("delay before attempt %d", k).isGreaterThanOrEqualTo(delaysMs.get(k - 2) - 150);
      }
      assertThat(fleet.reconnectAttempts()).isGreaterThanOrEqualTo(7);
      assertThat(fleet.reconnects()).isZero();

      proxy.goOnline();
      await().atMost(Duration.ofSeconds(5)).until(() -> fleet.connectedCameras() == 1);
      assertThat(fleet.reconnects()).isEqualTo(1);
      // A fresh loss starts again from the first, short delay (not the 800-1600 ms the camera had reached).
      long secondCut = System.nanoTime();
      int refusedBefore = proxy.refusals().size();
      proxy.goOfflineAfterHello();
      await().atMost(Duration.ofSeconds(5)).until(() -> proxy.refusals().size() > refusedBefore);
      long firstDelayMs = (proxy.refusals().get(refusedBefore).acceptedAtNanos() - secondCut) / 1_000_000;
      proxy.goOnline();
      assertThat(firstDelayMs).isLessThan(backoff.ceiling(1).toMillis() + toleranceMs);
    }
    // Not one connecting thread left behind by the refused attempts (see PahoSocketFactory).
    FleetThreads.awaitNoneLeft(prefix);
  }

  private static Map<String, PlateRead> reads(MqttTestSubscriber subscriber) {
    Map<String, PlateRead> reads = new HashMap<>();
    for (MqttTestSubscriber.Received r : subscriber.received()) {
      if (!r.topic().endsWith("/reads")) continue;
      try {
        PlateRead read = PlateRead.parseFrom(r.payload());
        reads.put(read.getReadId(), read);
      } catch (IOException e) {
        throw new AssertionError("unparsable read on " + r.topic(), e);
      }
    }
    return reads;
  }

  /** Heartbeats reported at or after {@code fromMs}, per camera, in arrival order (retained copies excluded). */
  private static Map<String, List<CameraStatus>> statusesAfter(MqttTestSubscriber subscriber, long fromMs) throws IOException {
    Map<String, List<CameraStatus>> statuses = new TreeMap<>();
    for (MqttTestSubscriber.Received r : subscriber.received()) {
      if (!r.topic().endsWith("/status") || r.payload().length == 0) continue;
      CameraStatus status = CameraStatus.parseFrom(r.payload());
      if (status.getReportedAtMs() < fromMs || status.getState() == CameraState.CAMERA_STATE_OFFLINE) continue;
      statuses.computeIfAbsent(status.getCameraId(), k -> new ArrayList<>()).add(status);
    }
    return statuses;
  }
}
