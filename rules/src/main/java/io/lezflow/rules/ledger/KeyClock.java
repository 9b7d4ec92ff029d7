package io.lezflow.rules.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The event-time bookkeeping of one folded plate key, as plain Java so that the stream operator
 * only loads state, calls, stores and registers the timers it is told to: when each kind of keyed
 * state entry ends, which entries a timer firing at an instant finds due (and in which order they
 * are handled), and which clean-up timer covers an end.
 *
 * <p>Every answer keeps the key's {@link VehicleLedger} due instants up to date: after a scan the
 * ledger holds the earliest due instant of what is left, so the next timer scans only what is due.
 * All instants are event time in epoch ms; {@link VehicleLedger#NOTHING_DUE} for none.
 *
 * <p>The kinds of entries, and when each is due:
 *
 * <ul>
 *   <li>a read held for the event time: at its capture time;
 *   <li>a candidate violation: at its {@code Candidate.finaliseAt} instant;
 *   <li>a read id's dedup memory: one past its last decidable instant (capture + allowed lateness),
 *       see {@link #dedupEnd};
 *   <li>a permit: at its "useful until" instant (after which it can grant nothing more);
 *   <li>a history entry: see {@link LedgerDecider#endOf}.
 * </ul>
 *
 * <p>Pure rules over a mutable ledger the caller owns; no clock, no I/O.
 */
public final class KeyClock {
  /** Clean-up timers are rounded up to this: one key has at most one clean-up timer per hour. */
  public static final long CLEANUP_GRANULARITY_MS = Duration.ofHours(1).toMillis();

  private final long allowedLatenessMs;

  /** @param allowedLateness how far behind the event time a read is still decided */
  public KeyClock(Duration allowedLateness) {
    Objects.requireNonNull(allowedLateness, "allowedLateness");
    if (allowedLateness.isNegative()) throw new IllegalArgumentException("allowedLateness must not be negative");
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  /** An entry due at or before an instant, found by a scan: its id and value. */
  public record Due<T>(String id, T value) {}

  // ---- ends ----

  /**
   * Reads captured before this are late at {@code watermark} (the allowed lateness behind it); what
   * only such reads could need may be forgotten. No underflow at the initial watermark.
   */
  public long lateBefore(long watermark) {
    long threshold = watermark - allowedLatenessMs;
    return threshold > watermark ? Long.MIN_VALUE : threshold;
  }

  /** The dedup memory of a read ends one past its last decidable instant (capture + allowed lateness). */
  public long dedupEnd(long capturedAtMs) {
    long end = capturedAtMs + allowedLatenessMs + 1;
    return end < capturedAtMs ? VehicleLedger.NOTHING_DUE : end;
  }

  /** Whether a permit change is kept: not revoked, and still able to grant something after {@code watermark}. */
  public static boolean keepsPermit(boolean revoked, long usefulUntilMs, long watermark) {
    return !revoked && usefulUntilMs > watermark;
  }

  /** The clean-up slot of an end: rounded up to {@link #CLEANUP_GRANULARITY_MS} (no overflow near the end of time). */
  public static long cleanupSlot(long atMs) {
    if (atMs >= Long.MAX_VALUE - CLEANUP_GRANULARITY_MS) return Long.MAX_VALUE;
    return Math.floorDiv(atMs + CLEANUP_GRANULARITY_MS - 1, CLEANUP_GRANULARITY_MS) * CLEANUP_GRANULARITY_MS;
  }

  /**
   * The clean-up timer to register for something ending at {@code atMs}; empty when nothing ends
   * ({@link VehicleLedger#NOTHING_DUE}) or when the key's last clean-up timer is that slot and has not
   * fired yet (registering it again would be a state write for nothing). Records the slot in the ledger.
   */
  public OptionalLong cleanupTimer(VehicleLedger ledger, long atMs, long watermark) {
    if (atMs == VehicleLedger.NOTHING_DUE) return OptionalLong.empty();
    long slot = cleanupSlot(atMs);
    // Everything cleaned up ends after the watermark, so the slot does too; a fired timer would be at or before it.
    if (ledger.lastCleanupTimerMs == slot && slot > watermark) return OptionalLong.empty();
    ledger.lastCleanupTimerMs = slot;
    return OptionalLong.of(slot);
  }

  // ---- what a new entry is due at ----

  /** A read id now remembered: its dedup end is due; returns the clean-up timer to register, if any. */
  public OptionalLong remembered(VehicleLedger ledger, long capturedAtMs, long watermark) {
    long end = dedupEnd(capturedAtMs);
    ledger.seenReadsDueMs = Math.min(ledger.seenReadsDueMs, end);
    return cleanupTimer(ledger, end, watermark);
  }

  /** A read held for the event time: due at its capture time, the timer to register. */
  public long held(VehicleLedger ledger, long capturedAtMs) {
    ledger.heldReadsDueMs = Math.min(ledger.heldReadsDueMs, capturedAtMs);
    return capturedAtMs;
  }

  /**
   * A candidate stored with due instant {@code dueAtMs}; {@code previousDueAtMs} is the due
   * instant of the entry it replaces, null for a new violation id. Returns the timer to register:
   * none when the entry's timer is the same instant (its timer has not fired: a firing removes the
   * entry).
   */
  public OptionalLong pending(VehicleLedger ledger, Long previousDueAtMs, long dueAtMs) {
    ledger.candidatesDueMs = Math.min(ledger.candidatesDueMs, dueAtMs);
    if (previousDueAtMs != null && previousDueAtMs == dueAtMs) return OptionalLong.empty();
    return OptionalLong.of(dueAtMs);
  }

  /** A permit kept until {@code usefulUntilMs}; returns the clean-up timer to register, if any. */
  public OptionalLong permitKept(VehicleLedger ledger, long usefulUntilMs, long watermark) {
    ledger.holdsPermits = true;
    if (usefulUntilMs == VehicleLedger.NOTHING_DUE) return OptionalLong.empty(); // kept for good
    ledger.permitsDueMs = Math.min(ledger.permitsDueMs, usefulUntilMs);
    return cleanupTimer(ledger, usefulUntilMs, watermark);
  }

  /** History entries were added: the clean-up timer for the earliest end, if any. */
  public OptionalLong historyChanged(VehicleLedger ledger, long watermark) {
    return cleanupTimer(ledger, ledger.historyDueMs, watermark);
  }

  // ---- what a timer firing at an instant finds due ----

  /**
   * The held reads due at {@code now} (captured at or before it), earliest capture first, then by
   * read id, so the rules see a vehicle's reads in the order they happened; nothing is scanned
   * when the ledger says none is due.
   */
  public <T> List<Due<T>> dueHeldReads(
      VehicleLedger ledger, Iterable<Map.Entry<String, T>> held, ToLongFunction<T> capturedAtMs, long now) {
    if (ledger.heldReadsDueMs > now) return List.of();
    Scan<T> scan = scan(held, capturedAtMs, now);
    ledger.heldReadsDueMs = scan.nextDue;
    scan.due.sort(Comparator.<Due<T>>comparingLong(d -> capturedAtMs.applyAsLong(d.value())).thenComparing(Due::id));
    return scan.due;
  }

  /**
   * The held reads {@code release} lets go before the watermark reaches them (live: the register
   * entry a read waited for has arrived), earliest capture first; the ledger's due instant follows
   * the reads still held. Their event-time timers stay and find nothing when they fire.
   */
  public <T> List<Due<T>> releasedHeldReads(
      VehicleLedger ledger, Iterable<Map.Entry<String, T>> held, ToLongFunction<T> capturedAtMs, Predicate<T> release) {
    if (ledger.heldReadsDueMs == VehicleLedger.NOTHING_DUE) return List.of();
    List<Due<T>> released = new ArrayList<>();
    long stillHeld = VehicleLedger.NOTHING_DUE;
    for (Map.Entry<String, T> e : held) {
      if (release.test(e.getValue())) {
        released.add(new Due<>(e.getKey(), e.getValue()));
      } else {
        stillHeld = Math.min(stillHeld, capturedAtMs.applyAsLong(e.getValue()));
      }
    }
    ledger.heldReadsDueMs = stillHeld;
    released.sort(Comparator.<Due<T>>comparingLong(d -> capturedAtMs.applyAsLong(d.value())).thenComparing(Due::id));
    return released;
  }

  /**
   * The candidates due at {@code now}, earliest first read first (then by violation id), so that
   * fine limits see the fines in the order of their days.
   */
  public <T> List<Due<T>> dueCandidates(VehicleLedger ledger, Iterable<Map.Entry<String, T>> pending,
      ToLongFunction<T> dueAtMs, ToLongFunction<T> firstSeenMs, long now) {
    if (ledger.candidatesDueMs > now) return List.of();
    Scan<T> scan = scan(pending, dueAtMs, now);
    ledger.candidatesDueMs = scan.nextDue;
    scan.due.sort(Comparator.<Due<T>>comparingLong(d -> firstSeenMs.applyAsLong(d.value())).thenComparing(Due::id));
    return scan.due;
  }

  /** The read ids whose dedup memory has ended at {@code now} (read id to capture time). */
  public List<String> endedSeenReads(VehicleLedger ledger, Iterable<Map.Entry<String, Long>> seen, long now) {
    if (ledger.seenReadsDueMs > now) return List.of();
    Scan<Long> scan = scan(seen, this::dedupEnd, now);
    ledger.seenReadsDueMs = scan.nextDue;
    return ids(scan.due);
  }

  /** The permit ids that can grant nothing more at {@code now}; the ledger's permit summary from the rest. */
  public <T> List<String> endedPermits(
      VehicleLedger ledger, Iterable<Map.Entry<String, T>> permits, ToLongFunction<T> usefulUntilMs, long now) {
    if (ledger.permitsDueMs > now) return List.of();
    return summarisePermits(ledger, permits, usefulUntilMs, now);
  }

  /**
   * Recomputes the ledger's permit summary (any held, earliest end) from the permits in state, one
   * scan; those ended at {@code now} are returned, to remove. A key whose last permit went holds none.
   */
  public <T> List<String> summarisePermits(
      VehicleLedger ledger, Iterable<Map.Entry<String, T>> permits, ToLongFunction<T> usefulUntilMs, long now) {
    Scan<T> scan = scan(permits, usefulUntilMs, now);
    ledger.permitsDueMs = scan.nextDue;
    ledger.holdsPermits = scan.kept > 0;
    return ids(scan.due);
  }

  private static final class Scan<T> {
    final List<Due<T>> due = new ArrayList<>();
    long nextDue = VehicleLedger.NOTHING_DUE;
    int kept;
  }

  private static <T> Scan<T> scan(Iterable<Map.Entry<String, T>> entries, ToLongFunction<T> dueOf, long now) {
    Scan<T> scan = new Scan<>();
    for (Map.Entry<String, T> e : entries) {
      long due = dueOf.applyAsLong(e.getValue());
      if (due <= now) {
        scan.due.add(new Due<>(e.getKey(), e.getValue()));
      } else {
        scan.kept++;
        scan.nextDue = Math.min(scan.nextDue, due);
      }
    }
    return scan;
  }

  private static <T> List<String> ids(List<Due<T>> due) {
    List<String> ids = new ArrayList<>(due.size());
    for (Due<T> d : due) ids.add(d.id());
    return ids;
  }
}
