package io.lezflow.schemas.plates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which normalised plates (upper-case letters and digits, no separators) a country can issue.
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
