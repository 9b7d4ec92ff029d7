package io.lezflow.ingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 1d: two gateways share the cameras' load in one MQTT 5 shared-subscription group; one
 * is killed (SIGKILL) and the other takes over its share.
 *
 * <p>Why the survivor has to act: Mosquitto 2.0 keeps routing the dead member's share of new reads
 * to its persistent session (queued while it is away) and keeps the reads it had in flight there;
 * nothing moves them to another member while the session lives (a day). So the gateways watch each
 * other's presence (a retained message, "offline" being each one's MQTT will): the survivor sees
 * its peer go offline, connects with the peer's client id and consumes the peer's session through
 * its own outbox. The test checks that every read published after the kill reaches Kafka while the
 * killed gateway is still down. Then the killed gateway is restarted: it takes its session back
 * (the broker disconnects the adopter) and forwards what its own outbox still held at the kill,
 * acknowledged reads that only its disk has; after that nothing acknowledged is missing at all.
 */
class SharedGroupFailoverFaultITCase {
  @TempDir Path dir;

  @Test
  void theSurvivorTakesOverTheKilledGatewaysShareAndNothingAcknowledgedIsLost() throws Exception {
    try (FaultBench bench = new FaultBench(dir)) {
      IngestProcess a = bench.gateway("ingest-a", Map.of("LEZ_INGEST_PEERS", "ingest-b"));
      IngestProcess b = bench.gateway("ingest-b", Map.of("LEZ_INGEST_PEERS", "ingest-a"));
      a.start();
      b.start();
      FaultBench.awaitStarted(a);
      FaultBench.awaitStarted(b);
      bench.startCameras();
      bench.publishFor(Duration.ofSeconds(15));
      assertThat(a.metric("lez_ingest_messages_received_total")).as("a takes part").isGreaterThan(1000);
      assertThat(b.metric("lez_ingest_messages_received_total")).as("b takes part").isGreaterThan(1000);

      b.kill();
      long killedAt = System.nanoTime();
      Set<String> generatedBeforeKill = bench.fleet.generatedSoFar();
      await().atMost(Duration.ofSeconds(20)).until(() -> a.metric("lez_ingest_session_adoptions_total") >= 1);
      System.out.printf("FAULT shared group: ingest-a adopted the session of ingest-b %.1f s after the kill%n",
          (System.nanoTime() - killedAt) / 1e9);
      bench.publishFor(Duration.ofSeconds(20));

      // Everything published after the kill went to a, directly or through b's adopted session.
      Set<String> acknowledgedAfterKill = new HashSet<>(bench.fleet.acknowledged());
      acknowledgedAfterKill.removeAll(generatedBeforeKill);
      assertThat(acknowledgedAfterKill).hasSizeGreaterThan(10_000);
      Set<String> inKafka = bench.readIdsInKafka(acknowledgedAfterKill, Duration.ofSeconds(60)).keySet();
      Set<String> missingWhileBDown = new HashSet<>(acknowledgedAfterKill);
      missingWhileBDown.removeAll(inKafka);
      System.out.printf("FAULT shared group: %d reads acknowledged after the kill, %d of them in Kafka while ingest-b is down%n",
          acknowledgedAfterKill.size(), acknowledgedAfterKill.size() - missingWhileBDown.size());
      assertThat(missingWhileBDown).as("reads published after the kill, missing while ingest-b is down").isEmpty();
      assertThat(a.logText()).contains("adopted its MQTT session");

      b.start();
      FaultBench.awaitStarted(b);
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> a.metric("lez_ingest_adopted_sessions") == 0
            && a.logText().contains("gateway ingest-b is online: ingest-a leaves its session to it"));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("ingest-a did not let go of ingest-b's session" + bench.diagnostics(), e);
      }
      bench.publishFor(Duration.ofSeconds(10));
      bench.finishPublishing();

      bench.assertNoAcknowledgedReadMissing("shared group, one of two gateways SIGKILLed");
      assertThat(b.metric("lez_ingest_messages_received_total")).as("b is back in the group").isGreaterThan(1000);
      assertThat(a.metric("lez_ingest_adopted_sessions")).isZero();
    }
  }
}
