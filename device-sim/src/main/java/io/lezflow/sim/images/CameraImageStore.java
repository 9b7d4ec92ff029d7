package io.lezflow.sim.images;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cameras' local image storage: each read's plate image, kept for {@code retentionDays} after
 * its capture and then purged, as a camera's SD card keeps footage. Only the evidence fetcher
 * ever asks for an image (for a candidate violation or a warning), so the images of compliant
 * vehicles never leave it and are gone after the retention period.
 *
 * <p>Bounded twice: by age (an expired image is never served, even before {@link #purgeExpired()}
 * has run) and by {@code capacityBytes} (the oldest images go first when it is full, as a full
 * card overwrites its oldest footage). Thread-safe: the fleet writes, the HTTP endpoint reads.
 */
public final class CameraImageStore {
  public static final int DEFAULT_RETENTION_DAYS = 7;
  /** ~150,000 images of ~1.5 KB: a 60 s demo at 1,000 reads/s fits a few times over. */
  public static final long DEFAULT_CAPACITY_BYTES = 256L * 1024 * 1024;

  private record Stored(byte[] png, long capturedAtMs) {}

  private record Written(String imageKey, long capturedAtMs, Stored stored) {}

  private final Duration retention;
  private final long capacityBytes;
  private final Clock clock;
  private final Map<String, Stored> images = new ConcurrentHashMap<>();
  /** Insertion order, which is capture order: the purge and the eviction take from the head. */
  private final ConcurrentLinkedDeque<Written> order = new ConcurrentLinkedDeque<>();
  private final AtomicLong bytes = new AtomicLong();
  private final Object evictionLock = new Object();

  public CameraImageStore(int retentionDays, long capacityBytes, Clock clock) {
    if (retentionDays < 1 || retentionDays > 3650) {
      throw new IllegalArgumentException("image retention must be 1..3650 days, got " + retentionDays);
    }
    if (capacityBytes < 1) throw new IllegalArgumentException("image capacity must be positive, got " + capacityBytes + " bytes");
    if (clock == null) throw new IllegalArgumentException("clock must be set");
    this.retention = Duration.ofDays(retentionDays);
    this.capacityBytes = capacityBytes;
    this.clock = clock;
  }

  public static CameraImageStore withDefaults(Clock clock) {
    return new CameraImageStore(DEFAULT_RETENTION_DAYS, DEFAULT_CAPACITY_BYTES, clock);
  }

  /** Keeps (or replaces) the image under its key. */
  public void put(String imageKey, byte[] png, long capturedAtMs) {
    Stored stored = new Stored(png.clone(), capturedAtMs);
    Stored previous = images.put(imageKey, stored);
    if (previous != null) bytes.addAndGet(-previous.png.length);
    bytes.addAndGet(stored.png.length);
    order.addLast(new Written(imageKey, capturedAtMs, stored));
    if (bytes.get() > capacityBytes) {
      synchronized (evictionLock) {
        while (bytes.get() > capacityBytes) {
          Written oldest = order.pollFirst();
          if (oldest == null) break;
          remove(oldest);
        }
      }
    }
  }

  /** The image, unless it never existed, was purged or is older than the retention period. */
  public Optional<byte[]> get(String imageKey) {
    Stored stored = images.get(imageKey);
    if (stored == null || expired(stored.capturedAtMs, clock.millis())) return Optional.empty();
    return Optional.of(stored.png.clone());
  }

  /** Removes every image older than the retention period; returns how many it removed. */
  public int purgeExpired() {
    long now = clock.millis();
    int purged = 0;
    synchronized (evictionLock) {
      for (Written head = order.peekFirst(); head != null && expired(head.capturedAtMs, now); head = order.peekFirst()) {
        order.pollFirst();
        if (remove(head)) purged++;
      }
    }
    return purged;
  }

  public int size() {
    return images.size();
  }

  public long bytes() {
    return bytes.get();
  }

  public Duration retention() {
    return retention;
  }

  private boolean expired(long capturedAtMs, long nowMs) {
    return capturedAtMs < nowMs - retention.toMillis();
  }

  /** Removes the entry if the key still holds that very write (a replaced image stays). */
  private boolean remove(Written written) {
    if (images.remove(written.imageKey, written.stored)) {
      bytes.addAndGet(-written.stored.png.length);
      return true;
    }
    return false;
  }
}
