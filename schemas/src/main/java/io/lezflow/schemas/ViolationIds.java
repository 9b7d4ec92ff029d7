package io.lezflow.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * Deterministic violation ids: the same (zone, vehicle, enforcement day) always gives the same id,
 * so replays and restarts can never create a second violation.
 *
 * <p>The vehicle part is a SHA-256 digest, not the plate: ids travel into logs, URLs and
 * exports where a plate in clear must not.
 */
public final class ViolationIds {
  private ViolationIds() {}

  public static String of(String zoneId, String vehicleKey, LocalDate enforcementDay) {
    return zoneId + "-" + enforcementDay + "-" + digest(zoneId + "|" + vehicleKey).substring(0, 20);
  }

  static String digest(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }
}
