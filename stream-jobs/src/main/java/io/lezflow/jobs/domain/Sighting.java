package io.lezflow.jobs.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decided read, for the police sightings search: a row of table {@code sightings}.
 *
 * <p>Invariant: no plate in clear. The vehicle is only present as {@link #vehicleHash}, an
 * HMAC-SHA256 of the vehicle key under a secret key ({@link VehicleHasher}), so a police query
 * must hash the plate it asks for. A Flink POJO (no Kryo).
 */
public class Sighting {
  public String readId;
  /** Capture time, epoch ms UTC; also the partition key (UTC day) of {@code sightings}. */
  public long capturedAtMs;

  public String cameraId;
  public String zoneId;
  /** HMAC-SHA256(secret, vehicle key), 32 bytes. */
  public byte[] vehicleHash;

  public Outcome outcome;

  public Sighting() {}

  public Sighting(String readId, long capturedAtMs, String cameraId, String zoneId, byte[] vehicleHash, Outcome outcome) {
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
        && outcome == other.outcome;
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
