package io.lezflow.sim;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Register spellings of the plates the simulator uses: Belgian {@code 1-ABC-234} and the common
 * foreign ones seen in Brussels (Dutch {@code AB-123-C}, French {@code AB-123-CD}, German
 * {@code B-AB 1234}). Invariant: every generated plate matches {@link #pattern(String)} of its
 * country.
 */
final class PlateFormats {
  private PlateFormats() {}

  static final Pattern BELGIAN = Pattern.compile("[1-9]-[A-Z]{3}-[0-9]{3}");
  static final Pattern DUTCH = Pattern.compile("[A-Z]{2}-[0-9]{3}-[A-Z]");
  static final Pattern FRENCH = Pattern.compile("[A-Z]{2}-[0-9]{3}-[A-Z]{2}");
  static final Pattern GERMAN = Pattern.compile("[A-Z]{1,2}-[A-Z]{2} [1-9][0-9]{0,3}");

  static Pattern pattern(String country) {
    return switch (country) {
      case "BE" -> BELGIAN;
      case "NL" -> DUTCH;
      case "FR" -> FRENCH;
      case "DE" -> GERMAN;
      default -> throw new IllegalArgumentException("no plate format for country " + country);
    };
  }

  static String plate(String country, SplittableRandom random) {
    return switch (country) {
      case "BE" -> digit1to9(random) + "-" + letters(random, 3) + "-" + digits(random, 3);
      case "NL" -> letters(random, 2) + "-" + digits(random, 3) + "-" + letters(random, 1);
      case "FR" -> letters(random, 2) + "-" + digits(random, 3) + "-" + letters(random, 2);
      case "DE" -> letters(random, 1 + random.nextInt(2)) + "-" + letters(random, 2) + " "
          + digit1to9(random) + digits(random, random.nextInt(4));
      default -> throw new IllegalArgumentException("no plate format for country " + country);
    };
  }

  /**
   * The plate as a camera's OCR prints it: some cameras keep the separators, some drop them
   * (the vehicle key is the same either way).
   */
  static String asRead(String registerPlate, boolean withSeparators) {
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
}
