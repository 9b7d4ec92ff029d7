package io.lezflow.schemas.plates;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.plates.PlateFormats.FormatCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlateFormatsTest {

  @ParameterizedTest(name = "{0} {1} is {2}")
  @CsvSource({
    // Belgium
    "BE, 1ABC234,  VALID",
    "BE, ABC123,   VALID",
    "BE, 123ABC,   VALID",
    "BE, 1AB234,   INVALID",
    "BE, 1ABC2345, INVALID",
    "BE, ABCDEFG,  INVALID",
    // Netherlands sidecodes
    "NL, AB1234,   VALID",
    "NL, 12AB34,   VALID",
    "NL, 12ABC3,   VALID",
    "NL, 1ABC23,   VALID",
    "NL, AB123C,   VALID",
    "NL, 1AB234,   VALID",
    "NL, 123456,   INVALID",
    "NL, ABCDEF,   INVALID",
    "NL, AB12345,  INVALID",
    // France SIV and FNI
    "FR, AB123CD,  VALID",
    "FR, 1234AB75, VALID",
    "FR, 12ABC2A,  VALID",
    "FR, 123AB974, VALID",
    "FR, AB123C,   INVALID",
    "FR, 12345AB75,INVALID",
    // Germany
    "DE, BAB1234,  VALID",
    "DE, MX1,      VALID",
    "DE, HHAB123E, VALID",
    "DE, MAB123H,  VALID",
    "DE, B1234,    INVALID",
    "DE, BAB0123,  INVALID",
    "DE, ABCDEF123,INVALID",
    // Luxembourg
    "LU, AB1234,   VALID",
    "LU, 12345,    VALID",
    "LU, ABC123,   INVALID",
    // Great Britain
    "GB, AB12CDE,  VALID",
    "GB, A123BCD,  VALID",
    "GB, ABC123D,  VALID",
    "GB, ABZ1234,  VALID",
    "GB, 1234AB,   VALID",
    "GB, AB12CD3,  INVALID",
    "GB, 12AB34,   INVALID",
    // Countries without known formats: nothing can be said
    "IT, AB123CD,  UNKNOWN_COUNTRY",
    "XX, 1ABC234,  UNKNOWN_COUNTRY",
  })
  void knowsTheOrdinaryFormatsOfEachCountry(String country, String plate, FormatCheck expected) {
    assertThat(PlateFormats.check(country, plate)).isEqualTo(expected);
    assertThat(PlateFormats.isPossible(country, plate)).isEqualTo(expected != FormatCheck.INVALID);
  }

  @ParameterizedTest(name = "separators or lower case are not normalised plates: {0} {1}")
  @CsvSource({"BE, 1-ABC-234", "BE, 1abc234", "NL, AB-12-34", "GB, ''"})
  void rejectsPlatesThatAreNotNormalised(String country, String plate) {
    assertThat(PlateFormats.check(country, plate)).isEqualTo(FormatCheck.INVALID);
  }

  @org.junit.jupiter.api.Test
  void listsTheCountriesItKnows() {
    assertThat(PlateFormats.countries()).contains("BE", "NL", "FR", "DE", "LU", "GB");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}: random register plates fit the register spelling and the country's formats")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"BE", "NL", "FR", "DE"})
  void randomRegisterPlatesAreValidPlatesOfTheirCountry(String country) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      String plate = PlateFormats.randomRegisterPlate(country, random);
      assertThat(PlateFormats.registerPattern(country).matcher(plate).matches()).as(plate).isTrue();
      String normalised = io.lezflow.schemas.VehicleKeys.normalisePlate(PlateFormats.asRead(plate, false));
      assertThat(PlateFormats.check(country, normalised)).as(plate).isEqualTo(FormatCheck.VALID);
      assertThat(PlateFormats.problemWith(country, plate)).as(plate).isEmpty();
    }
  }
}
