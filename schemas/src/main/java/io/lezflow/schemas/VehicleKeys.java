package io.lezflow.schemas;

import java.util.Locale;

/**
 * The vehicle key every stage agrees on: {@code COUNTRY:PLATE} with the plate upper-cased and
 * stripped of separators ({@code "1-abc-234"} from Belgium becomes {@code "BE:1ABC234"}).
 *
 * <p>It is the Kafka key of reads, register entries and permits, so that one vehicle's events
 * meet in one partition and one Flink key.
 */
public final class VehicleKeys {
  private VehicleKeys() {}

  public static final String UNKNOWN_COUNTRY = "XX";

  /** Upper-case letters and digits only; separators, spaces and dots removed. */
  public static String normalisePlate(String plateText) {
    if (plateText == null) return "";
    StringBuilder sb = new StringBuilder(plateText.length());
    for (int i = 0; i < plateText.length(); i++) {
      char c = Character.toUpperCase(plateText.charAt(i));
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) sb.append(c);
    }
    return sb.toString();
  }

  public static String normaliseCountry(String country) {
    if (country == null || country.isBlank()) return UNKNOWN_COUNTRY;
    return country.trim().toUpperCase(Locale.ROOT);
  }

  public static String of(String country, String plateText) {
    return normaliseCountry(country) + ":" + normalisePlate(plateText);
  }
}
