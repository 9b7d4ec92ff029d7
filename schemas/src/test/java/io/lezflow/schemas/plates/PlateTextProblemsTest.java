package io.lezflow.schemas.plates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PlateFormats#problemWith}: raw plate texts possible at the edge, and the impossible ones. */
class PlateTextProblemsTest {

  @ParameterizedTest(name = "{0} ''{1}'' is possible")
  @CsvSource({
    // Belgium: current, older (both orders), personalised, royal two digits
    "BE, 1-ABC-234", "BE, 2abc123", "BE, ABC-123", "BE, 123-ABC", "BE, 9-JOHNNY", "BE, 14",
    // Belgian OCR confusion B->8 keeps the length: still possible, the matcher downstream decides
    "BE, 1-A8C-234",
    // Netherlands: sidecodes of 6
    "NL, 12-ABC-3", "NL, XX-99-99", "NL, 1-KBB-12", "NL, AA-12",
    // France: SIV and old FNI (Corsica, overseas)
    "FR, AB-123-CD", "FR, 1234 AB 75", "FR, 123 ABC 2A", "FR, 1234 ABC 975",
    // Germany: district, letters, digits, optional E/H suffix
    "DE, B-AB 1234", "DE, M·X 1", "DE, HH AB 123E", "DE, KLE-X 999H",
    // Luxembourg
    "LU, AB 1234", "LU, 123456", "LU, 12",
    // Great Britain: current, prefix, dateless
    "GB, AB12 CDE", "GB, A123 BCD", "GB, A 1",
    // lower case and dots are separators / letters like any other
    "gb, ab12.cde",
    // other or unknown countries: generic 2..10
    "IT, AB 123 CD", "'', XY", "PL, WA 12345X"
  })
  void possiblePlates(String country, String plate) {
    assertThat(PlateFormats.problemWith(country, plate)).isEmpty();
  }

  @ParameterizedTest(name = "{0} ''{1}'' is impossible")
  @CsvSource({
    "BE, 1-ABCD-23456", // 10 > 9
    "BE, A",            // 1 < 2
    "NL, 12-ABC-34",    // 7 > 6
    "NL, AB-CD-EF",     // every Dutch plate has a digit
    "FR, ABC",          // 3 < 4
    "FR, ABCDEF",       // no digit
    "FR, 12345678",     // no letter
    "DE, B 1",          // 2 < 3
    "DE, B-AB 12345XY", // 10 > 9
    "DE, 123 456",      // no letter
    "LU, AB 12345",     // 7 > 6
    "LU, ABCD",         // no digit
    "GB, AB12 CDEF",    // 8 > 7
    "GB, ABCDE",        // no digit
    "GB, 12345",        // no letter
    "IT, ABCDEFGHIJK",  // generic: 11 > 10
    "'', X",            // generic: 1 < 2
    "BE, 1_ABC_234",    // underscore is no plate separator
    "BE, 1ÄBC234",      // letter outside A-Z
    "BE, 1-ABC-234            -", // raw text of 22 characters > 20
    "B3, 1ABC234",      // country not alpha-2
    "BEL, 1ABC234"      // country not alpha-2
  })
  void impossiblePlates(String country, String plate) {
    assertThat(PlateFormats.problemWith(country, plate)).isPresent();
  }

  @ParameterizedTest(name = "{0}: {1} ok, {2} too long")
  @CsvSource({
    "BE, 123456789, 1234567890",
    "NL, 12AB34, 12AB345",
    "FR, 1234ABC975, 1234ABCD975",
    "DE, ABC12345H, ABCD12345H",
    "LU, AB1234, AB12345",
    "GB, AB12CDE, AB12CDEF",
    "XX, ABCDE12345, ABCDE123456"
  })
  void maximumLengthIsInclusive(String country, String longest, String tooLong) {
    assertThat(PlateFormats.problemWith(country, longest)).isEmpty();
    assertThat(PlateFormats.problemWith(country, tooLong)).isPresent();
  }
}
