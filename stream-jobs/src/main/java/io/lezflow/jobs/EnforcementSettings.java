package io.lezflow.jobs;

import io.lezflow.jobs.domain.BrusselsLez2026;
import io.lezflow.jobs.domain.VehicleHasher;
import io.lezflow.jobs.domain.ZoneRule;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the enforcement topology decides and keeps time: the zone rule, the event-time bounds and
 * the sightings hash secret.
 *
 * @param rule the zone rule every read is decided under (one zone for now)
 * @param unknownVehicleHold how long (event time) a read of a vehicle the register does not know
 *     waits for its register entry before it is decided as unknown
 * @param maxOutOfOrderness how far (event time) reads may arrive out of capture order before the
 *     watermark passes them; cameras publish in order, but partitions interleave and offline
 *     buffers replay late
 * @param sourceIdleness after how long without records a source partition stops holding back the
 *     watermark (an idle camera partition, the register once loaded)
 * @param sightingsHmacKey secret of the sightings vehicle hash
 */
public record EnforcementSettings(
    ZoneRule rule,
    Duration unknownVehicleHold,
    Duration maxOutOfOrderness,
    Duration sourceIdleness,
    String sightingsHmacKey)
    implements Serializable {

  public static final Duration DEFAULT_UNKNOWN_VEHICLE_HOLD = Duration.ofSeconds(60);
  public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SOURCE_IDLENESS = Duration.ofSeconds(10);

  public EnforcementSettings {
    Objects.requireNonNull(rule, "rule");
    requireNonNegative(unknownVehicleHold, "unknownVehicleHold");
    requireNonNegative(maxOutOfOrderness, "maxOutOfOrderness");
    requireNonNegative(sourceIdleness, "sourceIdleness");
    if (sourceIdleness.isZero()) throw new IllegalArgumentException("sourceIdleness must be > 0");
    new VehicleHasher(sightingsHmacKey); // validates the secret
  }

  /** Brussels 2026 with the default time bounds. */
  public static EnforcementSettings brussels(String sightingsHmacKey) {
    return new EnforcementSettings(BrusselsLez2026.RULE, DEFAULT_UNKNOWN_VEHICLE_HOLD,
        DEFAULT_MAX_OUT_OF_ORDERNESS, DEFAULT_SOURCE_IDLENESS, sightingsHmacKey);
  }

  @Override
  public String toString() {
    return "EnforcementSettings{rule=" + rule.ruleName() + ", unknownVehicleHold=" + unknownVehicleHold
        + ", maxOutOfOrderness=" + maxOutOfOrderness + ", sourceIdleness=" + sourceIdleness + ", sightingsHmacKey=***}";
  }

  private static void requireNonNegative(Duration d, String name) {
    if (d == null || d.isNegative()) throw new IllegalArgumentException(name + " must be >= 0: " + d);
  }
}
