package io.lezflow.portal.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins per key (a user name, a client address) in a sliding window: after {@code
 * maxFailures} failures within {@code window}, further attempts are refused until the oldest
 * failure leaves the window. Refused attempts are not counted (a locked-out caller cannot extend
 * its own lock forever), and a successful login clears the key.
 */
public final class LoginRateLimiter {
  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new HashMap<>();

  public LoginRateLimiter(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be >= 1");
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** Empty when an attempt for {@code key} may go ahead, else how long until it may. */
  public synchronized Optional<Duration> blockedFor(String key) {
    Deque<Long> f = prune(key);
    if (f == null || f.size() < maxFailures) return Optional.empty();
    long until = f.peekFirst() + window.toMillis();
    return Optional.of(Duration.ofMillis(Math.max(1, until - clock.millis())));
  }

  public synchronized void failed(String key) {
    failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(clock.millis());
    if (failures.size() > 100_000) failures.clear(); // bounded memory under a spray of user names
  }

  public synchronized void succeeded(String key) {
    failures.remove(key);
  }

  private Deque<Long> prune(String key) {
    Deque<Long> f = failures.get(key);
    if (f == null) return null;
    long cutoff = clock.millis() - window.toMillis();
    while (!f.isEmpty() && f.peekFirst() <= cutoff) f.removeFirst();
    if (f.isEmpty()) {
      failures.remove(key);
      return null;
    }
    return f;
  }
}
