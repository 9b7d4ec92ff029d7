package io.lezflow.jobs;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of a vehicle key for the sightings store: HMAC-SHA256(secret, UTF-8 vehicle key).
 *
 * <p>Why a keyed hash and not SHA-256: plates are a small space, a plain hash is reversed by
 * enumerating them; without the secret it is not. A police query hashes the vehicle key it asks
 * for with the same secret. Not thread-safe (one {@link Mac} per instance): one per task.
 */
public final class VehicleHasher {
  /** Shortest secret accepted: 16 bytes (128 bits). */
  public static final int MIN_SECRET_BYTES = 16;

  private final Mac mac;

  public VehicleHasher(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the sightings HMAC secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
    }
  }

  /** 32 bytes. */
  public byte[] hash(String vehicleKey) {
    return mac.doFinal(vehicleKey.getBytes(StandardCharsets.UTF_8));
  }
}
