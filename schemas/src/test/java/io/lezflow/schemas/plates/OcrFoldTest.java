package io.lezflow.schemas.plates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OcrFoldTest {

  @ParameterizedTest(name = "{0} and {1} are confusable")
  @CsvSource({"O, 0", "D, 0", "O, D", "I, 1", "B, 8", "S, 5", "Z, 2", "G, 6"})
  void foldsEachConfusablePairToOneSymbol(char a, char b) {
    assertThat(OcrFold.fold(a)).isEqualTo(OcrFold.fold(b));
    assertThat(OcrFold.confusable(a, b)).isTrue();
  }

  @ParameterizedTest(name = "{0} and {1} stay apart")
  @CsvSource({"A, 4", "E, 3", "B, 3", "O, Q", "1, 7", "M, N"})
  void leavesOtherCharactersApart(char a, char b) {
    assertThat(OcrFold.confusable(a, b)).isFalse();
  }

  @ParameterizedTest(name = "{1} read as {2} folds to one key {3}")
  @CsvSource({
    "BE, 1-ABC-234, 1A8C234, BE:1A8C234",
    "BE, 1-SOD-123, 15001Z3, BE:1500123",
    "NL, GZ-12-IB,  6212I8,  NL:621218",
    "GB, AB12 CDE,  A812CDE, GB:A812C0E",
  })
  void misreadAndRealPlateShareTheKey(String country, String real, String misread, String expectedKey) {
    assertThat(OcrFold.key(country, real)).isEqualTo(expectedKey);
    assertThat(OcrFold.key(country, misread)).isEqualTo(expectedKey);
  }

  @Test
  void keepsTheCountryOutOfTheFolding() {
    assertThat(OcrFold.key("be", "1abc234")).isEqualTo("BE:1A8C234");
    assertThat(OcrFold.key("NL", "1ABC234")).isNotEqualTo(OcrFold.key("BE", "1ABC234"));
    assertThat(OcrFold.keyOfVehicleKey("DE:BOS123")).isEqualTo("DE:805123");
    assertThat(OcrFold.key(null, "ABC")).isEqualTo("XX:A8C");
  }

  @Test
  void keepsThePlateLengthSoPositionsLineUp() {
    String plate = "OIBSZGDXYZ0123456789";
    assertThat(OcrFold.foldPlate(plate)).hasSameSizeAs(plate);
  }
}
