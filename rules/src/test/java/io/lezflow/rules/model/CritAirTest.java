package io.lezflow.rules.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CritAirTest {

  @ParameterizedTest(name = "{0} {1} Euro {2} -> {3}")
  @CsvSource({
    "M1, ELECTRIC, 0, CRIT_AIR_0",
    "M1, HYDROGEN, 0, CRIT_AIR_0",
    "M1, LPG,      3, CRIT_AIR_1",
    "M1, PETROL,   6, CRIT_AIR_1",
    "M1, PETROL,   5, CRIT_AIR_1",
    "M1, PETROL,   4, CRIT_AIR_2",
    "M1, PETROL,   3, CRIT_AIR_3",
    "M1, PETROL,   2, CRIT_AIR_3",
    "M1, PETROL,   1, UNCLASSIFIED",
    "N1, DIESEL,   6, CRIT_AIR_2",
    "M1, DIESEL,   5, CRIT_AIR_2",
    "M1, DIESEL,   4, CRIT_AIR_3",
    "M1, DIESEL,   3, CRIT_AIR_4",
    "M1, DIESEL,   2, CRIT_AIR_5",
    "M1, DIESEL,   1, UNCLASSIFIED",
    "N3, DIESEL,   6, CRIT_AIR_2",
    "N3, DIESEL,   5, CRIT_AIR_3",
    "N3, DIESEL,   4, CRIT_AIR_4",
    "M3, DIESEL,   3, CRIT_AIR_5",
    "M3, DIESEL,   2, UNCLASSIFIED",
    "L,  PETROL,   4, CRIT_AIR_1",
    "L,  PETROL,   3, CRIT_AIR_2",
    "L,  PETROL,   1, CRIT_AIR_4",
    "L,  PETROL,   0, UNCLASSIFIED",
  })
  void derivesTheClassFromCategoryFuelAndEuroNorm(VehicleCategory category, Fuel fuel, int euro, CritAir expected) {
    assertThat(CritAir.derive(category, fuel, euro)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is at least {1}: {2}")
  @CsvSource({"CRIT_AIR_3, CRIT_AIR_3, true", "CRIT_AIR_4, CRIT_AIR_3, true", "CRIT_AIR_2, CRIT_AIR_3, false",
      "UNCLASSIFIED, CRIT_AIR_5, true", "CRIT_AIR_5, UNCLASSIFIED, false"})
  void ordersClassesBySeverity(CritAir a, CritAir b, boolean atLeast) {
    assertThat(a.atLeast(b)).isEqualTo(atLeast);
  }
}
