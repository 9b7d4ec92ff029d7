package io.lezflow.sim.mqtt;

import io.lezflow.sim.SimulatorConfig;

import io.lezflow.schemas.CameraIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each camera's MQTT login: username = its camera id, password = HMAC-SHA256 of the camera id
 * (UTF-8) under the fleet secret (its UTF-8 bytes), base64url without padding, first 32 characters
 * (192 bits). This is the derivation of {@code io.lezflow.embedded.MosquittoSecurity#password},
 * which writes the broker's users (dynamic-security plugin): give it {@code fleetSecret.getBytes(UTF_8)}.
 *
 * <p>Why derived: a fleet of hundreds of cameras needs one password each (so a broker ACL can pin
 * each camera to its own topics and one leaked password exposes one camera), yet the broker's
 * users and the cameras must agree without a list of passwords being shipped around.
 * Whoever holds the fleet secret can generate both sides: the cameras here, the broker's users
 * with {@link #forCameras} (then hashed for the broker). Invariant: the same
 * (secret, camera id) always gives the same password; different camera ids give unrelated ones.
 * Neither the secret nor a password is ever logged.
 */
public final class CameraCredentials {
  private CameraCredentials() {}

  private static final String HMAC = "HmacSHA256";
  /** 32 base64url characters: 192 bits of the HMAC, printable in any password file. */
  static final int PASSWORD_LENGTH = 32;

  /** The MQTT password of {@code cameraId} in the fleet of {@code fleetSecret}. */
  public static String passwordFor(String fleetSecret, String cameraId) {
    if (fleetSecret == null || fleetSecret.isEmpty()) {
      throw new IllegalArgumentException("fleetSecret must be set to derive camera passwords");
    }
    return passwordFor(fleetSecret.getBytes(StandardCharsets.UTF_8), cameraId);
  }

  /** As {@link #passwordFor(String, String)}, for a secret held as bytes. */
  public static String passwordFor(byte[] fleetSecret, String cameraId) {
    if (fleetSecret == null || fleetSecret.length == 0) {
      throw new IllegalArgumentException("fleetSecret must be set to derive camera passwords");
    }
    if (!CameraIds.isValid(cameraId)) {
      throw new IllegalArgumentException("not a valid camera id: " + cameraId);
    }
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(fleetSecret, HMAC));
      byte[] digest = mac.doFinal(cameraId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, PASSWORD_LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
    }
  }

  /** Username → password of each camera, in the given order (e.g. to write a broker's password file). */
  public static Map<String, String> forCameras(String fleetSecret, List<String> cameraIds) {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String id : cameraIds) passwords.put(id, passwordFor(fleetSecret, id));
    return passwords;
  }

  /** Username → password of every camera of the fleet; empty when the fleet connects without credentials. */
  public static Map<String, String> forFleet(SimulatorConfig config) {
    if (config.fleetSecret().isEmpty()) return Map.of();
    List<String> ids = new ArrayList<>(config.cameras());
    for (int n = 1; n <= config.cameras(); n++) ids.add(config.cameraId(n));
    return forCameras(config.fleetSecret().get(), ids);
  }
}
