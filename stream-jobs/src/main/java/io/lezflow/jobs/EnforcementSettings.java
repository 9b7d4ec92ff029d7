package io.lezflow.jobs;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the enforcement keeps time and state: event-time bounds, how long state lives, and the
 * sightings hash secret. Validated at construction with a message that names the wrong setting.
 *
 * @param maxOutOfOrderness how far (event time) reads may arrive out of capture order before the
 *     watermark passes them. Cameras publish in capture order, but the reads topic's partitions
 *     interleave and the ingest outbox retries within seconds: 30 s covers that with room. Every
 *     read is decided when the watermark passes its capture time, so this is also the decision
 *     latency.
 * @param readIdleness after how long without records a partition of the reads stops holding back
 *     the watermark (a camera group quiet at night). Longer than any pause in reading a partition
 *     that has data: a partition taken for idle while the others run on comes back with late
 *     reads, which is costly when catching up on a backlog.
 * @param referenceIdleness after how long without records a reference topic (register, permits,
 *     policies, cameras) counts as loaded and stops holding reads back: at start, reads wait this
 *     long after the last reference record.
 * @param allowedLateness how far behind the watermark a read may still be decided. A camera that
 *     was offline replays its buffer with the original capture times; within this bound it is
 *     decided like any read, beyond it the read goes to the late-read output (counted, kept on the
 *     dead-letter topic for a replay). Also how long read ids are remembered for deduplication: a
 *     duplicate within it is caught, one beyond it is late anyway.
 * @param permitArrivalMargin added to the end of a grace window before a candidate is finalised,
 *     so a permit bought a moment before its deadline but delivered a moment after (a quiet permits
 *     topic is idle and does not hold the watermark) still counts.
 * @param fineHistoryRetention how long an issued fine is remembered for the zones' fine limits:
 *     longer than the longest limit (Antwerp: repeat within 12 months; Brussels: 3-month gap).
 * @param eventTimeMode live (watermarks from the data) or replay (event time runs when the
 *     bounded inputs end)
 * @param sightingsHmacSecret secret of the sightings vehicle hash (at least 16 bytes)
 */
public record EnforcementSettings(
    Duration maxOutOfOrderness,
    Duration readIdleness,
    Duration referenceIdleness,
    Duration allowedLateness,
    Duration permitArrivalMargin,
    Duration fineHistoryRetention,
    EventTimeMode eventTimeMode,
    String sightingsHmacSecret)
    implements Serializable {

  public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(30);
  public static final Duration DEFAULT_READ_IDLENESS = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REFERENCE_IDLENESS = Duration.ofSeconds(5);
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofHours(1);
  public static final Duration DEFAULT_PERMIT_ARRIVAL_MARGIN = Duration.ofMinutes(10);
  public static final Duration DEFAULT_FINE_HISTORY_RETENTION = Duration.ofDays(400);

  /** How the inputs drive event time. */
  public enum EventTimeMode {
    /**
     * The live job: event time follows the reads' capture time ({@code maxOutOfOrderness} behind
     * the newest). Reference inputs (register, permits, policies, cameras) hold reads back while
     * they are loaded at start and are ignored once idle; they never move event time on. For
     * unbounded inputs.
     */
    LIVE,
    /**
     * A replay of bounded inputs: no input emits a watermark until it ends; then event time jumps
     * to the end and every read is decided, and every candidate finalised, in event-time order
     * with all reference data loaded — the same files always give the same decisions, whatever
     * order the lines and sources are read in, and no read is late. Bounded inputs only (an
     * unbounded one would hold every read forever).
     */
    REPLAY
  }

  public EnforcementSettings {
    requirePositiveOrZero(maxOutOfOrderness, "maxOutOfOrderness");
    requirePositive(readIdleness, "readIdleness");
    requirePositive(referenceIdleness, "referenceIdleness");
    requirePositiveOrZero(allowedLateness, "allowedLateness");
    requirePositiveOrZero(permitArrivalMargin, "permitArrivalMargin");
    requirePositiveOrZero(fineHistoryRetention, "fineHistoryRetention");
    if (fineHistoryRetention.compareTo(Duration.ofDays(366)) < 0) {
      throw new IllegalArgumentException("enforcement setting fineHistoryRetention must be at least 366 days "
          + "(repeat limits look back 12 months), was " + fineHistoryRetention);
    }
    Objects.requireNonNull(eventTimeMode, "eventTimeMode");
    new VehicleHasher(sightingsHmacSecret); // validates the secret
  }

  /** The defaults above, live event time. */
  public static EnforcementSettings defaults(String sightingsHmacSecret) {
    return new EnforcementSettings(DEFAULT_MAX_OUT_OF_ORDERNESS, DEFAULT_READ_IDLENESS, DEFAULT_REFERENCE_IDLENESS,
        DEFAULT_ALLOWED_LATENESS,
        DEFAULT_PERMIT_ARRIVAL_MARGIN, DEFAULT_FINE_HISTORY_RETENTION, EventTimeMode.LIVE,
        sightingsHmacSecret);
  }

  public EnforcementSettings withEventTimeMode(EventTimeMode mode) {
    return new EnforcementSettings(maxOutOfOrderness, readIdleness, referenceIdleness, allowedLateness, permitArrivalMargin,
        fineHistoryRetention, mode, sightingsHmacSecret);
  }

  /** Both idleness timeouts. */
  public EnforcementSettings withIdleness(Duration reads, Duration reference) {
    return new EnforcementSettings(maxOutOfOrderness, reads, reference, allowedLateness, permitArrivalMargin,
        fineHistoryRetention, eventTimeMode, sightingsHmacSecret);
  }

  public EnforcementSettings withMaxOutOfOrderness(Duration outOfOrderness) {
    return new EnforcementSettings(outOfOrderness, readIdleness, referenceIdleness, allowedLateness, permitArrivalMargin,
        fineHistoryRetention, eventTimeMode, sightingsHmacSecret);
  }

  public EnforcementSettings withAllowedLateness(Duration lateness) {
    return new EnforcementSettings(maxOutOfOrderness, readIdleness, referenceIdleness, lateness, permitArrivalMargin,
        fineHistoryRetention, eventTimeMode, sightingsHmacSecret);
  }

  @Override
  public String toString() {
    return "EnforcementSettings{maxOutOfOrderness=" + maxOutOfOrderness + ", readIdleness=" + readIdleness + ", referenceIdleness=" + referenceIdleness
        + ", allowedLateness=" + allowedLateness + ", permitArrivalMargin=" + permitArrivalMargin
        + ", fineHistoryRetention=" + fineHistoryRetention + ", eventTimeMode=" + eventTimeMode
        + ", sightingsHmacSecret=***}";
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("enforcement setting " + name + " must be > 0, was " + d);
    }
  }

  private static void requirePositiveOrZero(Duration d, String name) {
    if (d == null || d.isNegative()) throw new IllegalArgumentException("enforcement setting " + name + " must be >= 0, was " + d);
  }
}
