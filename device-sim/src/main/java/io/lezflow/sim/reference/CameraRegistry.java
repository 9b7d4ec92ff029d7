package io.lezflow.sim.reference;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;

import io.lezflow.schemas.v1.CameraRegistration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The registrations of a simulated fleet's cameras ({@code lez.cameras.v1}): which zone each
 * enforces, which police zone may query it, where it stands.
 *
 * <p>Deterministic: the same configuration always gives the same list (police zone from the camera
 * number, position from the seed and the camera number), so publishing it again changes nothing on
 * the compacted topic. Invariants: one registration per camera, in camera order; every camera is
 * active, in {@code config.zoneId()}, inside the Brussels region; {@code updated_at_ms} is {@link
 * #REGISTERED_AT_MS}, before any read a camera makes.
 */
public final class CameraRegistry {
  private CameraRegistry() {}

  /**
   * When the simulated cameras were registered: the start of the Brussels LEZ (2018-01-01 local).
   * A fixed instant rather than "now" so that the registrations are the same on every run and
   * precede every read, even reads of a replay with a clock set in the past.
   */
  public static final long REGISTERED_AT_MS =
      LocalDate.of(2018, 1, 1).atStartOfDay(VehiclePopulation.BRUSSELS).toInstant().toEpochMilli();

  public static List<CameraRegistration> of(SimulatorConfig config) {
    List<CameraRegistration> registrations = new ArrayList<>(config.cameras());
    for (int n = 1; n <= config.cameras(); n++) registrations.add(registration(config, n));
    return List.copyOf(registrations);
  }

  static CameraRegistration registration(SimulatorConfig config, int cameraNumber) {
    BrusselsPoliceZone policeZone = BrusselsPoliceZone.ofCamera(cameraNumber);
    // Each camera its own stream, independent of the fleet size: camera 7 stands where it stands
    // whether the fleet has 10 or 330 cameras.
    SplittableRandom random = new SplittableRandom(config.seed() ^ (0xC2B2AE3D27D4EB4FL * cameraNumber));
    double latitude = clamp(policeZone.centreLatitude + (2 * random.nextDouble() - 1) * policeZone.latitudeSpread,
        BrusselsPoliceZone.MIN_LATITUDE, BrusselsPoliceZone.MAX_LATITUDE);
    double longitude = clamp(policeZone.centreLongitude + (2 * random.nextDouble() - 1) * policeZone.longitudeSpread,
        BrusselsPoliceZone.MIN_LONGITUDE, BrusselsPoliceZone.MAX_LONGITUDE);
    String cameraId = config.cameraId(cameraNumber);
    return CameraRegistration.newBuilder()
        .setCameraId(cameraId)
        .setZoneId(config.zoneId())
        .setPoliceZone(policeZone.code)
        .setName("Camera " + cameraId + ", police zone " + policeZone.code + " " + policeZone.displayName)
        .setLatitude(round6(latitude))
        .setLongitude(round6(longitude))
        .setUpdatedAtMs(REGISTERED_AT_MS)
        .setActive(true)
        .build();
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  /** Six decimals (~10 cm): what a survey gives, and stable text in the database. */
  private static double round6(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
