package io.lezflow.jobs.records;

import java.util.Objects;

/**
 * One plate read as the enforcement sees it, decoded from the {@code PlateRead} wire message.
 *
 * <p>A Flink POJO (public no-arg constructor, public fields, no {@code java.time} types) so that
 * Flink's PojoSerializer carries it between operators and in state without Kryo. {@link
 * #vehicleKey} is the normalised key every stage agrees on ({@code VehicleKeys.of}); the
 * enforcement is keyed by its OCR-folded form ({@code OcrFold.keyOfVehicleKey}), so that a misread
 * meets the state of the real plate.
 */
public class ReadEvent {
  /** Globally unique ({@code cameraId:sequence}); deduplication downstream is by this id. */
  public String readId;

  public String cameraId;
  /** Capture time stamped by the camera, epoch ms UTC: the event time of the read. */
  public long capturedAtMs;
  /** Plate text as the OCR read it (kept only for the violation evidence; never logged). */
  public String plateText;
  /** Country as read from the plate, normalised (e.g. "BE"), "XX" when unknown. */
  public String country;
  /** Normalised vehicle key "CC:PLATE" as read. */
  public String vehicleKey;
  /** OCR confidence in [0, 1]. */
  public float confidence;

  public String imageKey;
  /** SHA-256 of the evidence image, lowercase hex. */
  public String imageSha256;
  /** When the camera first tried to publish the read, epoch ms. */
  public long publishedAtMs;
  /** Lane number as the camera reported it (0 = not reported). */
  public int lane;
  /** INBOUND, OUTBOUND or UNSPECIFIED (the wire enum without its prefix). */
  public String direction;

  public ReadEvent() {}

  public ReadEvent(
      String readId,
      String cameraId,
      long capturedAtMs,
      String plateText,
      String country,
      String vehicleKey,
      float confidence,
      String imageKey,
      String imageSha256,
      long publishedAtMs) {
    this.readId = readId;
    this.cameraId = cameraId;
    this.capturedAtMs = capturedAtMs;
    this.plateText = plateText;
    this.country = country;
    this.vehicleKey = vehicleKey;
    this.confidence = confidence;
    this.imageKey = imageKey;
    this.imageSha256 = imageSha256;
    this.publishedAtMs = publishedAtMs;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof ReadEvent other)) return false;
    return capturedAtMs == other.capturedAtMs
        && Float.compare(confidence, other.confidence) == 0
        && publishedAtMs == other.publishedAtMs
        && lane == other.lane
        && Objects.equals(direction, other.direction)
        && Objects.equals(readId, other.readId)
        && Objects.equals(cameraId, other.cameraId)
        && Objects.equals(plateText, other.plateText)
        && Objects.equals(country, other.country)
        && Objects.equals(vehicleKey, other.vehicleKey)
        && Objects.equals(imageKey, other.imageKey)
        && Objects.equals(imageSha256, other.imageSha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(readId, capturedAtMs);
  }

  /** Deliberately without plate text or vehicle key: this string may end up in a log line. */
  @Override
  public String toString() {
    return "ReadEvent{readId=" + readId + ", cameraId=" + cameraId + ", capturedAtMs=" + capturedAtMs + "}";
  }
}
