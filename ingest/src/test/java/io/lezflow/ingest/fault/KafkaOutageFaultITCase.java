package io.lezflow.ingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done-when 1a: Kafka is stopped for 60 s while 330 cameras keep publishing, then started again.
 * The gateway keeps acknowledging into its outbox (cameras never notice), says it is not ready,
 * and forwards everything once Kafka is back.
 */
class KafkaOutageFaultITCase {
  static final Duration OUTAGE = Duration.ofSeconds(60);
  @TempDir Path dir;

  @Test
  void kafkaDownForAMinuteLosesNoAcknowledgedRead() throws Exception {
    try (FaultBench bench = new FaultBench(dir)) {
      IngestProcess gateway = bench.gateway("ingest-kafka-outage", Map.of());
      gateway.start();
      FaultBench.awaitStarted(gateway);
      await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/health/ready").status() == 200);
      bench.startCameras();
      bench.publishFor(Duration.ofSeconds(10));

      long stoppedAt = System.nanoTime();
      bench.kafka.stop();
      await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/health/ready").status() == 503);
      assertThat(gateway.get("/health/ready").body()).contains("kafkaReachable=false");
      assertThat(gateway.get("/health/live").status()).as("alive while Kafka is away").isEqualTo(200);
      // Cameras are still acknowledged: the reads pile up in the outbox.
      await().atMost(OUTAGE).until(() -> gateway.metric("lez_ingest_outbox_records") > 20_000);
      long acknowledgedDuringOutage = bench.fleet.acknowledged().size();
      await().atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> System.nanoTime() - stoppedAt >= OUTAGE.toNanos());
      double heldAtRestart = gateway.metric("lez_ingest_outbox_records");
      bench.kafka.restart();
      System.out.printf("FAULT Kafka outage: down %.0f s, outbox held %.0f records when Kafka came back%n",
          (System.nanoTime() - stoppedAt) / 1e9, heldAtRestart);
      assertThat(bench.fleet.acknowledged().size()).as("cameras kept being acknowledged while Kafka was down")
          .isGreaterThan((int) acknowledgedDuringOutage);

      await().atMost(Duration.ofSeconds(60)).until(() -> gateway.get("/health/ready").status() == 200);
      bench.publishFor(Duration.ofSeconds(10));
      bench.finishPublishing();
      await().atMost(Duration.ofSeconds(120)).until(() -> gateway.metric("lez_ingest_outbox_records") == 0);

      bench.assertNoAcknowledgedReadMissing("Kafka stopped " + OUTAGE.toSeconds() + " s");
      assertThat(gateway.metric("lez_ingest_kafka_send_failures_total")).isGreaterThanOrEqualTo(0);
    }
  }
}
