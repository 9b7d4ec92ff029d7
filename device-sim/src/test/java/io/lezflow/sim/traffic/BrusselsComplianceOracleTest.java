package io.lezflow.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrusselsComplianceOracleTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

  @ParameterizedTest(name = "[{index}] {0} {1} Euro {2} reg {3} historic={4} priority={5} -> banned={6}")
  @CsvSource({
      // category, fuel, euro, first registration, historic plate, priority, banned
      "M1, DIESEL,         4, 2008-03-01, false, false, true",
      // Euro 5 diesel / Euro 2 petrol rows were "false" while the step stood postponed to 2027; it is fined in 2026.
      "M1, DIESEL,         5, 2012-03-01, false, false, true",
      "M1, DIESEL,         0, 1985-03-01, false, false, true",
      "M1, HYBRID_DIESEL,  4, 2009-03-01, false, false, true",
      "M1, HYBRID_DIESEL,  5, 2012-03-01, false, false, true",
      "M1, PETROL,         1, 1994-03-01, false, false, true",
      "M1, PETROL,         2, 1998-03-01, false, false, true",
      "M1, PETROL,         3, 2002-03-01, false, false, false",
      "M1, HYBRID_PETROL,  1, 1995-03-01, false, false, true",
      "M1, LPG,            1, 1995-03-01, false, false, true",
      "M1, LPG,            2, 1998-03-01, false, false, true",
      "M1, CNG,            0, 1990-03-01, false, false, true",
      "M1, CNG,            3, 2002-03-01, false, false, false",
      "N1, DIESEL,         4, 2008-03-01, false, false, true",
      "N1, DIESEL,         6, 2018-03-01, false, false, false",
      "M2, DIESEL,         3, 2003-03-01, false, false, true",
      "M3, DIESEL,         4, 2007-03-01, false, false, true",
      "M3, DIESEL,         5, 2011-03-01, false, false, true",
      "M3, DIESEL,         6, 2015-03-01, false, false, false",
      // lorries and motorcycles: in scope since 2026 (they were exempt categories until 2025-12-31)
      "N2, DIESEL,         0, 1990-03-01, false, false, true",
      "N3, DIESEL,         2, 1998-03-01, false, false, true",
      "N3, DIESEL,         6, 2016-03-01, false, false, false",
      "L,  PETROL,         0, 1988-03-01, false, false, true",
      "L,  PETROL,         3, 2008-03-01, false, false, false",
      // exempt fuels
      "M1, ELECTRIC,       0, 2020-03-01, false, false, false",
      "M1, HYDROGEN,       0, 2021-03-01, false, false, false",
      // historic plate only counts when the vehicle is older than 30 years
      "M1, PETROL,         0, 1990-03-01, true,  false, false",
      "M1, DIESEL,         0, 1996-11-27, true,  false, false",
      "M1, DIESEL,         1, 1996-11-28, true,  false, true",
      "M1, DIESEL,         2, 1999-03-01, true,  false, true",
      "M1, PETROL,         0, 1990-03-01, false, false, true",
      // priority vehicles are exempt
      "M1, DIESEL,         3, 2003-03-01, false, true,  false",
      "N1, DIESEL,         4, 2008-03-01, false, true,  false",
  })
  void theBrusselsRuleOf2026(String category, String fuel, int euro, String firstRegistration, boolean historic,
      boolean priority, boolean banned) {
    VehicleRecord vehicle = VehicleRecord.newBuilder()
        .setVehicleKey("BE:1ABC234").setPlate("1-ABC-234").setCountry("BE")
        .setCategory(VehicleCategory.valueOf("VEHICLE_CATEGORY_" + category))
        .setFuel(Fuel.valueOf("FUEL_" + fuel))
        .setEuroNorm(euro)
        .setFirstRegistration(firstRegistration)
        .setHistoricPlate(historic)
        .setPriorityVehicle(priority)
        .build();

    assertThat(BrusselsComplianceOracle.banned(vehicle, DAY)).isEqualTo(banned);
  }

  @ParameterizedTest(name = "[{index}] {0} {1} Euro {2}: 2025-12-31 banned={3}, from 2026-01-01 banned={4}, a first detection a warning={5}")
  @CsvSource({
      // category, fuel, euro, banned on 2025-12-31, banned from 2026-01-01, warning first (per vehicle) from 2026-01-01
      "M1, DIESEL,        5, false, true,  true",
      "M1, HYBRID_DIESEL, 5, false, true,  true",
      "N1, DIESEL,        5, false, true,  true",
      "M2, DIESEL,        5, false, true,  true",
      "M3, DIESEL,        5, false, true,  true",
      "M1, DIESEL,        4, true,  true,  false",
      "M1, DIESEL,        1, true,  true,  false",
      "M1, DIESEL,        6, false, false, false",
      "M1, PETROL,        2, false, true,  true",
      "M1, HYBRID_PETROL, 2, false, true,  true",
      "M1, LPG,           2, false, true,  true",
      "M1, CNG,           2, false, true,  true",
      "N1, PETROL,        2, false, true,  true",
      "M3, CNG,           2, false, true,  true",
      "M1, PETROL,        1, true,  true,  false",
      "M1, PETROL,        3, false, false, false",
      "M1, LPG,           3, false, false, false",
      "N2, DIESEL,        5, false, true,  true",
      "N3, DIESEL,        0, false, true,  true",
      "N3, DIESEL,        6, false, false, false",
      "N3, PETROL,        2, false, false, false",
      "L,  PETROL,        2, false, true,  true",
      "L,  PETROL,        3, false, false, false",
      "M1, ELECTRIC,      0, false, false, false",
      "M1, HYDROGEN,      0, false, false, false",
  })
  void theReinstatedStepWarnsEachVehicleFirstFrom2026(String category, String fuel, int euro, boolean before,
      boolean from, boolean warningFirst) {
    VehicleRecord vehicle = vehicle(category, fuel, euro, "2012-06-01");
    assertThat(BrusselsComplianceOracle.banned(vehicle, LocalDate.of(2025, 12, 31))).isEqualTo(before);
    assertThat(BrusselsComplianceOracle.warningOnly(vehicle, LocalDate.of(2025, 12, 31))).isFalse();
    for (LocalDate day : List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 1),
        LocalDate.of(2026, 11, 28), LocalDate.of(2027, 1, 1))) {
      assertThat(BrusselsComplianceOracle.banned(vehicle, day)).as("banned on %s", day).isEqualTo(from);
      assertThat(BrusselsComplianceOracle.warningOnly(vehicle, day)).as("a first detection a warning on %s", day)
          .isEqualTo(warningFirst);
    }
    assertThat(BrusselsComplianceOracle.REINSTATED_STEP).isEqualTo(LocalDate.of(2026, 1, 1));
    // First seen on 20 March: fineable from 20 June, not from 1 April.
    assertThat(BrusselsComplianceOracle.fineableFrom(LocalDate.of(2026, 3, 20))).isEqualTo(LocalDate.of(2026, 6, 20));
  }

  @ParameterizedTest(name = "[{index}] diesel Euro {0} on {1}: banned={2}, warning only={3}")
  @CsvSource({
      // the zone's start: warnings only until 2018-09-30, fines from 2018-10-01
      "1, 2017-12-31, false, false",
      "1, 2018-01-01, true,  true",
      "1, 2018-09-30, true,  true",
      "1, 2018-10-01, true,  false",
      // 2019 and 2020: January to March; 2022: until the end of June
      "2, 2019-01-01, true,  true",
      "2, 2019-03-31, true,  true",
      "2, 2019-04-01, true,  false",
      "3, 2020-03-31, true,  true",
      "3, 2020-04-01, true,  false",
      "4, 2022-06-30, true,  true",
      "4, 2022-07-01, true,  false",
  })
  void eachStepBefore2026HadAFixedWarningPeriod(int euro, LocalDate day, boolean banned, boolean warning) {
    VehicleRecord vehicle = vehicle("M1", "DIESEL", euro, "1996-06-01");
    assertThat(BrusselsComplianceOracle.banned(vehicle, day)).isEqualTo(banned);
    assertThat(BrusselsComplianceOracle.warningOnly(vehicle, day)).isEqualTo(warning);
  }

  @ParameterizedTest(name = "[{index}] {0} Euro {1}: banned from {2}")
  @CsvSource({
      // fuel, euro, first day banned (M1); the day before it is allowed
      "DIESEL, 0, 2018-01-01",
      "DIESEL, 1, 2018-01-01",
      "DIESEL, 2, 2019-01-01",
      "DIESEL, 3, 2020-01-01",
      "DIESEL, 4, 2022-01-01",
      "DIESEL, 5, 2026-01-01",
      "DIESEL, 6, 2030-01-01",
      "HYBRID_DIESEL, 6, 2030-01-01",
      "PETROL, 0, 2019-01-01",
      "PETROL, 1, 2019-01-01",
      "PETROL, 2, 2026-01-01",
      "LPG,    2, 2026-01-01",
      "PETROL, 6, 2035-01-01",
      "LPG,    5, 2035-01-01",
      "CNG,    6, 2035-01-01",
  })
  void everyStepOfTheCalendarStartsOnItsDay(String fuel, int euro, LocalDate firstBannedDay) {
    VehicleRecord vehicle = vehicle("M1", fuel, euro, "2015-06-01");
    assertThat(BrusselsComplianceOracle.banned(vehicle, firstBannedDay.minusDays(1))).as("the day before").isFalse();
    assertThat(BrusselsComplianceOracle.banned(vehicle, firstBannedDay)).as("the first day").isTrue();
    assertThat(BrusselsComplianceOracle.banned(vehicle, firstBannedDay.plusYears(3))).as("later").isTrue();
  }

  @Test
  void electricIsNeverBannedAndLorriesAndMotorcyclesOnlyFrom2026() {
    for (LocalDate day = LocalDate.of(2017, 1, 1); day.isBefore(LocalDate.of(2040, 1, 1)); day = day.plusMonths(6)) {
      boolean inScope = !day.isBefore(LocalDate.of(2026, 1, 1));
      assertThat(BrusselsComplianceOracle.banned(vehicle("M1", "ELECTRIC", 0, "2020-01-01"), day)).isFalse();
      assertThat(BrusselsComplianceOracle.banned(vehicle("L", "ELECTRIC", 0, "2020-01-01"), day)).isFalse();
      assertThat(BrusselsComplianceOracle.banned(vehicle("N3", "DIESEL", 0, "2000-01-01"), day)).as("N3 on %s", day).isEqualTo(inScope);
      assertThat(BrusselsComplianceOracle.banned(vehicle("L", "PETROL", 0, "2000-01-01"), day)).as("L on %s", day).isEqualTo(inScope);
    }
  }

  /**
   * Which of the days a vehicle was seen on make a violation, with what the earlier days brought
   * (the demo's expectation when its backlog shows a car days before today's traffic does).
   */
  @ParameterizedTest(name = "[{index}] diesel Euro {0} seen on {1} -> violations on {2}")
  @CsvSource(delimiter = ';', value = {
      // Warning-first (diesel Euro 5 from 2026): the warning, then nothing until 3 months after it.
      "5; 2026-12-04; 2026-12-04",
      "5; 2026-12-01 2026-12-04; 2026-12-01",
      "5; 2026-03-20 2026-06-19; 2026-03-20",
      "5; 2026-03-20 2026-06-20; 2026-03-20 2026-06-20",
      // After the first fine, at most one per 3 months.
      "5; 2026-03-20 2026-06-20 2026-07-01; 2026-03-20 2026-06-20",
      "5; 2026-03-20 2026-06-20 2026-09-19 2026-09-20; 2026-03-20 2026-06-20 2026-09-20",
      // In whatever order the days come.
      "5; 2026-12-04 2026-12-01; 2026-12-01",
      // Not banned before 2026, then a first warning.
      "5; 2025-12-31 2026-01-02; 2026-01-02",
      // A step without warning-first (diesel Euro 4, fines since mid-2022): every day seen.
      "4; 2026-12-01 2026-12-04; 2026-12-01 2026-12-04",
      // Compliant: none.
      "6; 2026-12-01 2026-12-04; ''",
  })
  void violationDaysFollowWarningFirstAndTheFineLimit(int euro, String seen, String expected) {
    VehicleRecord car = vehicle("M1", "DIESEL", euro, "2012-02-04");
    java.util.List<LocalDate> days = java.util.Arrays.stream(seen.split(" ")).map(LocalDate::parse).toList();
    java.util.List<LocalDate> want = expected.isBlank() ? java.util.List.of()
        : java.util.Arrays.stream(expected.split(" ")).map(LocalDate::parse).toList();
    assertThat(BrusselsComplianceOracle.violationDays(car, days)).containsExactlyElementsOf(want);
  }

  private static VehicleRecord vehicle(String category, String fuel, int euro, String firstRegistration) {
    return VehicleRecord.newBuilder()
        .setVehicleKey("BE:1ABC234").setPlate("1-ABC-234").setCountry("BE")
        .setCategory(VehicleCategory.valueOf("VEHICLE_CATEGORY_" + category))
        .setFuel(Fuel.valueOf("FUEL_" + fuel))
        .setEuroNorm(euro)
        .setFirstRegistration(firstRegistration)
        .build();
  }

  @ParameterizedTest
  @CsvSource({"true, false", "false, true"})
  void aDeletedRegisterEntryBansNothing(boolean deleted, boolean banned) {
    VehicleRecord vehicle = VehicleRecord.newBuilder()
        .setVehicleKey("BE:1ABC234").setCategory(VehicleCategory.VEHICLE_CATEGORY_M1)
        .setFuel(Fuel.FUEL_DIESEL).setEuroNorm(3).setFirstRegistration("2003-01-01").setDeleted(deleted).build();
    assertThat(BrusselsComplianceOracle.banned(vehicle, DAY)).isEqualTo(banned);
  }
}
