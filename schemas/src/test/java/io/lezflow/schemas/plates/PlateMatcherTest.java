package io.lezflow.schemas.plates;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.plates.PlateMatch.Kind;
import io.lezflow.schemas.plates.PlateMatch.Substitution;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PlateMatcherTest {

  private static PlateMatch<String> match(String read, String... register) {
    return PlateMatcher.match(read, Arrays.asList(register), Function.identity());
  }

  @ParameterizedTest(name = "{0}: read {1} among [{2}] -> {3} {4} score {5}")
  @CsvSource(delimiter = '|', value = {
    "exact wins over a fuzzy neighbour       | BE:1ABC234 | BE:1A8C234 BE:1ABC234 | EXACT | BE:1ABC234 | 0",
    "one confusable substitution             | BE:1A8C234 | BE:1ABC234            | FUZZY | BE:1ABC234 | 1",
    "fewest substitutions wins               | BE:1A8C2S4 | BE:1ABC2S4 BE:1ABC254 | FUZZY | BE:1ABC2S4 | 1",
    "format-valid candidate wins a tie       | BE:1B8C234 | BE:18BC234 BE:1BBC234 | FUZZY | BE:1BBC234 | 1",
    "different folded key is not a candidate | BE:1ABC234 | BE:1ABC235            | NONE  |            | 0",
    "other country is not a candidate        | BE:1ABC234 | NL:1ABC234            | NONE  |            | 0",
    "empty register                          | BE:1ABC234 |                       | NONE  |            | 0",
  })
  void findsTheExactOrBestFuzzyEntry(
      String name, String read, String register, Kind kind, String matched, int score) {
    String[] entries = register == null ? new String[0] : register.trim().split("\\s+");
    PlateMatch<String> result = match(read, entries);
    assertThat(result.kind()).isEqualTo(kind);
    assertThat(result.matchedVehicleKey()).isEqualTo(matched);
    assertThat(result.entry()).isEqualTo(matched);
    assertThat(result.score()).isEqualTo(score);
  }

  @Test
  void keepsTheSubstitutionsAndTheAmbiguityForTheReviewer() {
    PlateMatch<String> result = match("BE:1A8C2S4", "BE:1ABC254", "BE:1ABC2S4", "BE:IABC254");
    assertThat(result.kind()).isEqualTo(Kind.FUZZY);
    assertThat(result.substitutions()).containsExactly(new Substitution(2, '8', 'B'));
    assertThat(result.otherCandidates()).isEqualTo(2);
    assertThat(result.describe()).contains("score 1", "position 3", "2 other candidate(s)").doesNotContain("1A8C2S4");
  }

  @Test
  void doesNotDependOnTheOrderOfTheEntries() {
    List<String> a = List.of("BE:1ABC254", "BE:1A8C2S4", "BE:1ABC2S4");
    List<String> b = List.of("BE:1ABC2S4", "BE:1ABC254", "BE:1A8C2S4");
    String read = "BE:1A8C254";
    assertThat(PlateMatcher.match(read, a, Function.identity()).matchedVehicleKey())
        .isEqualTo(PlateMatcher.match(read, b, Function.identity()).matchedVehicleKey());
  }

  @Test
  void worksOnAnyEntryTypeThroughTheKeyFunction() {
    record Entry(String key, String fuel) {}
    PlateMatch<Entry> result =
        PlateMatcher.match("GB:AB12CDE", List.of(new Entry("GB:A812CDE", "DIESEL")), Entry::key);
    assertThat(result.isFuzzy()).isTrue();
    assertThat(result.entry().fuel()).isEqualTo("DIESEL");
  }

  @Test
  void reportsWhetherTheReadPlateFitsItsCountry() {
    assertThat(match("BE:1ABC234").readPlateFormatValid()).isTrue();
    assertThat(match("BE:1AB234").readPlateFormatValid()).isFalse();
  }
}
