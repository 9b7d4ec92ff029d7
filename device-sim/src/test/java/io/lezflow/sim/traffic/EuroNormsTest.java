package io.lezflow.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EuroNormsTest {

  @ParameterizedTest(name = "registered {0}: Euro {1}..{2}")
  @CsvSource({
      "1985, 0, 0",
      "1991, 0, 0",
      "1992, 0, 1",
      "1994, 1, 1",
      "1996, 1, 2",
      "1998, 2, 2",
      "2000, 2, 3",
      "2003, 3, 3",
      "2005, 3, 4",
      "2007, 4, 4",
      "2009, 4, 5",
      "2010, 4, 5",
      "2012, 5, 5",
      "2014, 5, 6",
      "2015, 6, 6",
      "2026, 6, 6",
  })
  void normRangeOfARegistrationYear(int year, int lowest, int highest) {
    assertThat(EuroNorms.lowest(year)).isEqualTo(lowest);
    assertThat(EuroNorms.highest(year)).isEqualTo(highest);
  }

  @Test
  void rangesNeverShrinkOrGoBackInTime() {
    for (int year = 1970; year <= 2030; year++) {
      assertThat(EuroNorms.lowest(year)).isLessThanOrEqualTo(EuroNorms.highest(year));
      assertThat(EuroNorms.lowest(year + 1)).isGreaterThanOrEqualTo(EuroNorms.lowest(year));
      assertThat(EuroNorms.highest(year + 1)).isGreaterThanOrEqualTo(EuroNorms.highest(year));
    }
  }
}
