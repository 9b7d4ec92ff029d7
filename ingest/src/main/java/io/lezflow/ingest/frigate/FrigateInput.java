package io.lezflow.ingest.frigate;

import io.lezflow.schemas.CameraIds;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where Frigate NVR publishes and how its cameras map to lezflow cameras. Frigate is off when no
 * camera is mapped: a Frigate camera without a lezflow camera id cannot produce a usable read.
 *
 * @param topicPrefix Frigate's {@code mqtt.topic_prefix} (default {@code frigate}); the gateway
 *     consumes {@code <prefix>/events} and {@code <prefix>/tracked_object_update}
 * @param cameras Frigate camera name -> lezflow camera id
 * @param country ISO 3166-1 alpha-2 country given to every Frigate read (Frigate does not say
 *     which country a plate is from)
 */
public record FrigateInput(String topicPrefix, Map<String, String> cameras, String country) {
  public static final String DEFAULT_TOPIC_PREFIX = "frigate";
  public static final String DEFAULT_COUNTRY = "BE";
  // Before DISABLED: the constructor of the constant uses it.
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  /** No Frigate input. */
  public static final FrigateInput DISABLED = new FrigateInput(DEFAULT_TOPIC_PREFIX, Map.of(), DEFAULT_COUNTRY);

  public FrigateInput {
    if (topicPrefix == null || topicPrefix.isBlank() || topicPrefix.endsWith("/")
        || topicPrefix.contains("+") || topicPrefix.contains("#") || topicPrefix.startsWith("$")) {
      throw new IllegalArgumentException(
          "Frigate topic prefix must be a plain MQTT topic prefix without wildcards or trailing '/', got '" + topicPrefix + "'");
    }
    Objects.requireNonNull(cameras, "cameras (use an empty map to turn Frigate input off)");
    for (Map.Entry<String, String> e : cameras.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException("a Frigate camera name is empty");
      }
      if (!CameraIds.isValid(e.getValue())) {
        throw new IllegalArgumentException("Frigate camera '" + e.getKey() + "' maps to '" + e.getValue()
            + "', which is not a lezflow camera id ([A-Za-z0-9_-]{1,64})");
      }
    }
    cameras = Map.copyOf(cameras);
    if (country == null || !COUNTRY.matcher(country).matches()) {
      throw new IllegalArgumentException("Frigate country must be an ISO 3166-1 alpha-2 code like BE, got '" + country + "'");
    }
  }

  public boolean enabled() {
    return !cameras.isEmpty();
  }

  public String eventsTopic() {
    return topicPrefix + "/events";
  }

  public String trackedObjectUpdateTopic() {
    return topicPrefix + "/tracked_object_update";
  }

  /** True for the two topics this input consumes. */
  public boolean handles(String mqttTopic) {
    return enabled() && (eventsTopic().equals(mqttTopic) || trackedObjectUpdateTopic().equals(mqttTopic));
  }

  /**
   * Parses {@code name=cameraId[,name=cameraId...]} (Frigate camera names may not contain '=' or
   * ',').
   */
  public static Map<String, String> parseCameraMap(String text) {
    Map<String, String> map = new TreeMap<>();
    if (text == null || text.isBlank()) return map;
    for (String pair : text.split(",")) {
      if (pair.isBlank()) continue;
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException("'" + pair.trim() + "' is not frigateCamera=lezflowCameraId");
      }
      String name = pair.substring(0, eq).trim();
      if (map.put(name, pair.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("Frigate camera '" + name + "' is mapped twice");
      }
    }
    return map;
  }
}
