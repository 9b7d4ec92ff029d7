package io.lezflow.police.search;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code limit} searches per user in any sliding {@code window}: a police user can look
 * for the vehicles of a case, not trawl the sightings. In memory, per process (one portal); a
 * cluster of portals would divide the budget by their number or share it in the database.
 * Thread-safe.
 */
public final class SearchRateLimiter {
  private final int limit;
  private final long windowMs;
  private final Map<String, Deque<Long>> attempts = new HashMap<>();

  public SearchRateLimiter(int limit, Duration window) {
    this.limit = limit;
    this.windowMs = window.toMillis();
  }

  /** Counts an attempt at {@code nowMs}; false when the user is over the limit (the attempt is not counted then). */
  public synchronized boolean tryAcquire(String userId, long nowMs) {
    Deque<Long> times = attempts.computeIfAbsent(userId, u -> new ArrayDeque<>());
    while (!times.isEmpty() && times.peekFirst() <= nowMs - windowMs) times.pollFirst();
    if (times.size() >= limit) return false;
    times.addLast(nowMs);
    return true;
  }
}
