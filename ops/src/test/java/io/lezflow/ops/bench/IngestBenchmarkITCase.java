package io.lezflow.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.MosquittoProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on real parts and reports both legs (small counts: a smoke run, not a measurement). */
class IngestBenchmarkITCase {
  @TempDir Path dir;

  @Test
  void measuresTheGatewayAgainstTheRawBrokerAndReportsBoth() {
    assumeTrue(MosquittoProcess.binary().isPresent(), "mosquitto is not installed (apt-get install mosquitto)");
    int messages = Integer.getInteger("lez.bench.messages", 20_000);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createLezTopics();
      BenchResult result = IngestBenchmark.run(
          BenchOptions.defaults(kafka.bootstrapServers(), dir).withMessages(messages).withWarmup(Math.min(5_000, messages)));
      System.out.println(result);
      assertThat(result.messages()).isEqualTo(messages);
      assertThat(result.baselineReadsPerSecond()).isPositive();
      assertThat(result.gatewayReadsPerSecond()).isPositive();
      assertThat(result.ratio()).isEqualTo(result.gatewayReadsPerSecond() / result.baselineReadsPerSecond());
      assertThat(result.toString()).contains("reads/s").contains("gateway / raw broker").contains("mosquitto");
    }
  }
}
