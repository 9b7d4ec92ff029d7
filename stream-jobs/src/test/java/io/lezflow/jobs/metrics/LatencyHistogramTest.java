package io.lezflow.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyHistogramTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LatencyHistogram histogram = new LatencyHistogram(60_000, 3_600_000, now::get);

  @ParameterizedTest(name = "{0} ms -> p50 {1} s")
  @CsvSource({
      "1500,     1.5",
      "30000,    30.0",
      "0,        0.0",
      "-250,     0.0",      // a camera clock ahead of ours: counted as immediate
      "99999999, 3600.0",   // beyond the highest trackable value: counted at it
  })
  void recordsMillisecondsAndReportsSeconds(long latencyMs, double seconds) {
    histogram.update(latencyMs);

    assertThat(histogram.getStatistics().getQuantile(0.5)).isCloseTo(seconds, within(seconds * 0.01 + 0.001));
    assertThat(histogram.getCount()).isEqualTo(1);
  }

  @Test
  void quantilesCoverTheLastOneToTwoWindowsAndTheCountEverything() {
    for (int i = 0; i < 100; i++) histogram.update(10_000);   // window 1: 10 s
    now.addAndGet(60_000);
    for (int i = 0; i < 100; i++) histogram.update(40_000);   // window 2: 40 s
    assertThat(histogram.getStatistics().size()).isEqualTo(200);
    assertThat(histogram.getStatistics().getQuantile(0.25)).isCloseTo(10.0, within(0.1));

    now.addAndGet(60_000);                                      // window 1 drops out
    assertThat(histogram.getStatistics().size()).isEqualTo(100);
    assertThat(histogram.getStatistics().getQuantile(0.25)).isCloseTo(40.0, within(0.4));
    assertThat(histogram.getStatistics().getMax()).isEqualTo(40);

    now.addAndGet(180_000);                                     // a long silence: nothing recent
    assertThat(histogram.getStatistics().size()).isZero();
    assertThat(histogram.getStatistics().getQuantile(0.99)).isZero();
    assertThat(histogram.getCount()).isEqualTo(200);
  }
}
