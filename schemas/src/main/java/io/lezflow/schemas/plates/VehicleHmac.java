package io.lezflow.schemas.plates;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hashes under which a vehicle is stored where the plate must not be (sightings,
 * hotlists): HMAC-SHA256 under one secret.
 *
 * <ul>
 *   <li>{@link #exact}: HMAC(secret, vehicle key {@code "CC:PLATE"}) - the vehicle itself;
 *   <li>{@link #folded}: HMAC(secret, {@code "fold:"} + {@link OcrFold#keyOfVehicleKey}) - every
 *       plate an OCR could confuse with it gets the same value, so a search or a hotlist finds a
 *       misread without any plate in clear at rest.
 * </ul>
 *
 * <p>Why keyed: plates are a small space; a plain hash is reversed by enumerating them, a keyed one
 * is not without the secret. {@link #keyId()} is a fingerprint of the secret (an HMAC of a fixed
 * label, never the secret) stored beside every hash, so that after a key rotation a reader knows
 * under which key a row was written. Not thread-safe (one {@link Mac}): one instance per thread.
 */
public final class VehicleHmac {
  /** Shortest secret accepted: 16 bytes (128 bits). */
  public static final int MIN_SECRET_BYTES = 16;

  private static final byte[] KEY_ID_LABEL = "lezflow-vehicle-hmac-key-id".getBytes(StandardCharsets.UTF_8);
  private static final String FOLD_PREFIX = "fold:";

  private final Mac mac;
  private final String keyId;

  public VehicleHmac(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a vehicle HMAC secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
    }
    keyId = "k" + HexFormat.of().formatHex(mac.doFinal(KEY_ID_LABEL), 0, 6);
  }

  /** The fingerprint of this key, e.g. {@code "k3fa9c01b22d4"}: stored per row, safe to log. */
  public String keyId() {
    return keyId;
  }

  /** HMAC of the vehicle key {@code "CC:PLATE"}; 32 bytes. */
  public byte[] exact(String vehicleKey) {
    return mac.doFinal(vehicleKey.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC of the OCR-folded vehicle key; equal for plates that differ only by confusable characters. 32 bytes. */
  public byte[] folded(String vehicleKey) {
    return mac.doFinal((FOLD_PREFIX + OcrFold.keyOfVehicleKey(vehicleKey)).getBytes(StandardCharsets.UTF_8));
  }
}
