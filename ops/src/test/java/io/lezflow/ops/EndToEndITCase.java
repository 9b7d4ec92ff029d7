package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera -> MQTT -> ingest -> Kafka -> Flink (MiniCluster, RocksDB state, checkpoints) ->
 * PostgreSQL, with a fixed seed: the violations in PostgreSQL are exactly the ones the
 * simulator knows it caused.
 *
 * <p>Always runs on the embedded services; runs a second time on the machine's Mosquitto and
 * PostgreSQL when {@code LEZ_TEST_MQTT_URL} / {@code LEZ_TEST_JDBC_URL} name them (.ci/run does).
 */
class EndToEndITCase {

  @Test
  void embeddedServices(@TempDir Path dir) throws Exception {
    assertExactViolations(StackEndpoints.allEmbedded(), dir, "public");
  }

  @Test
  void machineServicesWhenConfigured(@TempDir Path dir) throws Exception {
    Optional<String> mqtt = TestServices.externalMqttUrl();
    Optional<String> jdbc = TestServices.externalJdbcUrl();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        mqtt.isPresent() || jdbc.isPresent(), "LEZ_TEST_MQTT_URL / LEZ_TEST_JDBC_URL not set: the embedded run covers this machine");
    String schema = "e2e_" + Long.toHexString(System.nanoTime());
    assertExactViolations(new StackEndpoints(mqtt, Optional.empty(), jdbc, "postgres", ""), dir, schema);
  }

  private static void assertExactViolations(StackEndpoints endpoints, Path dir, String schema) throws Exception {
    DemoRun.Options options =
        new DemoRun.Options(
            endpoints, dir, TestServices.freshTopics(), schema,
            40, 400, 7L, 3_000, Duration.ofSeconds(12), Duration.ofSeconds(2), Duration.ofSeconds(90));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    DemoRun.Outcome outcome =
        new DemoRun(options, Clock.systemUTC())
            .run(new CountDownLatch(1), new CountDownLatch(1), new PrintStream(progress, true, StandardCharsets.UTF_8));
    DemoResult r = outcome.result();
    String log = progress.toString(StandardCharsets.UTF_8);

    assertThat(r.published()).as(log).isGreaterThan(3_000);
    assertThat(r.ingested()).as(log).isEqualTo(r.published());
    assertThat(r.decided()).as(log).isEqualTo(r.ingested());
    assertThat(r.dlq()).isZero();
    assertThat(outcome.expectedViolationIds()).as("the simulated traffic must contain banned vehicles").isNotEmpty();
    assertThat(outcome.violationIds()).as(log).isEqualTo(outcome.expectedViolationIds());
  }
}
