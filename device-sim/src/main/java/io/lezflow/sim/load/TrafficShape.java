package io.lezflow.sim.load;


import io.lezflow.schemas.v1.Direction;
import java.util.SplittableRandom;

/**
 * What a city's camera traffic looks like, as a deterministic stream of passages (seeded): which
 * vehicle passes which camera next, and how fast the reads come over a day. Plain Java, not
 * thread-safe (one generator thread).
 *
 * <ul>
 *   <li><b>Trips</b>: a vehicle that enters the zone passes several cameras in a row
 *       ({@code 2..maxTripCameras}, along a route of neighbouring camera numbers), so the same
 *       vehicle is read several times within minutes: {@code tripShare} of the passages continue a
 *       trip under way, the rest start one.
 *   <li><b>Regulars</b>: {@code regularShare} of the trips are by a small pool of frequent
 *       vehicles (commuters, vans, taxis: a fiftieth of the population).
 *   <li><b>Misreads</b>: {@code misreadShare} of the reads have one OCR confusion in the plate
 *       (B/8, O/0, S/5, I/1, Z/2, G/6), which the job must match fuzzily or fail to match.
 *   <li><b>Non-compliant and foreign vehicles</b> are shares of the population ({@code
 *       VehiclePopulation}); the generator counts how many of its reads are of each.
 *   <li><b>Rush hours</b>: {@link #rateFactor} is a day curve (night ~0.15, peaks at 08:00 and
 *       17:30 ~1.8, average 1.0), which a load generator may apply over a compressed day.
 * </ul>
 */
public final class TrafficShape {
  /** The defaults: 60 % of passages continue a trip, trips of up to 5 cameras, 30 % regulars, 3 % misreads. */
  public static final double DEFAULT_TRIP_SHARE = 0.6;
  public static final int DEFAULT_MAX_TRIP_CAMERAS = 5;
  public static final double DEFAULT_REGULAR_SHARE = 0.3;
  public static final double DEFAULT_MISREAD_SHARE = 0.03;
  private static final int ACTIVE_TRIPS = 4_096;

  /** One vehicle passing one camera. */
  public record Pass(int vehicleIndex, int camera, int lane, Direction direction, float confidence, boolean misread) {}

  private final SplittableRandom random;
  private final int cameras;
  private final int population;
  private final int regulars;
  private final double tripShare;
  private final int maxTripCameras;
  private final double regularShare;
  private final double misreadShare;
  // Trips under way: vehicle, next camera, cameras left.
  private final int[] tripVehicle = new int[ACTIVE_TRIPS];
  private final int[] tripCamera = new int[ACTIVE_TRIPS];
  private final int[] tripLeft = new int[ACTIVE_TRIPS];
  private final int[] tripStep = new int[ACTIVE_TRIPS];
  private int activeTrips;

  public TrafficShape(long seed, int cameras, int population, double tripShare, int maxTripCameras, double regularShare,
      double misreadShare) {
    if (cameras < 1) throw new IllegalArgumentException("cameras must be >= 1, got " + cameras);
    if (population < 1) throw new IllegalArgumentException("population must be >= 1, got " + population);
    requireShare("tripShare", tripShare);
    requireShare("regularShare", regularShare);
    requireShare("misreadShare", misreadShare);
    if (maxTripCameras < 1) throw new IllegalArgumentException("maxTripCameras must be >= 1, got " + maxTripCameras);
    this.random = new SplittableRandom(seed);
    this.cameras = cameras;
    this.population = population;
    this.regulars = Math.max(1, population / 50);
    this.tripShare = tripShare;
    this.maxTripCameras = maxTripCameras;
    this.regularShare = regularShare;
    this.misreadShare = misreadShare;
  }

  public static TrafficShape defaults(long seed, int cameras, int population) {
    return new TrafficShape(seed, cameras, population, DEFAULT_TRIP_SHARE, DEFAULT_MAX_TRIP_CAMERAS, DEFAULT_REGULAR_SHARE,
        DEFAULT_MISREAD_SHARE);
  }

  private static void requireShare(String name, double share) {
    if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + share);
  }

  /** The next passage; camera numbers are 1..cameras. */
  public Pass next() {
    int vehicle;
    int camera;
    if (activeTrips > 0 && random.nextDouble() < tripShare) {
      int t = random.nextInt(activeTrips);
      vehicle = tripVehicle[t];
      camera = tripCamera[t];
      tripCamera[t] = 1 + Math.floorMod(camera - 1 + tripStep[t], cameras);
      if (--tripLeft[t] == 0) removeTrip(t);
    } else {
      vehicle = random.nextDouble() < regularShare ? random.nextInt(regulars) : random.nextInt(population);
      camera = 1 + random.nextInt(cameras);
      int length = 1 + random.nextInt(maxTripCameras);
      if (length > 1) startTrip(vehicle, camera, length - 1);
    }
    int lane = 1 + random.nextInt(3);
    Direction direction = random.nextDouble() < 0.7 ? Direction.DIRECTION_INBOUND : Direction.DIRECTION_OUTBOUND;
    float confidence = 0.90f + random.nextInt(10) / 100f;
    boolean misread = random.nextDouble() < misreadShare;
    return new Pass(vehicle, camera, lane, direction, misread ? Math.min(confidence, 0.85f) : confidence, misread);
  }

  private void startTrip(int vehicle, int camera, int left) {
    int t = activeTrips < ACTIVE_TRIPS ? activeTrips++ : random.nextInt(ACTIVE_TRIPS); // full: replace one
    tripVehicle[t] = vehicle;
    // A route: neighbouring camera numbers stand in for neighbouring streets.
    int step = 1 + random.nextInt(3);
    tripStep[t] = random.nextBoolean() ? step : -step;
    tripCamera[t] = 1 + Math.floorMod(camera - 1 + tripStep[t], cameras);
    tripLeft[t] = left;
  }

  private void removeTrip(int t) {
    int last = --activeTrips;
    tripVehicle[t] = tripVehicle[last];
    tripCamera[t] = tripCamera[last];
    tripLeft[t] = tripLeft[last];
    tripStep[t] = tripStep[last];
  }

  /** One OCR confusion in {@code plate} (the first confusable character), or the plate unchanged if it has none. */
  public static String misread(String plate) {
    char[] chars = plate.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char swapped = switch (chars[i]) {
        case 'B' -> '8';
        case '8' -> 'B';
        case 'O' -> '0';
        case '0' -> 'O';
        case 'S' -> '5';
        case '5' -> 'S';
        case 'I' -> '1';
        case '1' -> 'I';
        case 'Z' -> '2';
        case '2' -> 'Z';
        case 'G' -> '6';
        case '6' -> 'G';
        default -> 0;
      };
      if (swapped != 0) {
        chars[i] = swapped;
        return new String(chars);
      }
    }
    return plate;
  }

  /**
   * Traffic at {@code hourOfDay} (0..24, fractional) relative to the day's average: low at night,
   * peaks in the morning and evening rush hours. The curve's mean over a day is 1.0.
   */
  public static double rateFactor(double hourOfDay) {
    double h = ((hourOfDay % 24) + 24) % 24;
    double raw = 0.15 + 1.6 * bump(h, 8.0, 1.5) + 1.4 * bump(h, 17.5, 2.0) + 0.55 * bump(h, 13.0, 4.0);
    return raw / DAY_MEAN;
  }

  private static double bump(double h, double centre, double width) {
    double d = Math.min(Math.abs(h - centre), 24 - Math.abs(h - centre));
    return Math.exp(-0.5 * (d / width) * (d / width));
  }

  private static final double DAY_MEAN;

  static {
    double sum = 0;
    int steps = 24 * 60;
    for (int i = 0; i < steps; i++) {
      double h = i / 60.0;
      sum += 0.15 + 1.6 * bump(h, 8.0, 1.5) + 1.4 * bump(h, 17.5, 2.0) + 0.55 * bump(h, 13.0, 4.0);
    }
    DAY_MEAN = sum / steps;
  }
}
