package io.lezflow.ops;

import io.lezflow.embedded.MosquittoSecurity;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lezflow mosquitto-config}: renders the shipped Mosquitto security configuration
 * (ops/src/main/resources/mosquitto/README.md) for a fleet: {@code mosquitto.conf}, the
 * dynamic-security state (one user and role per camera, the ingest and Frigate users) and the
 * credentials file. Used by the compose file's init step and when cameras are added (runbooks).
 */
@Command(
    name = "mosquitto-config",
    mixinStandardHelpOptions = true,
    description = {
      "Writes mosquitto.conf, dynamic-security.json and credentials.properties for a camera fleet into --out.",
      "Passwords derive from --fleet-secret (the same secret `lezflow cameras --fleet-secret` uses)."
    })
public final class MosquittoConfigCommand implements Callable<Integer> {

  @Option(names = "--out", description = "Directory to write into (the broker must be able to write it). Required.")
  Path out;

  @Option(names = "--cameras", defaultValue = "330", description = "Cameras <prefix>-cam-0001.. to create users for. Default: ${DEFAULT-VALUE}.")
  int cameras;

  @Option(names = "--camera-prefix", defaultValue = "bru", description = "Prefix of the camera ids. Default: ${DEFAULT-VALUE}.")
  String cameraPrefix;

  @Option(names = "--extra-cameras", split = ",", description = "More camera ids (comma-separated), e.g. a new city's.")
  List<String> extraCameras = List.of();

  @Option(names = "--fleet-secret", description = "Secret the passwords derive from (at least 16 characters); prefer the environment variable. Required.")
  String fleetSecret;

  @Option(names = "--ingest-user", defaultValue = MosquittoSecurity.DEFAULT_INGEST_USER, description = "User of the ingest gateways. Default: ${DEFAULT-VALUE}.")
  String ingestUser;

  @Option(names = "--port", defaultValue = "1883", description = "Listener port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--plugin", description = "Path of mosquitto_dynamic_security.so on the broker's machine. Default: found on this machine, else the Debian path.")
  String plugin;

  @Option(names = "--run-as-user", defaultValue = "mosquitto", description = "User Mosquitto switches to when started as root. Default: ${DEFAULT-VALUE}.")
  String runAsUser;

  @Override
  public Integer call() {
    if (out == null) throw new BadSetting("mosquitto-config: --out is not set");
    if (fleetSecret == null || fleetSecret.length() < 16) {
      throw new BadSetting("mosquitto-config: --fleet-secret (or LEZ_FLEET_SECRET) must be at least 16 characters");
    }
    if (cameras < 0 || cameras > 9_999) throw new BadSetting("mosquitto-config: --cameras must be 0..9999, got " + cameras);
    List<String> ids = new ArrayList<>();
    try {
      for (int n = 1; n <= cameras; n++) {
        String id = CameraIds.of(cameraPrefix, n);
        if (!CameraIds.isValid(id)) throw new IllegalArgumentException("'" + id + "' is not a camera id ([A-Za-z0-9_-]{1,64})");
        ids.add(id);
      }
    } catch (IllegalArgumentException e) {
      throw new BadSetting("mosquitto-config: --camera-prefix '" + cameraPrefix + "' makes no valid camera id: " + e.getMessage());
    }
    for (String extra : extraCameras) {
      if (!CameraIds.isValid(extra.trim())) throw new BadSetting("mosquitto-config: --extra-cameras has '" + extra + "', not a camera id");
      ids.add(extra.trim());
    }
    MosquittoSecurity.Generated generated;
    try {
      MosquittoSecurity.BrokerSettings d = MosquittoSecurity.BrokerSettings.defaults(port);
      MosquittoSecurity.BrokerSettings settings = new MosquittoSecurity.BrokerSettings(port, d.bindAddress(), MqttTopics.DEFAULT_ROOT,
          d.frigatePrefix(), d.frigateUser(), d.maxQueuedMessages(), d.maxQueuedBytes(), d.maxInflightMessages(), runAsUser,
          plugin == null || plugin.isBlank() ? d.dynamicSecurityPlugin() : plugin);
      generated = MosquittoSecurity.write(out.toAbsolutePath(), ids, ingestUser, settings, fleetSecret.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new BadSetting("mosquitto-config: " + e.getMessage());
    }
    System.err.println("lezflow mosquitto-config: " + ids.size() + " cameras, users '" + ingestUser + "' and frigate; wrote "
        + generated.configFile() + ", " + generated.dynamicSecurityFile() + " and " + generated.credentialsFile());
    return 0;
  }
}
