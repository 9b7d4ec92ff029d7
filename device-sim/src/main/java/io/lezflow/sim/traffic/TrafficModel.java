package io.lezflow.sim.traffic;

import io.lezflow.schemas.v1.Direction;
import java.util.SplittableRandom;

/**
 * Which vehicle passes one camera next: a deterministic sequence per (seed, camera index,
 * population size), independent of timing and of the other cameras.
 *
 * <p>Traffic is skewed like a real city: {@value #REGULAR_SHARE} of the passages are by a small
 * pool of "regulars" ({@value #REGULAR_POOL_DIVISOR}th of the population: commuters, delivery
 * vans, taxis) who are seen many times a day, the rest by any vehicle. So a banned regular
 * passes many cameras on one day and the pipeline's "at most one violation per vehicle per day"
 * is exercised. Not thread-safe: one instance per camera, used by one thread at a time.
 */
public final class TrafficModel {
  static final double REGULAR_SHARE = 0.3;
  static final int REGULAR_POOL_DIVISOR = 50;
  static final double INBOUND_SHARE = 0.7;
  static final float MIN_CONFIDENCE = 0.90f;
  static final float MAX_CONFIDENCE = 0.99f;

  private final SplittableRandom random;
  private final int populationSize;
  private final int regulars;
  private final boolean plateWithSeparators;

  public TrafficModel(long seed, int cameraIndex, int populationSize) {
    if (populationSize < 1) throw new IllegalArgumentException("population size must be >= 1, got " + populationSize);
    // The golden-ratio multiplier spreads neighbouring camera indexes over the seed space;
    // SplittableRandom mixes the seed, so the per-camera streams are independent.
    this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (cameraIndex + 1L)));
    this.populationSize = populationSize;
    this.regulars = Math.max(1, populationSize / REGULAR_POOL_DIVISOR);
    // One camera model prints plates one way: with or without separators.
    this.plateWithSeparators = random.nextBoolean();
  }

  public Passage next() {
    int vehicle = random.nextDouble() < REGULAR_SHARE ? random.nextInt(regulars) : random.nextInt(populationSize);
    int lane = 1 + random.nextInt(3);
    Direction direction = random.nextDouble() < INBOUND_SHARE ? Direction.DIRECTION_INBOUND : Direction.DIRECTION_OUTBOUND;
    float confidence = MIN_CONFIDENCE + random.nextInt(10) / 100f;
    return new Passage(vehicle, lane, direction, Math.min(confidence, MAX_CONFIDENCE), plateWithSeparators);
  }

  /** Vehicles with an index below this are the regulars. */
  public int regulars() {
    return regulars;
  }
}
