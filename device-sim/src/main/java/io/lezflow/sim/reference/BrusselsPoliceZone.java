package io.lezflow.sim.reference;

/**
 * The six local police zones of the Brussels-Capital Region, with the rough area where the
 * simulator places the cameras of each (a box around its communes, inside the region).
 *
 * <p>Police zones matter to the pipeline because a police zone may only query the sightings of its
 * own cameras. The areas are approximations for a plausible map, not boundaries.
 */
public enum BrusselsPoliceZone {
  BRUXELLES_CAPITALE_IXELLES("5339", "Bruxelles-Capitale/Ixelles", 50.848, 4.357, 0.020, 0.020),
  BRUXELLES_OUEST("5340", "Bruxelles-Ouest", 50.866, 4.310, 0.015, 0.020),
  MIDI("5341", "Midi", 50.823, 4.310, 0.015, 0.025),
  UCCLE_WATERMAEL_BOITSFORT_AUDERGHEM("5342", "Uccle/Watermael-Boitsfort/Auderghem", 50.802, 4.395, 0.012, 0.035),
  MONTGOMERY("5343", "Montgomery", 50.840, 4.425, 0.012, 0.025),
  SCHAERBEEK_EVERE_SAINT_JOSSE("5344", "Schaerbeek/Evere/Saint-Josse", 50.866, 4.390, 0.012, 0.020);

  /** The Brussels-Capital Region, as a box: every camera position lies inside it. */
  public static final double MIN_LATITUDE = 50.79, MAX_LATITUDE = 50.91, MIN_LONGITUDE = 4.28, MAX_LONGITUDE = 4.48;

  /** The police zone's number, e.g. {@code "5339"}: what {@code CameraRegistration.police_zone} holds. */
  public final String code;
  public final String displayName;
  final double centreLatitude;
  final double centreLongitude;
  final double latitudeSpread;
  final double longitudeSpread;

  BrusselsPoliceZone(String code, String displayName, double centreLatitude, double centreLongitude,
      double latitudeSpread, double longitudeSpread) {
    this.code = code;
    this.displayName = displayName;
    this.centreLatitude = centreLatitude;
    this.centreLongitude = centreLongitude;
    this.latitudeSpread = latitudeSpread;
    this.longitudeSpread = longitudeSpread;
  }

  /** The police zone of the n-th camera (n = 1..): round robin, so every zone gets its share. */
  public static BrusselsPoliceZone ofCamera(int cameraNumber) {
    if (cameraNumber < 1) throw new IllegalArgumentException("camera numbers start at 1, got " + cameraNumber);
    BrusselsPoliceZone[] zones = values();
    return zones[(cameraNumber - 1) % zones.length];
  }
}
