package io.lezflow.schemas.plates;

import io.lezflow.schemas.VehicleKeys;

/**
 * The OCR-confusion-aware matching key of a plate: characters an ANPR camera confuses are folded
 * to one symbol each, so a misread plate and the real one get the same key.
 *
 * <p>Folded classes (each class becomes its digit): {@code O, D, 0 -> 0}, {@code I, 1 -> 1},
 * {@code B, 8 -> 8}, {@code S, 5 -> 5}, {@code Z, 2 -> 2}, {@code G, 6 -> 6}. Folding is
 * one character to one character, so a folded plate has the length of its plate and positions
 * line up (the matcher relies on that to count substitutions).
 *
 * <p>Invariant: {@code key(c, p)} equals {@code key(c, q)} whenever {@code p} and {@code q} differ
 * only by confusable characters; the country is never folded ({@code "BE:1A8C234"} and
 * {@code "NL:1A8C234"} stay apart).
 */
public final class OcrFold {
  private OcrFold() {}

  /** Index = input character (ASCII), value = its folded symbol; 0 = not a plate character. */
  private static final char[] FOLD = new char[128];

  static {
    for (char c = 'A'; c <= 'Z'; c++) FOLD[c] = c;
    for (char c = '0'; c <= '9'; c++) FOLD[c] = c;
    FOLD['O'] = '0';
    FOLD['D'] = '0';
    FOLD['I'] = '1';
    FOLD['B'] = '8';
    FOLD['S'] = '5';
    FOLD['Z'] = '2';
    FOLD['G'] = '6';
  }

  /** The folded symbol of one upper-case plate character (the character itself if not confusable). */
  public static char fold(char c) {
    return c < 128 && FOLD[c] != 0 ? FOLD[c] : c;
  }

  /** True when an OCR could read one for the other: same folded symbol, different characters. */
  public static boolean confusable(char a, char b) {
    return a != b && fold(a) == fold(b);
  }

  /** Folds an already normalised plate (upper-case letters and digits, see {@link VehicleKeys}). */
  public static String foldPlate(String normalisedPlate) {
    char[] out = new char[normalisedPlate.length()];
    for (int i = 0; i < out.length; i++) out[i] = fold(normalisedPlate.charAt(i));
    return new String(out);
  }

  /** The matching key {@code "CC:FOLDEDPLATE"} of a plate as read (normalises first). */
  public static String key(String country, String plateText) {
    return VehicleKeys.normaliseCountry(country) + ":" + foldPlate(VehicleKeys.normalisePlate(plateText));
  }

  /**
   * The matching key of a vehicle key {@code "CC:PLATE"} (as made by {@link VehicleKeys#of}):
   * the country part is kept, the plate part folded.
   */
  public static String keyOfVehicleKey(String vehicleKey) {
    int colon = vehicleKey.indexOf(':');
    if (colon < 0) return foldPlate(vehicleKey);
    return vehicleKey.substring(0, colon + 1) + foldPlate(vehicleKey.substring(colon + 1));
  }
}
