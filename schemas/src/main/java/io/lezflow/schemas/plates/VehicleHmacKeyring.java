package io.lezflow.schemas.plates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current vehicle HMAC secret (new rows are written under it) and the previous ones (rows
 * written before a rotation stay searchable under the key they were written with, until retention
 * drops them). Holds secrets, not Macs: {@link #current()} and {@link #all()} give fresh
 * {@link VehicleHmac}s, so one keyring may serve many threads.
 *
 * <p>Configuration: {@code LEZ_SIGHTINGS_HMAC_KEY} (current) and {@code
 * LEZ_SIGHTINGS_HMAC_PREVIOUS_KEYS} (comma-separated, oldest last). {@link #toString()} shows key
 * ids only.
 */
public final class VehicleHmacKeyring {
  public static final String CURRENT_ENV = "LEZ_SIGHTINGS_HMAC_KEY";
  public static final String PREVIOUS_ENV = "LEZ_SIGHTINGS_HMAC_PREVIOUS_KEYS";

  private final String currentSecret;
  private final Map<String, String> secretsById = new LinkedHashMap<>();

  public VehicleHmacKeyring(String currentSecret, List<String> previousSecrets) {
    this.currentSecret = currentSecret;
    secretsById.put(new VehicleHmac(currentSecret).keyId(), currentSecret);
    for (String previous : previousSecrets) {
      secretsById.putIfAbsent(new VehicleHmac(previous).keyId(), previous);
    }
  }

  /** One current secret; {@code previousCsv} may be null or blank. */
  public static VehicleHmacKeyring of(String currentSecret, String previousCsv) {
    List<String> previous = new ArrayList<>();
    if (previousCsv != null) {
      for (String s : previousCsv.split(",")) if (!s.isBlank()) previous.add(s.trim());
    }
    return new VehicleHmacKeyring(currentSecret, previous);
  }

  public static VehicleHmacKeyring fromEnvironment(Map<String, String> env) {
    String current = env.get(CURRENT_ENV);
    if (current == null || current.isBlank()) {
      throw new IllegalArgumentException(CURRENT_ENV + " must be set: the secret of the vehicle hashes in sightings and hotlists");
    }
    return of(current, env.get(PREVIOUS_ENV));
  }

  public VehicleHmac current() {
    return new VehicleHmac(currentSecret);
  }

  public String currentKeyId() {
    return secretsById.keySet().iterator().next();
  }

  /** Every key, current first. */
  public List<VehicleHmac> all() {
    return secretsById.values().stream().map(VehicleHmac::new).toList();
  }

  public Optional<VehicleHmac> byId(String keyId) {
    String secret = secretsById.get(keyId);
    return secret == null ? Optional.empty() : Optional.of(new VehicleHmac(secret));
  }

  public List<String> keyIds() {
    return List.copyOf(secretsById.keySet());
  }

  @Override
  public String toString() {
    return "VehicleHmacKeyring{current=" + currentKeyId() + ", all=" + secretsById.keySet() + "}";
  }
}
