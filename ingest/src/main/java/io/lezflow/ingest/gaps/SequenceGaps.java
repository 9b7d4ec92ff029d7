package io.lezflow.ingest.gaps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which reads each camera sent that have not arrived: every read carries its camera's sequence
 * number (1, 2, 3, ...; a camera keeps counting across restarts), so a jump from 7 to 10 says
 * that 8 and 9 are missing. Plain Java, no clock of its own (the caller passes the time), not
 * thread-safe (the caller serialises).
 *
 * <p>Lifecycle of a missing range: <b>open</b> when a later sequence arrives; after {@code
 * resendAfterMs} still open it is <b>due</b> ({@link #sweep} returns it once, to be re-requested
 * from the camera's buffer, and counts its reads as {@link Sweep#newlyMissing}); after {@code
 * giveUpAfterMs} still open it is <b>lost</b> ({@link Sweep#lost}) and forgotten. A read of an
 * open range that arrives (late, or resent) closes its part; arrivals after the due point count as
 * {@link #recovered()}.
 *
 * <p>Bounds: a jump larger than {@code maxGap} (a camera whose counter was reset, or a first read
 * after a long absence of this gateway) is not a gap but a new start; a sequence far below the
 * highest seen (more than {@code maxGap}) restarts the camera's tracking too. At most {@code
 * maxOpenRanges} open ranges per camera: beyond, the oldest is given up as lost.
 *
 * <p>With several gateways in one shared-subscription group each sees only its share of a
 * camera's reads, so per-gateway gaps would be noise: the gateway tracks only when it is alone
 * (see {@code IngestGateway}).
 */
public final class SequenceGaps {

  /** A run of missing sequences of one camera, {@code first..last} inclusive. */
  public record Range(String cameraId, long first, long last) {
    public long size() {
      return last - first + 1;
    }
  }

  /**
   * What one sweep found.
   *
   * @param due ranges open for longer than the resend delay, returned once each: re-request them
   * @param newlyMissing reads in {@code due}
   * @param lost reads given up on (still missing after the give-up delay, or beyond the per-camera bound)
   */
  public record Sweep(List<Range> due, long newlyMissing, long lost) {}

  private static final class Open {
    long last;
    final long openedAtMs;
    boolean requested;

    Open(long last, long openedAtMs) {
      this.last = last;
      this.openedAtMs = openedAtMs;
    }
  }

  private static final class CameraState {
    long highest;
    /** Open ranges by first sequence. */
    final TreeMap<Long, Open> open = new TreeMap<>();
  }

  private final long resendAfterMs;
  private final long giveUpAfterMs;
  private final long maxGap;
  private final int maxOpenRanges;
  private final Map<String, CameraState> cameras = new HashMap<>();
  private long missingNow;
  private long recovered;
  private long lostOverBound;

  public SequenceGaps(long resendAfterMs, long giveUpAfterMs, long maxGap, int maxOpenRanges) {
    if (resendAfterMs < 0) throw new IllegalArgumentException("resendAfterMs must be >= 0, got " + resendAfterMs);
    if (giveUpAfterMs <= resendAfterMs) {
      throw new IllegalArgumentException("giveUpAfterMs must be greater than resendAfterMs (" + resendAfterMs + "), got " + giveUpAfterMs);
    }
    if (maxGap < 1) throw new IllegalArgumentException("maxGap must be >= 1, got " + maxGap);
    if (maxOpenRanges < 1) throw new IllegalArgumentException("maxOpenRanges must be >= 1, got " + maxOpenRanges);
    this.resendAfterMs = resendAfterMs;
    this.giveUpAfterMs = giveUpAfterMs;
    this.maxGap = maxGap;
    this.maxOpenRanges = maxOpenRanges;
  }

  /** Defaults of the gateway: re-request after 2 s, give up after 60 s, gaps up to 100,000 reads, 1,000 ranges per camera. */
  public static SequenceGaps defaults() {
    return new SequenceGaps(2_000, 60_000, 100_000, 1_000);
  }

  /** A read of {@code cameraId} with {@code sequence} arrived at {@code nowMs}. */
  public void arrived(String cameraId, long sequence, long nowMs) {
    CameraState camera = cameras.get(cameraId);
    if (camera == null) {
      camera = new CameraState();
      camera.highest = sequence;
      cameras.put(cameraId, camera);
      return;
    }
    if (sequence == camera.highest + 1) {
      camera.highest = sequence;
      return;
    }
    if (sequence > camera.highest) {
      long first = camera.highest + 1;
      long last = sequence - 1;
      camera.highest = sequence;
      if (last - first + 1 > maxGap) {
        forget(camera); // a reset counter, not millions of missing reads
        return;
      }
      camera.open.put(first, new Open(last, nowMs));
      missingNow += last - first + 1;
      if (camera.open.size() > maxOpenRanges) {
        Map.Entry<Long, Open> oldest = camera.open.pollFirstEntry();
        long size = oldest.getValue().last - oldest.getKey() + 1;
        missingNow -= size;
        lostOverBound += size;
      }
      return;
    }
    if (camera.highest - sequence > maxGap) {
      forget(camera);
      camera.highest = sequence;
      return;
    }
    fill(camera, sequence);
  }

  private void fill(CameraState camera, long sequence) {
    Map.Entry<Long, Open> entry = camera.open.floorEntry(sequence);
    if (entry == null || entry.getValue().last < sequence) return; // a duplicate: nothing was missing
    long first = entry.getKey();
    Open range = entry.getValue();
    camera.open.remove(first);
    if (first < sequence) {
      Open before = new Open(sequence - 1, range.openedAtMs);
      before.requested = range.requested;
      camera.open.put(first, before);
    }
    if (sequence < range.last) {
      Open after = new Open(range.last, range.openedAtMs);
      after.requested = range.requested;
      camera.open.put(sequence + 1, after);
    }
    missingNow--;
    if (range.requested) recovered++;
  }

  private void forget(CameraState camera) {
    for (Map.Entry<Long, Open> e : camera.open.entrySet()) missingNow -= e.getValue().last - e.getKey() + 1;
    camera.open.clear();
  }

  /** Ranges due for a re-request (each returned once) and reads given up on, as of {@code nowMs}. */
  public Sweep sweep(long nowMs) {
    List<Range> due = new ArrayList<>();
    long newlyMissing = 0;
    long lost = lostOverBound;
    lostOverBound = 0;
    for (Map.Entry<String, CameraState> c : cameras.entrySet()) {
      Iterator<Map.Entry<Long, Open>> it = c.getValue().open.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, Open> e = it.next();
        Open range = e.getValue();
        long size = range.last - e.getKey() + 1;
        long age = nowMs - range.openedAtMs;
        if (age >= giveUpAfterMs) {
          it.remove();
          missingNow -= size;
          lost += size;
        } else if (!range.requested && age >= resendAfterMs) {
          range.requested = true;
          due.add(new Range(c.getKey(), e.getKey(), range.last));
          newlyMissing += size;
        }
      }
    }
    return new Sweep(List.copyOf(due), newlyMissing, lost);
  }

  /** Reads currently missing (open ranges), over all cameras. */
  public long missingNow() {
    return missingNow;
  }

  /** Reads that arrived after they had been declared missing (re-requested). */
  public long recovered() {
    return recovered;
  }

  /** The open ranges of one camera, in order (for tests and diagnostics). */
  public List<Range> openRanges(String cameraId) {
    CameraState camera = cameras.get(cameraId);
    if (camera == null) return List.of();
    List<Range> ranges = new ArrayList<>();
    for (Map.Entry<Long, Open> e : camera.open.entrySet()) ranges.add(new Range(cameraId, e.getKey(), e.getValue().last));
    return ranges;
  }
}
