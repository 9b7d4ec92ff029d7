package io.lezflow.sim.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconnectBackoffTest {
  private static final ReconnectBackoff ONE_TO_SIXTY = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

  @ParameterizedTest(name = "attempt {0}: delay in [{1} ms, {2} ms]")
  @CsvSource({
      "1,     500,  1000",
      "2,    1000,  2000",
      "3,    2000,  4000",
      "4,    4000,  8000",
      "6,   16000, 32000",
      "7,   30000, 60000",
      "8,   30000, 60000",
      "100, 30000, 60000",
      "2147483647, 30000, 60000",
  })
  void theCeilingDoublesUpToTheCapAndTheDelayIsInItsUpperHalf(int attempt, long minMs, long maxMs) {
    assertThat(ONE_TO_SIXTY.ceiling(attempt)).isEqualTo(Duration.ofMillis(maxMs));
    SplittableRandom random = new SplittableRandom(attempt);
    for (int i = 0; i < 1_000; i++) {
      assertThat(ONE_TO_SIXTY.delayBefore(attempt, random)).isBetween(Duration.ofMillis(minMs), Duration.ofMillis(maxMs));
    }
  }

  @Test
  void whileTheCeilingDoublesDelaysNeverShrinkWhateverTheJitter() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(3_000));
    for (long seed = 0; seed < 500; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      Duration previous = Duration.ZERO;
      for (int attempt = 1; attempt <= 5; attempt++) { // ceilings 100, 200, 400, 800, 1600 ms (3000 from attempt 6)
        Duration delay = backoff.delayBefore(attempt, random);
        assertThat(delay).as("seed %d attempt %d", seed, attempt).isGreaterThanOrEqualTo(previous);
        previous = delay;
      }
      // At the cap the delays keep their jitter, within [max/2, max].
      for (int attempt = 6; attempt <= 20; attempt++) {
        assertThat(backoff.delayBefore(attempt, random)).isBetween(Duration.ofMillis(1_500), Duration.ofMillis(3_000));
      }
    }
  }

  @Test
  void camerasThatLostTheBrokerTogetherSpreadTheirFirstAttemptsOverTheWindow() {
    // 330 cameras, each its own jitter stream (as Camera seeds them): not one instant, but the whole half-window.
    List<Long> firstAttemptMs = new ArrayList<>();
    for (int camera = 1; camera <= 330; camera++) {
      firstAttemptMs.add(ONE_TO_SIXTY.delayBefore(1, new SplittableRandom(42L * 0x9E3779B97F4A7C15L + camera)).toMillis());
    }
    // 330 draws over ~500 distinct milliseconds: ~240 distinct values expected (birthday collisions).
    Set<Long> distinct = new HashSet<>(firstAttemptMs);
    assertThat(distinct).hasSizeGreaterThan(200);
    long min = firstAttemptMs.stream().mapToLong(Long::longValue).min().orElseThrow();
    long max = firstAttemptMs.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(max - min).as("spread of the first attempts").isGreaterThan(400);
    // No 50 ms slot of the window gets more than a fifth of the cameras.
    long[] slots = new long[11];
    firstAttemptMs.forEach(ms -> slots[(int) ((ms - 500) / 50)]++);
    for (long slot : slots) assertThat(slot).isLessThan(66);
  }

  @Test
  void theSameJitterStreamGivesTheSameDelays() {
    assertThat(ONE_TO_SIXTY.delayBefore(3, new SplittableRandom(9))).isEqualTo(ONE_TO_SIXTY.delayBefore(3, new SplittableRandom(9)));
  }

  @Test
  void wrongSettingsAreNamed() {
    assertThatThrownBy(() -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("initialDelay must be > 0");
    assertThatThrownBy(() -> new ReconnectBackoff(null, Duration.ofSeconds(1))).hasMessageContaining("initialDelay");
    assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("maxDelay must be >= initialDelay");
    assertThatThrownBy(() -> ONE_TO_SIXTY.ceiling(0)).hasMessageContaining("attempt must be >= 1");
  }

  @Test
  void aCeilingEqualToTheCapFromTheStartStaysThere() {
    ReconnectBackoff flat = new ReconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5));
    assertThat(flat.ceiling(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(flat.ceiling(40)).isEqualTo(Duration.ofSeconds(5));
  }
}
