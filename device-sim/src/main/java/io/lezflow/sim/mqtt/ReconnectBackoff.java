package io.lezflow.sim.mqtt;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a camera waits before its n-th attempt to reconnect: exponential back-off with "equal
 * jitter". The ceiling doubles from {@code initialDelay} up to {@code maxDelay}; the delay is drawn
 * uniformly from the upper half of the ceiling, {@code [ceiling / 2, ceiling]}.
 *
 * <p>Why not Paho's automatic reconnect: Paho 1.2.5 doubles its delay from a minimum to a maximum
 * ({@code setAutomaticReconnectDelay(min, max)}) but without any jitter, so 330 cameras that lost
 * a restarting broker together hammer it together at 1, 2, 4... s; it also runs one timer thread
 * per client. Why equal jitter rather than "full" jitter ({@code [0, ceiling]}): a camera never
 * retries immediately, and while the ceiling doubles the delays never shrink from one attempt to
 * the next (attempt n+1 waits at least {@code ceiling_n}, the most attempt n could wait), so a
 * struggling broker sees a load that only eases; at the cap the delays keep their jitter in
 * {@code [maxDelay / 2, maxDelay]}. Invariants: {@code 0 < initialDelay <= maxDelay}; every delay
 * lies in {@code [initialDelay / 2, maxDelay]}.
 *
 * @param initialDelay ceiling of the first attempt's delay
 * @param maxDelay the ceiling never grows beyond this
 */
public record ReconnectBackoff(Duration initialDelay, Duration maxDelay) {

  /** 1 s doubling to 60 s: a broker restart is absorbed in a few seconds, an outage costs a retry a minute. */
  public static final ReconnectBackoff DEFAULT = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

  public ReconnectBackoff {
    if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("Invalid simulator setting 'reconnectBackoff': initialDelay must be > 0, got " + initialDelay);
    }
    if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("Invalid simulator setting 'reconnectBackoff': maxDelay must be >= initialDelay ("
          + initialDelay + "), got " + maxDelay);
    }
  }

  /** The ceiling of attempt {@code attempt} (1 = the first attempt after a connection loss). */
  public Duration ceiling(int attempt) {
    if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    long initial = initialDelay.toNanos();
    long max = maxDelay.toNanos();
    // Doubling stops once it reaches the cap; a shift of 62+ would overflow, and cannot be needed.
    int doublings = Math.min(attempt - 1, 62);
    long ceiling = initial > (max >> doublings) ? max : initial << doublings;
    return Duration.ofNanos(Math.min(ceiling, max));
  }

  /** The delay before attempt {@code attempt}, drawn from {@code random} (each camera has its own). */
  public Duration delayBefore(int attempt, RandomGenerator random) {
    long ceiling = ceiling(attempt).toNanos();
    long half = ceiling / 2;
    return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
  }
}
