package io.lezflow.jobs.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decided read, for the police sightings search: a row of table {@code sightings}.
 *
 * <p>Invariant: no plate in clear. The vehicle is only present as {@link #vehicleHash}, an
 * HMAC-SHA256 of the vehicle key under a secret key ({@code io.lezflow.schemas.plates.VehicleHmac}), so a
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

  /** Fingerprint of the HMAC key both hashes were made with ({@code VehicleHmac.keyId()}). */
  public String hmacKeyId;
  /** HMAC of the OCR-folded vehicle key: the OCR-confusion-aware search key. 32 bytes. */
  public byte[] vehicleFoldHash;
  public int lane;
  /** INBOUND, OUTBOUND or UNSPECIFIED. */
  public String direction;
  public float confidence;
  /** Evidence image key and its SHA-256 (lowercase hex), as the camera reported them. */
  public String imageKey;
  public String imageSha256;

  /** A read of a camera that the registry does not know, has decommissioned or maps to no zone. */
  public static final String UNKNOWN_CAMERA = "UNKNOWN_CAMERA";

  public Sighting() {}

  /** With the video-surveillance metadata of the read it records; returns this. */
  public Sighting withMetadata(String hmacKeyId, byte[] vehicleFoldHash, int lane, String direction, float confidence,
      String imageKey, String imageSha256) {
    this.hmacKeyId = hmacKeyId;
    this.vehicleFoldHash = vehicleFoldHash;
    this.lane = lane;
    this.direction = direction;
    this.confidence = confidence;
    this.imageKey = imageKey;
    this.imageSha256 = imageSha256;
    return this;
  }

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
        && Objects.equals(outcome, other.outcome)
        && Objects.equals(hmacKeyId, other.hmacKeyId)
        && Arrays.equals(vehicleFoldHash, other.vehicleFoldHash)
        && lane == other.lane
        && Objects.equals(direction, other.direction)
        && Float.compare(confidence, other.confidence) == 0
        && Objects.equals(imageKey, other.imageKey)
        && Objects.equals(imageSha256, other.imageSha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(readId, capturedAtMs);
  }

  @Override
  public String toString() {
    return "Sighting{readId=" + readId + ", capturedAtMs=" + capturedAtMs + ", cameraId=" + cameraId
        + ", zoneId=" + zoneId + ", outcome=" + outcome + ", hmacKeyId=" + hmacKeyId + ", lane=" + lane
        + ", direction=" + direction + "}";
  }
}
