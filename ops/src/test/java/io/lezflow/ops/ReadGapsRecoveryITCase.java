package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.TestServices;
import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.mqtt.IngestGateway;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.sim.traffic.VehiclePopulation;
import io.lezflow.sim.load.LoadGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that drops reads loses nothing silently: the load generator withholds 2 % of its reads
 * on the first send (as a broker under load would drop them), the gateway sees the holes in each
 * camera's sequence, counts them (lez_ingest_read_gaps_total), re-requests them on the cameras'
 * resend topics, the cameras publish them again, and in the end every generated read is in Kafka.
 */
class ReadGapsRecoveryITCase {
  @TempDir Path dir;

  @Test
  void missingReadsAreCountedReRequestedAndRecovered() {
    EmbeddedKafka kafka = TestServices.sharedKafka();
    MqttTopics topics = TestServices.freshTopics();
    var population = VehiclePopulation.generate(7, 2_000, LocalDate.now(VehiclePopulation.BRUSSELS));
    IngestConfig config = IngestConfig.defaults(TestServices.mqttUrl(), kafka.bootstrapServers())
        .withTopics(topics).withGatewayId("gaps-" + System.nanoTime()).withOutboxDir(dir.resolve("outbox"));
    try (IngestGateway gateway = new IngestGateway(config, Clock.systemUTC())) {
      gateway.start();
      LoadGenerator.Settings settings = LoadGenerator.Settings.defaults(TestServices.mqttUrl(), 50)
          .withTopics(topics).withConnections(2).withLossShare(0.02);
      try (LoadGenerator generator = new LoadGenerator(settings, population, 500)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> generator.generated() >= 3_000);
        generator.stop(10_000); // generation ends; re-requests are still answered
        long generated = generator.generated();
        long undetectable = generator.withheldUndetectable();
        assertThat(generator.withheld()).as("reads withheld on the first send").isPositive();
        // A gap is seen once a later read of the same camera arrives: withheld reads at the tail of
        // a camera's sequence cannot be known until it sends again, nor those before its first.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          assertThat(gateway.metrics().readGaps()).isPositive();
          assertThat(generator.resent()).isPositive();
          assertThat(gateway.accepted()).isGreaterThanOrEqualTo(generated - undetectable);
        });
        assertThat(gateway.metrics().readGapsRecovered()).as("re-requested reads that came back").isPositive();
        assertThat(gateway.metrics().readGapsLost()).isZero();
      }
    }
  }
}
