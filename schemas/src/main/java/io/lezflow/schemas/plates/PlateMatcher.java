package io.lezflow.schemas.plates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Finds the register entry a read plate belongs to among the few entries that share its
 * OCR-folded key ({@link OcrFold#keyOfVehicleKey}).
 *
 * <p>Rules, in order: an entry whose vehicle key equals the read key is the EXACT match;
 * otherwise the entry with the fewest confusable substitutions is the FUZZY match, ties broken
 * by a plate that fits its country's formats, then by the smaller vehicle key (so the answer does
 * not depend on the order of the entries); entries whose folded key differs are ignored. No
 * entry left means NONE. Stateless and allocation-light: it runs per read.
 */
public final class PlateMatcher {
  private PlateMatcher() {}

  /**
   * @param readVehicleKey the vehicle key as read, {@code "CC:PLATE"} (see {@code VehicleKeys.of})
   * @param registerEntries the register entries kept under the read's folded key (may hold others;
   *     they are skipped)
   * @param vehicleKeyOf the vehicle key of an entry
   */
  public static <T> PlateMatch<T> match(
      String readVehicleKey, Collection<? extends T> registerEntries, Function<? super T, String> vehicleKeyOf) {
    int colon = readVehicleKey.indexOf(':');
    String country = colon < 0 ? "" : readVehicleKey.substring(0, colon);
    String readPlate = readVehicleKey.substring(colon + 1);
    boolean readFormatValid = PlateFormats.isPossible(country, readPlate);
    String readFolded = OcrFold.keyOfVehicleKey(readVehicleKey);

    T best = null;
    String bestKey = null;
    int bestScore = Integer.MAX_VALUE;
    boolean bestFormatValid = false;
    int sameFolded = 0;
    for (T entry : registerEntries) {
      String key = vehicleKeyOf.apply(entry);
      if (key == null || key.length() != readVehicleKey.length()) continue;
      if (key.equals(readVehicleKey)) {
        int others = 0;
        for (T other : registerEntries) {
          String otherKey = vehicleKeyOf.apply(other);
          if (other != entry && otherKey != null && !otherKey.equals(key)
              && OcrFold.keyOfVehicleKey(otherKey).equals(readFolded)) others++;
        }
        return new PlateMatch<>(PlateMatch.Kind.EXACT, entry, readVehicleKey, key, List.of(), others, readFormatValid);
      }
      if (!OcrFold.keyOfVehicleKey(key).equals(readFolded)) continue;
      sameFolded++;
      int score = differences(readVehicleKey, key);
      boolean formatValid = PlateFormats.isPossible(country, key.substring(colon + 1));
      if (better(score, formatValid, key, bestScore, bestFormatValid, bestKey)) {
        best = entry;
        bestKey = key;
        bestScore = score;
        bestFormatValid = formatValid;
      }
    }
    if (best == null) {
      return new PlateMatch<>(PlateMatch.Kind.NONE, null, readVehicleKey, null, List.of(), 0, readFormatValid);
    }
    return new PlateMatch<>(
        PlateMatch.Kind.FUZZY, best, readVehicleKey, bestKey,
        substitutions(readPlate, bestKey.substring(colon + 1)), sameFolded - 1, readFormatValid);
  }

  private static boolean better(
      int score, boolean formatValid, String key, int bestScore, boolean bestFormatValid, String bestKey) {
    if (bestKey == null || score != bestScore) return score < bestScore;
    if (formatValid != bestFormatValid) return formatValid;
    return key.compareTo(bestKey) < 0;
  }

  private static int differences(String a, String b) {
    int n = 0;
    for (int i = 0; i < a.length(); i++) if (a.charAt(i) != b.charAt(i)) n++;
    return n;
  }

  private static List<PlateMatch.Substitution> substitutions(String readPlate, String registerPlate) {
    List<PlateMatch.Substitution> out = new ArrayList<>(2);
    for (int i = 0; i < readPlate.length(); i++) {
      char r = readPlate.charAt(i);
      char g = registerPlate.charAt(i);
      if (r != g) out.add(new PlateMatch.Substitution(i, r, g));
    }
    return out;
  }
}
