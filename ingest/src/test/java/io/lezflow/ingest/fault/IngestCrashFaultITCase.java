package io.lezflow.ingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 1b: the ingest process is killed with SIGKILL mid-stream (no shutdown hook, no
 * flush) and started again with the same id and outbox. Nothing a camera was told is safe may be
 * missing from Kafka: what the gateway had acknowledged is in its outbox (replayed at start), what
 * it had not stays in its persistent MQTT session (redelivered).
 */
class IngestCrashFaultITCase {
  @TempDir Path dir;

  @Test
  void sigkillOfTheGatewayMidStreamLosesNoAcknowledgedRead() throws Exception {
    try (FaultBench bench = new FaultBench(dir)) {
      IngestProcess gateway = bench.gateway("ingest-crash", Map.of());
      gateway.start();
      FaultBench.awaitStarted(gateway);
      bench.startCameras();
      bench.publishFor(Duration.ofSeconds(15));
      await().atMost(Duration.ofSeconds(30)).until(() -> gateway.metric("lez_ingest_messages_accepted_total") > 1000);

      gateway.kill();
      bench.publishFor(Duration.ofSeconds(10)); // the broker queues the gateway's share in its session

      gateway.start();
      FaultBench.awaitStarted(gateway);
      bench.publishFor(Duration.ofSeconds(10));
      bench.finishPublishing();

      bench.assertNoAcknowledgedReadMissing("ingest SIGKILL + restart");
      assertThat(gateway.terminate()).isEqualTo(143);
    }
  }
}
