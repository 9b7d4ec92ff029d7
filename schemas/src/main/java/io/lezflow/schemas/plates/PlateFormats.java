package io.lezflow.schemas.plates;

import io.lezflow.schemas.VehicleKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one place that knows what plates look like, per country — for the matcher, the edge
 * validation and the simulator alike:
 *
 * <ul>
 *   <li>{@link #check}: which normalised plates (upper-case letters and digits, no separators) a
 *       country issues (templates; the fuzzy matcher trusts a read that fits one);
 *   <li>{@link #problemWith}: which raw plate texts are possible at all, so that OCR garbage is
 *       rejected at the edge (ingest) with a reason — loose about positions on purpose, so that
 *       a misread still reaches the matcher;
 *   <li>{@link #registerPattern}, {@link #randomRegisterPlate}, {@link #asRead}: register spellings
 *       (with separators) of the common formats, for the simulator and tests.
 * </ul>
 *
 * <p>Formats are templates where {@code @} is a letter, {@code #} a digit and any other character
 * itself; Germany is checked by a rule (its district codes make a template list impractical).
 * Templates are compiled once, grouped by length, so a check is a few array comparisons — it runs
 * per read.
 *
 * <p>The lists cover the ordinary formats in circulation (current and older series still on the
 * road); personalised, diplomatic, military and trade plates are not listed, so {@link
 * FormatCheck#INVALID} means "not an ordinary plate of that country", never "cannot exist".
 */
public final class PlateFormats {
  private PlateFormats() {}

  /** The answer of {@link #check}. */
  public enum FormatCheck {
    /** The plate fits one of the country's formats. */
    VALID,
    /** The country is known and the plate fits none of its formats. */
    INVALID,
    /** No formats are known for this country: nothing can be said. */
    UNKNOWN_COUNTRY
  }

  /** Templates per country, indexed by plate length. */
  private static final Map<String, List<char[]>[]> TEMPLATES = new HashMap<>();

  private static final int MAX_LENGTH = 10;

  static {
    // Belgium: 1-ABC-234 (since 2008), ABC-123 (1973-2008), 123-ABC (older series still seen).
    register("BE", "#@@@###", "@@@###", "###@@@");
    // Netherlands: the fourteen "sidecodes" (all six characters).
    register(
        "NL", "@@####", "####@@", "##@@##", "@@##@@", "@@@@##", "##@@@@", "##@@@#", "#@@@##",
        "@@###@", "@###@@", "@@@##@", "@##@@@", "#@@###", "###@@#");
    // France: SIV AB-123-CD (since 2009) and FNI 1234 ABC 75 (before 2009, still on the road):
    // 1-4 digits, 1-3 letters, department 01-95, 2A/2B (Corsica) or 971-976 (overseas).
    List<String> france = new ArrayList<>();
    france.add("@@###@@");
    for (int digits = 1; digits <= 4; digits++) {
      for (int letters = 1; letters <= 3; letters++) {
        String head = "#".repeat(digits) + "@".repeat(letters);
        france.add(head + "##");
        france.add(head + "###");
        france.add(head + "2A");
        france.add(head + "2B");
      }
    }
    register("FR", france.toArray(String[]::new));
    // Luxembourg: AB 1234 (current series) and the older purely numeric plates.
    register("LU", "@@####", "####", "#####", "######");
    // Great Britain: current AB12 CDE (2001), prefix A123 BCD (1983-2001), suffix ABC 123D
    // (1963-1983), dateless 1-3 letters + 1-4 digits or the reverse (incl. Northern Ireland ABZ 1234).
    List<String> gb = new ArrayList<>();
    gb.add("@@##@@@");
    for (int digits = 1; digits <= 3; digits++) {
      gb.add("@" + "#".repeat(digits) + "@@@");
      gb.add("@@@" + "#".repeat(digits) + "@");
    }
    for (int letters = 1; letters <= 3; letters++) {
      for (int digits = 1; digits <= 4; digits++) {
        gb.add("@".repeat(letters) + "#".repeat(digits));
        gb.add("#".repeat(digits) + "@".repeat(letters));
      }
    }
    register("GB", gb.toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  private static void register(String country, String... templates) {
    List<char[]>[] byLength = new List[MAX_LENGTH + 1];
    for (String template : templates) {
      int length = template.length();
      if (byLength[length] == null) byLength[length] = new ArrayList<>();
      byLength[length].add(template.toCharArray());
    }
    TEMPLATES.put(country, byLength);
  }

  /** Countries whose formats are known (ISO 3166-1 alpha-2). */
  public static Set<String> countries() {
    Set<String> all = new TreeSet<>(TEMPLATES.keySet());
    all.add("DE");
    return Collections.unmodifiableSet(all);
  }

  /**
   * Whether {@code normalisedPlate} fits one of {@code country}'s formats.
   *
   * @param country ISO 3166-1 alpha-2, upper case
   * @param normalisedPlate upper-case letters and digits only (see {@code VehicleKeys.normalisePlate})
   */
  public static FormatCheck check(String country, String normalisedPlate) {
    if (country == null || normalisedPlate == null) return FormatCheck.UNKNOWN_COUNTRY;
    if ("DE".equals(country)) return germany(normalisedPlate) ? FormatCheck.VALID : FormatCheck.INVALID;
    List<char[]>[] byLength = TEMPLATES.get(country);
    if (byLength == null) return FormatCheck.UNKNOWN_COUNTRY;
    int length = normalisedPlate.length();
    if (length == 0 || length > MAX_LENGTH || byLength[length] == null) return FormatCheck.INVALID;
    for (char[] template : byLength[length]) {
      if (fits(template, normalisedPlate)) return FormatCheck.VALID;
    }
    return FormatCheck.INVALID;
  }

  /** False only when the country is known and the plate fits none of its formats. */
  public static boolean isPossible(String country, String normalisedPlate) {
    return check(country, normalisedPlate) != FormatCheck.INVALID;
  }

  // ---------------------------------------------------------------------------------------------
  // raw plate texts at the edge
  // ---------------------------------------------------------------------------------------------

  /** Longest raw plate text accepted before normalisation (separators included). */
  public static final int MAX_RAW_LENGTH = 20;

  /**
   * Length range of the normalised plate and whether every plate of the country has a digit / a
   * letter.
   */
  private record TextRule(int minLength, int maxLength, boolean needsDigit, boolean needsLetter) {}

  private static final TextRule GENERIC = new TextRule(2, 10, false, false);

  // Why these numbers:
  // BE: 1-ABC-234 (7), older ABC-123 / 123-ABC (6), personalised up to 8 characters, with the
  //     index digit 9 at most 9; royal/government plates are two digits ("14"), so no letter rule.
  // NL: every sidecode has 6 characters; special series (royal "AA-12") are shorter; all have digits.
  // FR: SIV AB-123-CD (7); FNI 1234 ABC 975 up to 10, at least 4 ("1 A 01"); letters and digits.
  // DE: 1-3 letters district, 1-2 letters, 1-4 digits: at most 8, plus an E/H suffix = 9; min 3.
  // LU: AB 1234 (6) or up to 6 digits; at least 2.
  // GB: AB12 CDE (7), older A123 BCD (7), dateless down to "A 1" (2); all have a letter and a digit.
  private static final Map<String, TextRule> TEXT_RULES =
      Map.of(
          "BE", new TextRule(2, 9, false, false),
          "NL", new TextRule(2, 6, true, false),
          "FR", new TextRule(4, 10, true, true),
          "DE", new TextRule(3, 9, true, true),
          "LU", new TextRule(2, 6, true, false),
          "GB", new TextRule(2, 7, true, true));

  /**
   * Why the plate text is impossible for the country, or empty if it is plausible. Deliberately
   * loose about positions, strict about alphabet and length: a misread such as {@code 1A8C234}
   * for {@code 1ABC234} (B read as 8) must still reach the OCR-folding matcher downstream, so a
   * rule here only rejects what no real plate of that country can look like (wrong length after
   * normalisation, a character outside letters/digits/separators, no digit where every plate of
   * the country has one). Unknown or other countries get a generic 2..10 letters-and-digits rule.
   * The problem text never repeats the plate.
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
    TextRule rule = TEXT_RULES.getOrDefault(normalisedCountry, GENERIC);
    if (plate.length() < rule.minLength() || plate.length() > rule.maxLength()) {
      return Optional.of("plate of " + plate.length() + " characters, "
          + (TEXT_RULES.containsKey(normalisedCountry) ? normalisedCountry : "generic") + " plates have "
          + rule.minLength() + ".." + rule.maxLength());
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

  // ---------------------------------------------------------------------------------------------
  // register spellings (simulator, tests)
  // ---------------------------------------------------------------------------------------------

  private static final Map<String, Pattern> REGISTER_PATTERNS = Map.of(
      "BE", Pattern.compile("[1-9]-[A-Z]{3}-[0-9]{3}"),
      "NL", Pattern.compile("[A-Z]{2}-[0-9]{3}-[A-Z]"),
      "FR", Pattern.compile("[A-Z]{2}-[0-9]{3}-[A-Z]{2}"),
      "DE", Pattern.compile("[A-Z]{1,2}-[A-Z]{2} [1-9][0-9]{0,3}"));

  /**
   * The register spelling, separators included, of the current format of {@code country}: Belgian
   * {@code 1-ABC-234}, Dutch {@code AB-123-C}, French {@code AB-123-CD}, German {@code B-AB 1234}.
   * Every plate {@link #randomRegisterPlate} makes matches it, and {@link #check}s VALID once
   * normalised.
   *
   * @throws IllegalArgumentException for another country
   */
  public static Pattern registerPattern(String country) {
    Pattern p = REGISTER_PATTERNS.get(country);
    if (p == null) throw new IllegalArgumentException("no register spelling for country " + country);
    return p;
  }

  /** A random plate of {@code country} in its {@link #registerPattern register spelling}. */
  public static String randomRegisterPlate(String country, SplittableRandom random) {
    return switch (country) {
      case "BE" -> digit1to9(random) + "-" + letters(random, 3) + "-" + digits(random, 3);
      case "NL" -> letters(random, 2) + "-" + digits(random, 3) + "-" + letters(random, 1);
      case "FR" -> letters(random, 2) + "-" + digits(random, 3) + "-" + letters(random, 2);
      case "DE" -> letters(random, 1 + random.nextInt(2)) + "-" + letters(random, 2) + " "
          + digit1to9(random) + digits(random, random.nextInt(4));
      default -> throw new IllegalArgumentException("no register spelling for country " + country);
    };
  }

  /**
   * The plate as a camera's OCR prints it: some cameras keep the separators, some drop them (the
   * vehicle key is the same either way).
   */
  public static String asRead(String registerPlate, boolean withSeparators) {
    if (withSeparators) return registerPlate;
    StringBuilder sb = new StringBuilder(registerPlate.length());
    for (int i = 0; i < registerPlate.length(); i++) {
      char c = registerPlate.charAt(i);
      if (c != '-' && c != ' ') sb.append(c);
    }
    return sb.toString();
  }

  private static char digit1to9(SplittableRandom random) {
    return (char) ('1' + random.nextInt(9));
  }

  private static String letters(SplittableRandom random, int n) {
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) chars[i] = (char) ('A' + random.nextInt(26));
    return new String(chars);
  }

  private static String digits(SplittableRandom random, int n) {
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) chars[i] = (char) ('0' + random.nextInt(10));
    return new String(chars);
  }

  private static boolean fits(char[] template, String plate) {
    for (int i = 0; i < template.length; i++) {
      char t = template[i];
      char c = plate.charAt(i);
      boolean ok =
          switch (t) {
            case '#' -> c >= '0' && c <= '9';
            case '@' -> c >= 'A' && c <= 'Z';
            default -> c == t;
          };
      if (!ok) return false;
    }
    return true;
  }

  /**
   * Germany: district code (1-3 letters) + recognition letters (1-2) + number 1-9999 without a
   * leading zero, at most 8 characters, optionally followed by E (electric) or H (historic). The
   * separator between district and letters is lost in normalisation, so the letters are checked
   * as one run of 2-5.
   */
  private static boolean germany(String plate) {
    int end = plate.length();
    if (end > 0 && (plate.charAt(end - 1) == 'E' || plate.charAt(end - 1) == 'H')) {
      // Only a suffix when digits come before it.
      if (end >= 2 && Character.isDigit(plate.charAt(end - 2))) end--;
    }
    int letters = 0;
    while (letters < end && plate.charAt(letters) >= 'A' && plate.charAt(letters) <= 'Z') letters++;
    int digits = end - letters;
    if (letters < 2 || letters > 5 || digits < 1 || digits > 4 || letters + digits > 8) return false;
    if (plate.charAt(letters) == '0') return false;
    for (int i = letters; i < end; i++) {
      char c = plate.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
}
