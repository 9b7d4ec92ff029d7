package io.lezflow.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The knee: the highest step with flat lag, p99 under 1 s and at least 95 % of the target decided. */
class KneeTest {

  static StepResult step(double target, double decided, double p99, long backlogStart, long backlogEnd) {
    return new StepResult(target, target, decided, p99 / 2, p99 * 0.8, p99, p99 * 1.2, p99 * 1.5, 0, backlogStart, backlogEnd, 0, 30,
        Map.of(), Map.of());
  }

  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of("all sustained: the highest", List.of(step(1000, 1000, 200, 500, 600), step(5000, 4990, 400, 900, 1200)), 5000.0),
        Arguments.of("p99 over 1 s at the top", List.of(step(1000, 1000, 200, 0, 0), step(5000, 5000, 1200, 0, 0)), 1000.0),
        Arguments.of("lag grows at the top", List.of(step(1000, 1000, 200, 0, 0), step(5000, 5000, 300, 1000, 9000)), 1000.0),
        Arguments.of("lag growth within one second of the rate is flat", List.of(step(5000, 5000, 300, 1000, 5900)), 5000.0),
        Arguments.of("throughput short of the target", List.of(step(1000, 1000, 200, 0, 0), step(5000, 4000, 300, 0, 0)), 1000.0),
        Arguments.of("a lower step fails, a higher one holds (noise): the highest that holds",
            List.of(step(1000, 900, 200, 0, 0), step(2000, 2000, 300, 0, 0)), 2000.0),
        Arguments.of("none sustained", List.of(step(1000, 500, 5000, 0, 20000)), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void kneeOfARun(String name, List<StepResult> steps, Double expected) {
    assertThat(Knee.of(steps).map(StepResult::targetRate).orElse(null)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void theReportNamesTheKneeAndTheRatiosAndDrawsEveryStep() {
    BenchReport report = new BenchReport(Map.of("nproc", 2), Map.of("qos", 1),
        List.of(step(1000, 1000, 200, 0, 0), step(5000, 5000, 1500, 0, 0)),
        Map.of("raw Mosquitto publish->subscribe", 20000.0, "ingest gateway (MQTT -> outbox -> Kafka)", 16000.0), List.of("a note"));
    assertThat(report.ratios()).containsEntry("ingest gateway / raw Mosquitto pub->sub", 0.8);
    assertThat(report.markdown()).contains("**1000 reads/s**").contains("| ingest gateway / raw Mosquitto pub->sub | 0.80 |").contains("- a note");
    assertThat(report.svg()).startsWith("<svg").contains("polyline").contains(">5000<");
  }
}
