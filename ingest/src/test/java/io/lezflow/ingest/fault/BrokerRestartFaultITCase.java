package io.lezflow.ingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 1c: the Mosquitto broker (persistence on, the shipped no-loss queue settings) is
 * restarted under load. Its clean stop saves the sessions, with the messages queued for the
 * gateway and those in flight to it; cameras keep unacknowledged reads in their buffers and publish
 * them again; the gateway reconnects to its session. Scope: a clean restart (SIGTERM). A crash of
 * Mosquitto (SIGKILL, power loss) loses what it acknowledged since its last autosave (1 s): that is
 * Mosquitto's persistence model, not something a client can repair (see the shipped README).
 */
class BrokerRestartFaultITCase {
  @TempDir Path dir;

  @Test
  void restartingTheBrokerUnderLoadLosesNoAcknowledgedRead() throws Exception {
    try (FaultBench bench = new FaultBench(dir)) {
      IngestProcess gateway = bench.gateway("ingest-broker-restart", Map.of());
      gateway.start();
      FaultBench.awaitStarted(gateway);
      bench.startCameras();
      bench.publishFor(Duration.ofSeconds(15));

      bench.broker.stop();
      await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/health/ready").status() == 503);
      assertThat(gateway.get("/health/ready").body()).contains("mqttConnected=false");
      bench.publishFor(Duration.ofSeconds(3)); // cameras buffer while the broker is away
      bench.broker.restart();

      await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/health/ready").status() == 200);
      bench.publishFor(Duration.ofSeconds(15));
      bench.finishPublishing();

      bench.assertNoAcknowledgedReadMissing("Mosquitto restarted");
      assertThat(gateway.metric("lez_ingest_mqtt_reconnects_total")).isGreaterThanOrEqualTo(1);
    }
  }
}
