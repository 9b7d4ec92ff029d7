package io.lezflow.sim;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of one simulated camera fleet. Immutable and valid by construction: the compact
 * constructor rejects a wrong setting with a message that names the setting and says why.
 *
 * @param mqttUrl broker URL as Paho takes it, e.g. {@code tcp://127.0.0.1:1883}
 * @param topics MQTT topic scheme (the root is configurable so tests sharing a broker stay apart)
 * @param cameras number of cameras, ids {@code CameraIds.of(cameraPrefix, 1..cameras)}
 * @param readsPerSecond total plate reads per second over the whole fleet
 * @param seed seed of the vehicle population and of the traffic model
 * @param vehicles size of the vehicle population (and of the register extract)
 * @param zoneId the enforcement zone of the cameras, e.g. {@code BRU}
 * @param cameraPrefix prefix of the camera ids, e.g. {@code bru}
 */
public record SimulatorConfig(
    String mqttUrl,
    MqttTopics topics,
    int cameras,
    double readsPerSecond,
    long seed,
    int vehicles,
    String zoneId,
    String cameraPrefix) {

  public static final int MAX_CAMERAS = 9_999;
  public static final double MAX_READS_PER_SECOND = 1_000_000;
  public static final int MAX_VEHICLES = 10_000_000;

  private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
  private static final Pattern ZONE_ID = Pattern.compile("[A-Z0-9_]{1,16}");

  public SimulatorConfig {
    requireMqttUrl(mqttUrl);
    if (topics == null) {
      throw invalid("topics", "must be set (use MqttTopics.DEFAULT in production)");
    }
    if (cameras < 1 || cameras > MAX_CAMERAS) {
      throw invalid("cameras", "must be between 1 and " + MAX_CAMERAS + " (one MQTT connection each), got " + cameras);
    }
    if (!(readsPerSecond > 0) || readsPerSecond > MAX_READS_PER_SECOND || Double.isInfinite(readsPerSecond)) {
      throw invalid("readsPerSecond", "must be > 0 and <= " + (long) MAX_READS_PER_SECOND + " (total reads per second of the fleet), got " + readsPerSecond);
    }
    if (vehicles < 1 || vehicles > MAX_VEHICLES) {
      throw invalid("vehicles", "must be between 1 and " + MAX_VEHICLES + " (size of the vehicle population), got " + vehicles);
    }
    if (zoneId == null || !ZONE_ID.matcher(zoneId).matches()) {
      throw invalid("zoneId", "must be 1-16 upper-case letters, digits or '_' (it is part of every violation id), got " + quoted(zoneId));
    }
    if (cameraPrefix == null || cameraPrefix.isEmpty() || !CameraIds.isValid(CameraIds.of(cameraPrefix, MAX_CAMERAS))) {
      throw invalid("cameraPrefix", "must be non-empty letters, digits, '-' or '_' and at most 55 characters (camera ids are MQTT client ids and topic levels), got " + quoted(cameraPrefix));
    }
  }

  /** 330 Brussels cameras, 1,000 reads/s in total, seed 42, 50,000 vehicles, production topics. */
  public static SimulatorConfig defaults(String mqttUrl) {
    return new SimulatorConfig(mqttUrl, MqttTopics.DEFAULT, 330, 1_000, 42L, 50_000, "BRU", "bru");
  }

  public SimulatorConfig withTopics(MqttTopics newTopics) {
    return new SimulatorConfig(mqttUrl, newTopics, cameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix);
  }

  public SimulatorConfig withCameras(int newCameras) {
    return new SimulatorConfig(mqttUrl, topics, newCameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix);
  }

  public SimulatorConfig withReadsPerSecond(double newReadsPerSecond) {
    return new SimulatorConfig(mqttUrl, topics, cameras, newReadsPerSecond, seed, vehicles, zoneId, cameraPrefix);
  }

  public SimulatorConfig withSeed(long newSeed) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, newSeed, vehicles, zoneId, cameraPrefix);
  }

  public SimulatorConfig withVehicles(int newVehicles) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, seed, newVehicles, zoneId, cameraPrefix);
  }

  public SimulatorConfig withCameraPrefix(String newCameraPrefix) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, seed, vehicles, zoneId, newCameraPrefix);
  }

  /** Id of the n-th camera, n = 1..cameras. */
  public String cameraId(int n) {
    return CameraIds.of(cameraPrefix, n);
  }

  private static void requireMqttUrl(String mqttUrl) {
    if (mqttUrl == null || mqttUrl.isBlank()) {
      throw invalid("mqttUrl", "must be set, e.g. tcp://127.0.0.1:1883");
    }
    URI uri;
    try {
      uri = new URI(mqttUrl);
    } catch (URISyntaxException e) {
      throw invalid("mqttUrl", "is not a URI (" + e.getReason() + "), expected e.g. tcp://127.0.0.1:1883, got " + quoted(mqttUrl));
    }
    if (uri.getScheme() == null || !MQTT_SCHEMES.contains(uri.getScheme())) {
      throw invalid("mqttUrl", "must start with tcp://, ssl://, ws:// or wss://, got " + quoted(mqttUrl));
    }
    if (uri.getHost() == null) {
      throw invalid("mqttUrl", "must name a host, e.g. tcp://127.0.0.1:1883, got " + quoted(mqttUrl));
    }
  }

  private static IllegalArgumentException invalid(String setting, String why) {
    return new IllegalArgumentException("Invalid simulator setting '" + setting + "': " + why);
  }

  private static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
