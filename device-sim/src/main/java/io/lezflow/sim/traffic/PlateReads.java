package io.lezflow.sim.traffic;


import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.EvidenceImageKeys;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import io.lezflow.schemas.plates.PlateFormats;

/**
 * Builds the {@link PlateRead} a camera publishes for a passage. Invariant: the read id is {@code
 * CameraIds.readId(cameraId, sequence)} and the evidence names that camera and sequence.
 */
public final class PlateReads {
  private PlateReads() {}

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  });

  /** The read without {@code published_at_ms}, which the camera stamps when it first tries to publish. */
  public static PlateRead capture(String cameraId, long sequence, long capturedAtMs, VehicleRecord vehicle, Passage passage) {
    String readId = CameraIds.readId(cameraId, sequence);
    return PlateRead.newBuilder()
        .setReadId(readId)
        .setCameraId(cameraId)
        .setSequence(sequence)
        .setCapturedAtMs(capturedAtMs)
        .setPlateText(PlateFormats.asRead(vehicle.getPlate(), passage.plateWithSeparators()))
        .setPlateCountry(vehicle.getCountry())
        .setConfidence(passage.confidence())
        .setLane(passage.lane())
        .setDirection(passage.direction())
        .setEvidence(Evidence.newBuilder()
            .setImageKey(EvidenceImageKeys.of(cameraId, sequence))
            // Stands in for the SHA-256 of the plate image until withImage gives the real one (a
            // fleet without an image store, e.g. a load generator): a stable 64-hex digest per read.
            .setImageSha256(sha256Hex(readId)))
        .build();
  }

  /** The read with the SHA-256 of its rendered plate image (see {@link PlateImages#render}). */
  public static PlateRead withImage(PlateRead read, byte[] png) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    String hash = HexFormat.of().formatHex(sha.digest(png));
    return read.toBuilder().setEvidence(read.getEvidence().toBuilder().setImageSha256(hash)).build();
  }

  public static String sha256Hex(String text) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
