package io.lezflow.rules.facts;

import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.PlateRead;
import java.time.Instant;
import java.util.Objects;

/**
 * The facts of one plate read that the rules use: which zone's camera saw which plate when, and how
 * sure the OCR was. Flat (strings, an instant, primitives) so it can live in stream state.
 *
 * @param zoneId the zone of the camera (from the camera registry)
 * @param vehicleKey {@code "CC:PLATE"} as read, normalised ({@link VehicleKeys#of})
 * @param country the plate country as read ({@code "XX"} when unknown)
 * @param confidence OCR confidence in [0, 1]
 * @param imageSha256 evidence image hash, carried to the violation (may be empty)
 */
public record ReadFacts(
    String readId,
    String cameraId,
    String zoneId,
    Instant capturedAt,
    String vehicleKey,
    String country,
    float confidence,
    String imageSha256) {

  public ReadFacts {
    Objects.requireNonNull(readId, "readId");
    Objects.requireNonNull(zoneId, "zoneId");
    Objects.requireNonNull(capturedAt, "capturedAt");
    Objects.requireNonNull(vehicleKey, "vehicleKey");
    country = country == null || country.isEmpty() ? VehicleKeys.UNKNOWN_COUNTRY : country;
    cameraId = cameraId == null ? "" : cameraId;
    imageSha256 = imageSha256 == null ? "" : imageSha256;
  }

  /** The facts of a wire read whose camera belongs to {@code zoneId}. */
  public static ReadFacts fromProto(PlateRead read, String zoneId) {
    String country = VehicleKeys.normaliseCountry(read.getPlateCountry());
    return new ReadFacts(
        read.getReadId(),
        read.getCameraId(),
        zoneId,
        Instant.ofEpochMilli(read.getCapturedAtMs()),
        VehicleKeys.of(country, read.getPlateText()),
        country,
        read.getConfidence(),
        read.hasEvidence() ? read.getEvidence().getImageSha256() : "");
  }

  /** The plate part of the vehicle key (upper-case letters and digits). */
  public String plate() {
    return vehicleKey.substring(vehicleKey.indexOf(':') + 1);
  }
}
