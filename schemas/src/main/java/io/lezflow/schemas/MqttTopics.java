package io.lezflow.schemas;

import java.util.Optional;

/**
 * The MQTT topic scheme: one subtree per camera so that a broker ACL can pin each camera to its
 * own ({@code lez/v1/cameras/{cameraId}/reads|status}).
 *
 * <p>The root is configurable only so that tests sharing one broker (e.g. the machine's
 * Mosquitto) never see each other's retained or queued messages; production uses {@link
 * #DEFAULT_ROOT}.
 */
public record MqttTopics(String root) {
  public static final String DEFAULT_ROOT = "lez/v1";
  public static final MqttTopics DEFAULT = new MqttTopics(DEFAULT_ROOT);
  /** Shared-subscription group of the ingest gateways. */
  public static final String INGEST_SHARE_GROUP = "ingest";

  public MqttTopics {
    if (root == null || root.isBlank() || root.endsWith("/") || root.contains("+") || root.contains("#")) {
      throw new IllegalArgumentException("MQTT topic root must be a plain topic prefix without wildcards or trailing '/': " + root);
    }
  }

  public String reads(String cameraId) {
    return root + "/cameras/" + requireCameraId(cameraId) + "/reads";
  }

  public String status(String cameraId) {
    return root + "/cameras/" + requireCameraId(cameraId) + "/status";
  }

  /** Filter matching every camera's reads. */
  public String allReads() {
    return root + "/cameras/+/reads";
  }

  public String allStatus() {
    return root + "/cameras/+/status";
  }

  /**
   * Where ingest re-requests reads it found missing in a camera's sequence (payload: {@link
   * ResendRequests}); the camera answers by publishing them again from its buffer of recent reads.
   */
  public String resend(String cameraId) {
    return root + "/cameras/" + requireCameraId(cameraId) + "/resend";
  }

  /** MQTT 5 shared subscription over {@link #allReads()} for the ingest group. */
  public String sharedReads() {
    return "$share/" + INGEST_SHARE_GROUP + "/" + allReads();
  }

  public String sharedStatus() {
    return "$share/" + INGEST_SHARE_GROUP + "/" + allStatus();
  }

  /** The camera id in a reads/status topic of this scheme, if the topic belongs to it. */
  public Optional<String> cameraIdOf(String topic) {
    String prefix = root + "/cameras/";
    if (topic == null || !topic.startsWith(prefix)) return Optional.empty();
    String rest = topic.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash <= 0) return Optional.empty();
    String kind = rest.substring(slash + 1);
    if (!kind.equals("reads") && !kind.equals("status")) return Optional.empty();
    return Optional.of(rest.substring(0, slash));
  }

  public boolean isReads(String topic) {
    return topic != null && topic.startsWith(root + "/cameras/") && topic.endsWith("/reads");
  }

  private static String requireCameraId(String cameraId) {
    if (!CameraIds.isValid(cameraId)) {
      throw new IllegalArgumentException("invalid camera id: " + cameraId);
    }
    return cameraId;
  }
}
