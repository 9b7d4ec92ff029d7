package io.lezflow.ingest.validation;

import io.lezflow.schemas.VehicleKeys;
import java.util.Map;
import java.util.Optional;

/**
 * Which plate texts are possible at all for a country, so that OCR garbage is rejected at the
 * edge instead of becoming a vehicle key.
 *
 * <p>Deliberately loose about positions, strict about alphabet and length: a misread such as
 * {@code 1A8C234} for {@code 1ABC234} (B read as 8) must still reach the OCR-folding matcher
 * downstream, so a rule here only rejects what no real plate of that country can look like
 * (wrong length after normalisation, a character outside letters/digits/separators, no digit
 * where every plate of the country has one). Unknown or other countries get a generic
 * 2..10 letters-and-digits rule.
 */
public final class PlateFormats {
  private PlateFormats() {}

  /** Longest raw plate text accepted before normalisation (separators included). */
  public static final int MAX_RAW_LENGTH = 20;

  /**
   * Length range of the normalised plate and whether every plate of the country has a digit /
   * a letter.
   */
  record Rule(int minLength, int maxLength, boolean needsDigit, boolean needsLetter) {}

  static final Rule GENERIC = new Rule(2, 10, false, false);

  // Why these numbers:
  // BE: 1-ABC-234 (7), older ABC-123 / 123-ABC (6), personalised up to 8 characters, with the
  //     index digit 9 at most 9; royal/government plates are two digits ("14"), so no letter rule.
  // NL: every sidecode has 6 characters; special series (royal "AA-12") are shorter; all have digits.
  // FR: SIV AB-123-CD (7); FNI 1234 ABC 975 up to 10, at least 4 ("1 A 01"); letters and digits.
  // DE: 1-3 letters district, 1-2 letters, 1-4 digits: at most 8, plus an E/H suffix = 9; min 3.
  // LU: AB 1234 (6) or up to 6 digits; at least 2.
  // GB: AB12 CDE (7), older A123 BCD (7), dateless down to "A 1" (2); all have a letter and a digit.
  private static final Map<String, Rule> RULES =
      Map.of(
          "BE", new Rule(2, 9, false, false),
          "NL", new Rule(2, 6, true, false),
          "FR", new Rule(4, 10, true, true),
          "DE", new Rule(3, 9, true, true),
          "LU", new Rule(2, 6, true, false),
          "GB", new Rule(2, 7, true, true));

  /**
   * Why the plate text is impossible for the country, or empty if it is plausible. The problem
   * text never repeats the plate.
   *
   * @param country country as read (may be empty: unknown country, generic rule)
   * @param plateText plate text as read, separators included
   */
  public static Optional<String> problemWith(String country, String plateText) {
    String normalisedCountry = VehicleKeys.normaliseCountry(country);
    if (!isCountryCode(normalisedCountry)) {
      return Optional.of("plate_country is not an ISO 3166-1 alpha-2 code");
    }
    if (plateText == null || plateText.isEmpty()) {
      return Optional.of("plate text is empty");
    }
    if (plateText.length() > MAX_RAW_LENGTH) {
      return Optional.of("plate text longer than " + MAX_RAW_LENGTH + " characters");
    }
    for (int i = 0; i < plateText.length(); i++) {
      if (!isPlateCharacter(plateText.charAt(i))) {
        return Optional.of("plate text contains a character that is neither A-Z, 0-9 nor a separator");
      }
    }
    String plate = VehicleKeys.normalisePlate(plateText);
    Rule rule = RULES.getOrDefault(normalisedCountry, GENERIC);
    if (plate.length() < rule.minLength() || plate.length() > rule.maxLength()) {
      return Optional.of(
          "plate of "
              + plate.length()
              + " characters, "
              + (RULES.containsKey(normalisedCountry) ? normalisedCountry : "generic")
              + " plates have "
              + rule.minLength()
              + ".."
              + rule.maxLength());
    }
    if (rule.needsDigit() && plate.chars().noneMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of("plate without a digit, every " + normalisedCountry + " plate has one");
    }
    if (rule.needsLetter() && plate.chars().noneMatch(c -> c >= 'A' && c <= 'Z')) {
      return Optional.of("plate without a letter, every " + normalisedCountry + " plate has one");
    }
    return Optional.empty();
  }

  private static boolean isCountryCode(String country) {
    return country.length() == 2
        && country.charAt(0) >= 'A' && country.charAt(0) <= 'Z'
        && country.charAt(1) >= 'A' && country.charAt(1) <= 'Z';
  }

  /** Letters and digits of the plate alphabet, and the separators cameras emit. */
  private static boolean isPlateCharacter(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == ' '
        || c == '-'
        || c == '.'
        || c == '\u00B7';
  }
}
