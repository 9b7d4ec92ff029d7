package io.lezflow.sim;

import io.lezflow.sim.mqtt.ReconnectBackoff;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
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
 * @param zoneId the enforcement zone of the cameras: part of every expected violation id, of the
 *     camera registrations and of the foreign registrations, so it must be the zone id of the
 *     policy the pipeline applies (the shipped Brussels policy's is {@code brussels})
 * @param cameraPrefix prefix of the camera ids, e.g. {@code bru}
 * @param fleetSecret when present, each camera logs in with username = its camera id and password
 *     = {@link CameraCredentials#passwordFor}(fleetSecret, camera id), so the broker's password
 *     file can be generated for the same fleet; when empty, cameras connect without credentials
 *     (as to the embedded broker). Never printed ({@link #toString()} masks it).
 * @param offlineBufferReads reads each camera keeps while the broker has not acknowledged them
 *     (its offline buffer); when it is full the camera stops capturing and counts what it skipped
 *     ({@link CameraFleet#throttled()}): a read once captured is never dropped
 * @param reconnectBackoff how a camera spaces its attempts to reconnect after losing the broker
 */
public record SimulatorConfig(
    String mqttUrl,
    MqttTopics topics,
    int cameras,
    double readsPerSecond,
    long seed,
    int vehicles,
    String zoneId,
    String cameraPrefix,
    Optional<String> fleetSecret,
    int offlineBufferReads,
    ReconnectBackoff reconnectBackoff) {

  public static final int MAX_CAMERAS = 9_999;
  public static final double MAX_READS_PER_SECOND = 1_000_000;
  public static final int MAX_VEHICLES = 10_000_000;
  /** About 5 minutes of a default camera's reads (~3 reads/s), ~0.3 KB each in memory. */
  public static final int DEFAULT_OFFLINE_BUFFER_READS = 1_000;
  /** 330 cameras x 100,000 reads x ~300 bytes is ~10 GB: beyond that, memory, not the setting, is the limit. */
  public static final int MAX_OFFLINE_BUFFER_READS = 100_000;
  /** A secret shorter than this could be guessed from the passwords it derives. */
  public static final int MIN_FLEET_SECRET_LENGTH = 16;

  private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
  private static final Pattern ZONE_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** The settings of issue 2: no credentials, the default offline buffer and back-off. */
  public SimulatorConfig(String mqttUrl, MqttTopics topics, int cameras, double readsPerSecond, long seed, int vehicles,
      String zoneId, String cameraPrefix) {
    this(mqttUrl, topics, cameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix, Optional.empty(),
        DEFAULT_OFFLINE_BUFFER_READS, ReconnectBackoff.DEFAULT);
  }

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
      throw invalid("zoneId", "must be 1-32 letters, digits, '_' or '-' (it is part of every violation id; use the id of the zone policy the pipeline applies, e.g. brussels), got " + quoted(zoneId));
    }
    if (cameraPrefix == null || cameraPrefix.isEmpty() || !CameraIds.isValid(CameraIds.of(cameraPrefix, MAX_CAMERAS))) {
      throw invalid("cameraPrefix", "must be non-empty letters, digits, '-' or '_' and at most 55 characters (camera ids are MQTT client ids and topic levels), got " + quoted(cameraPrefix));
    }
    if (fleetSecret == null) {
      fleetSecret = Optional.empty();
    }
    if (fleetSecret.isPresent() && fleetSecret.get().length() < MIN_FLEET_SECRET_LENGTH) {
      // The value itself is never echoed: it is a secret.
      throw invalid("fleetSecret", "must be at least " + MIN_FLEET_SECRET_LENGTH + " characters (it derives every camera's MQTT password), got "
          + fleetSecret.get().length() + " characters; leave it unset to connect without credentials");
    }
    if (offlineBufferReads < 1 || offlineBufferReads > MAX_OFFLINE_BUFFER_READS) {
      throw invalid("offlineBufferReads", "must be between 1 and " + MAX_OFFLINE_BUFFER_READS + " (reads each camera keeps while offline), got " + offlineBufferReads);
    }
    if (reconnectBackoff == null) {
      throw invalid("reconnectBackoff", "must be set (ReconnectBackoff.DEFAULT: 1 s doubling to 60 s)");
    }
  }

  /** 330 Brussels cameras, 1,000 reads/s in total, seed 42, 50,000 vehicles, production topics. */
  public static SimulatorConfig defaults(String mqttUrl) {
    return new SimulatorConfig(mqttUrl, MqttTopics.DEFAULT, 330, 1_000, 42L, 50_000, "BRU", "bru");
  }

  public SimulatorConfig withMqttUrl(String newMqttUrl) {
    return new SimulatorConfig(newMqttUrl, topics, cameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix, fleetSecret, offlineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withTopics(MqttTopics newTopics) {
    return new SimulatorConfig(mqttUrl, newTopics, cameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix, fleetSecret, offlineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withCameras(int newCameras) {
    return new SimulatorConfig(mqttUrl, topics, newCameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix, fleetSecret, offlineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withReadsPerSecond(double newReadsPerSecond) {
    return new SimulatorConfig(mqttUrl, topics, cameras, newReadsPerSecond, seed, vehicles, zoneId, cameraPrefix, fleetSecret, offlineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withSeed(long newSeed) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, newSeed, vehicles, zoneId, cameraPrefix, fleetSecret, offlineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withVehicles(int newVehicles) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, seed, newVehicles, zoneId, cameraPrefix, fleetSecret, offlineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withZoneId(String newZoneId) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, seed, vehicles, newZoneId, cameraPrefix, fleetSecret, offlineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withCameraPrefix(String newCameraPrefix) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, seed, vehicles, zoneId, newCameraPrefix, fleetSecret, offlineBufferReads, reconnectBackoff);
  }

  /** Cameras log in with credentials derived from this secret; null or empty: without credentials. */
  public SimulatorConfig withFleetSecret(String newFleetSecret) {
    Optional<String> secret = newFleetSecret == null || newFleetSecret.isEmpty() ? Optional.empty() : Optional.of(newFleetSecret);
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix, secret, offlineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withOfflineBufferReads(int newOfflineBufferReads) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix, fleetSecret, newOfflineBufferReads, reconnectBackoff);
  }

  public SimulatorConfig withReconnectBackoff(ReconnectBackoff newReconnectBackoff) {
    return new SimulatorConfig(mqttUrl, topics, cameras, readsPerSecond, seed, vehicles, zoneId, cameraPrefix, fleetSecret, offlineBufferReads, newReconnectBackoff);
  }

  /** The settings, with the fleet secret masked: configurations end up in logs. */
  @Override
  public String toString() {
    return "SimulatorConfig[mqttUrl=" + mqttUrl + ", topics=" + topics + ", cameras=" + cameras + ", readsPerSecond=" + readsPerSecond
        + ", seed=" + seed + ", vehicles=" + vehicles + ", zoneId=" + zoneId + ", cameraPrefix=" + cameraPrefix
        + ", fleetSecret=" + (fleetSecret.isPresent() ? "(set)" : "(none)") + ", offlineBufferReads=" + offlineBufferReads
        + ", reconnectBackoff=" + reconnectBackoff + "]";
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
