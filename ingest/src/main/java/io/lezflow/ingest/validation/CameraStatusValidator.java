package io.lezflow.ingest.validation;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.v1.CameraStatus;
import io.lezflow.schemas.v1.RejectReason;
import java.util.Objects;

/**
 * Decides whether a heartbeat on a camera's status topic may go to the camera-status topic.
 * Lighter than {@link PlateReadValidator}: a heartbeat carries no personal data and camera
 * health jobs tolerate odd timestamps, but it must parse, be small, and name the camera of its
 * topic. Never throws for any payload.
 */
public final class CameraStatusValidator {
  private final ValidationLimits limits;

  public CameraStatusValidator(ValidationLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public StatusVerdict validate(String topicCameraId, byte[] payload) {
    Objects.requireNonNull(topicCameraId, "topicCameraId");
    if (payload == null || payload.length == 0) {
      return new Rejected(RejectReason.REJECT_REASON_UNPARSABLE, "empty payload");
    }
    if (payload.length > limits.maxPayloadBytes()) {
      return new Rejected(
          RejectReason.REJECT_REASON_OVERSIZED,
          "payload of " + payload.length + " bytes exceeds the limit of " + limits.maxPayloadBytes());
    }
    CameraStatus status;
    try {
      status = CameraStatus.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      return new Rejected(RejectReason.REJECT_REASON_UNPARSABLE, "not a CameraStatus: " + e.getMessage());
    }
    if (status.getCameraId().isEmpty()) {
      return new Rejected(RejectReason.REJECT_REASON_MISSING_FIELD, "missing camera_id");
    }
    if (!status.getCameraId().equals(topicCameraId)) {
      return new Rejected(
          RejectReason.REJECT_REASON_CAMERA_MISMATCH,
          "payload camera_id "
              + PlateReadValidator.quote(status.getCameraId())
              + " differs from topic camera "
              + PlateReadValidator.quote(topicCameraId));
    }
    if (!CameraIds.isValid(topicCameraId) || !limits.isKnownCamera(topicCameraId)) {
      return new Rejected(
          RejectReason.REJECT_REASON_UNKNOWN_CAMERA,
          "camera " + PlateReadValidator.quote(topicCameraId) + " is not a valid or known camera");
    }
    return new StatusVerdict.Accepted(status, topicCameraId);
  }
}
