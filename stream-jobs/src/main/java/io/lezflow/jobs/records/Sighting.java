package io.lezflow.jobs.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decided read, for the police sightings search: a row of table {@code sightings}.
 *
 * <p>Invariant: no plate in clear. The vehicle is only present as {@link #vehicleHash}, an
 * HMAC-SHA256 of the vehicle key under a secret key ({@code io.lezflow.jobs.VehicleHasher}), so a
 * police query must hash the plate it asks for. The vehicle hashed is the register entry the read
 * matched (a misread finds its vehicle), else the plate as read. A Flink POJO (no Kryo).
 */
public class Sighting {
  public String readId;
  /** Capture time, epoch ms UTC; also the partition key (UTC day) of {@code sightings}. */
  public long capturedAtMs;

  public String cameraId;
  public String zoneId;
  /** HMAC-SHA256(secret, vehicle key), 32 bytes. */
  public byte[] vehicleHash;

  /**
   * What the enforcement decided about the read: an {@code io.lezflow.rules.decision.Outcome} name
   * (COMPLIANT, EXEMPT, PERMITTED, OUTSIDE_ENFORCEMENT_WINDOW, WARNING, UNKNOWN_VEHICLE, CANDIDATE,
   * NO_POLICY_IN_FORCE) or {@link #UNKNOWN_CAMERA}.
   */
  public String outcome;

  /** A read of a camera that the registry does not know, has decommissioned or maps to no zone. */
  public static final String UNKNOWN_CAMERA = "UNKNOWN_CAMERA";

  public Sighting() {}

  public Sighting(String readId, long capturedAtMs, String cameraId, String zoneId, byte[] vehicleHash, String outcome) {
    this.readId = readId;
    this.capturedAtMs = capturedAtMs;
    this.cameraId = cameraId;
    this.zoneId = zoneId;
    this.vehicleHash = vehicleHash;
    this.outcome = outcome;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Sighting other)) return false;
    return capturedAtMs == other.capturedAtMs
        && Objects.equals(readId, other.readId)
        && Objects.equals(cameraId, other.cameraId)
        && Objects.equals(zoneId, other.zoneId)
        && Arrays.equals(vehicleHash, other.vehicleHash)
        && Objects.equals(outcome, other.outcome);
  }

  @Override
  public int hashCode() {
    return Objects.hash(readId, capturedAtMs);
  }

  @Override
  public String toString() {
    return "Sighting{readId=" + readId + ", capturedAtMs=" + capturedAtMs + ", cameraId=" + cameraId
        + ", zoneId=" + zoneId + ", outcome=" + outcome + "}";
  }
}
