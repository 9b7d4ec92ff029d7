package io.lezflow.rules.facts;

import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.schemas.plates.PlateMatch;
import io.lezflow.schemas.v1.VehicleRecord;
import java.util.function.Function;

/**
 * Which register entry a read belongs to: the exact entry, a fuzzy one (an OCR-confusable plate,
 * which sends any violation to a reviewer with its score), or none.
 *
 * @param vehicle the register facts (null for NONE)
 * @param score number of confusable substitutions (0 for EXACT and NONE)
 * @param detail reviewer-readable description of the match (no plate in clear)
 */
public record VehicleMatch(Kind kind, VehicleFacts vehicle, int score, String detail) {

  public enum Kind {
    EXACT,
    FUZZY,
    NONE
  }

  public VehicleMatch {
    if ((kind == Kind.NONE) != (vehicle == null)) {
      throw new IllegalArgumentException("a " + kind + " match must " + (kind == Kind.NONE ? "not " : "") + "have a vehicle");
    }
    detail = detail == null ? "" : detail;
  }

  public static VehicleMatch exact(VehicleFacts vehicle) {
    return new VehicleMatch(Kind.EXACT, vehicle, 0, "exact register match");
  }

  public static VehicleMatch fuzzy(VehicleFacts vehicle, int score, String detail) {
    return new VehicleMatch(Kind.FUZZY, vehicle, score, detail);
  }

  public static VehicleMatch none() {
    return new VehicleMatch(Kind.NONE, null, 0, "no register entry matches");
  }

  /** From the plate matcher's answer over register entries of any type. */
  public static <T> VehicleMatch fromPlateMatch(PlateMatch<T> match, Function<? super T, VehicleFacts> factsOf) {
    return switch (match.kind()) {
      case EXACT -> exact(factsOf.apply(match.entry()));
      case FUZZY -> fuzzy(factsOf.apply(match.entry()), match.score(), match.describe());
      case NONE -> none();
    };
  }

  /** From the plate matcher's answer over register records (the usual case). */
  public static VehicleMatch fromRegister(PlateMatch<VehicleRecord> match) {
    return fromPlateMatch(match, VehicleFacts::fromRecord);
  }

  public boolean isFuzzy() {
    return kind == Kind.FUZZY;
  }

  public boolean isNone() {
    return kind == Kind.NONE;
  }
}
