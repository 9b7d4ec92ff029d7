package io.lezflow.ingest.validation;

import io.lezflow.schemas.v1.CameraStatus;
import java.util.Objects;

/** Outcome of validating one camera heartbeat: exactly one of {@link Accepted} or {@link Rejected}. */
public sealed interface StatusVerdict permits StatusVerdict.Accepted, Rejected {

  /** A heartbeat that parsed and belongs to the camera whose topic carried it. */
  record Accepted(CameraStatus status, String cameraId) implements StatusVerdict {
    public Accepted {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(cameraId, "cameraId");
    }
  }
}
