package io.lezflow.ingest.validation;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.v1.Direction;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.PlateRead;
import java.time.Instant;

/** Valid plate reads for tests: change one thing to test one check. */
public final class PlateReads {
  private PlateReads() {}

  public static final String CAMERA = "bru-cam-0001";

  public static PlateRead.Builder valid(String cameraId, long sequence, Instant capturedAt) {
    return PlateRead.newBuilder()
        .setReadId(CameraIds.readId(cameraId, sequence))
        .setCameraId(cameraId)
        .setSequence(sequence)
        .setCapturedAtMs(capturedAt.toEpochMilli())
        .setPublishedAtMs(capturedAt.toEpochMilli())
        .setPlateText("1-ABC-234")
        .setPlateCountry("BE")
        .setConfidence(0.93f)
        .setLane(1)
        .setDirection(Direction.DIRECTION_INBOUND)
        .setEvidence(
            Evidence.newBuilder()
                .setImageKey("img/" + cameraId + "/" + sequence + ".jpg")
                .setImageSha256("a".repeat(64)));
  }
}
