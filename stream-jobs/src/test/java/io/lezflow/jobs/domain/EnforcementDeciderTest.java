package io.lezflow.jobs.domain;

import static io.lezflow.jobs.domain.Fuel.*;
import static io.lezflow.jobs.domain.Outcome.*;
import static io.lezflow.jobs.domain.VehicleCategory.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EnforcementDeciderTest {
  private static final ZoneRule BRU = BrusselsLez2026.RULE;
  /** 2026-03-10 13:00 in Brussels (CET, UTC+1). */
  private static final long NOON_10_MARCH = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();

  private final EnforcementDecider decider = new EnforcementDecider();

  @ParameterizedTest(name = "{0} {1} Euro {2} -> {3}")
  @CsvSource({
    // covered categories, diesel family: banned up to Euro 4
    "M1, DIESEL,        0, VIOLATION",
    "M1, DIESEL,        4, VIOLATION",
    "M1, DIESEL,        5, COMPLIANT",
    "M1, DIESEL,        6, COMPLIANT",
    "N1, DIESEL,        4, VIOLATION",
    "N1, DIESEL,        5, COMPLIANT",
    "M2, DIESEL,        3, VIOLATION",
    "M3, DIESEL,        4, VIOLATION",
    "M3, DIESEL,        5, COMPLIANT",
    "M1, HYBRID_DIESEL, 4, VIOLATION",
    "M1, HYBRID_DIESEL, 5, COMPLIANT",
    // petrol family: banned up to Euro 1
    "M1, PETROL,        0, VIOLATION",
    "M1, PETROL,        1, VIOLATION",
    "M1, PETROL,        2, COMPLIANT",
    "N1, PETROL,        1, VIOLATION",
    "M1, HYBRID_PETROL, 1, VIOLATION",
    "M1, HYBRID_PETROL, 2, COMPLIANT",
    "M1, LPG,           1, VIOLATION",
    "M1, LPG,           2, COMPLIANT",
    "M2, CNG,           1, VIOLATION",
    "M2, CNG,           2, COMPLIANT",
    // exempt categories, whatever the engine
    "L,  PETROL,        0, EXEMPT",
    "N2, DIESEL,        0, EXEMPT",
    "N3, DIESEL,        3, EXEMPT",
    // zero-emission drives
    "M1, ELECTRIC,      0, EXEMPT",
    "M3, HYDROGEN,      0, EXEMPT",
    // facts missing: no automatic decision
    "UNKNOWN, DIESEL,   3, UNKNOWN_VEHICLE",
    "M1, UNKNOWN,       3, UNKNOWN_VEHICLE",
    "M1, DIESEL,       -1, UNKNOWN_VEHICLE",
    // an exemption settles the case even when other facts are missing
    "UNKNOWN, ELECTRIC, 0, EXEMPT",
  })
  void emissionBanByCategoryFuelAndEuroNorm(VehicleCategory category, Fuel fuel, int euro, Outcome expected) {
    Decision decision = decider.decide(read(NOON_10_MARCH), vehicle(category, fuel, euro), BRU);

    assertThat(decision.outcome()).isEqualTo(expected);
    assertThat(decision.fineCents()).isEqualTo(expected == VIOLATION ? 35_000 : 0);
    assertThat(decision.zoneId()).isEqualTo("BRU");
    assertThat(decision.ruleName()).isEqualTo(BrusselsLez2026.RULE_NAME);
    assertThat(decision.policyVersion()).isEqualTo(BrusselsLez2026.POLICY_VERSION);
    assertThat(decision.explanation()).contains(BrusselsLez2026.RULE_NAME);
  }

  static Stream<Arguments> historicPlates() {
    return Stream.of(
        // capture day 2026-03-10 in Brussels: "more than 30 years" means first registered before 1996-03-10
        Arguments.of(true, "1996-03-09", NOON_10_MARCH, EXEMPT),
        Arguments.of(true, "1996-03-10", NOON_10_MARCH, VIOLATION),
        Arguments.of(true, "1996-03-11", NOON_10_MARCH, VIOLATION),
        Arguments.of(true, "1970-01-01", NOON_10_MARCH, EXEMPT),
        // old but no historic plate: no exemption
        Arguments.of(false, "1970-01-01", NOON_10_MARCH, VIOLATION),
        // historic plate without a usable date cannot prove its age
        Arguments.of(true, "", NOON_10_MARCH, VIOLATION),
        Arguments.of(true, "10/03/1980", NOON_10_MARCH, VIOLATION),
        // 2026-03-09T23:30Z is already 10 March in Brussels: the day counts in the zone's time zone
        Arguments.of(true, "1996-03-09", Instant.parse("2026-03-09T23:30:00Z").toEpochMilli(), EXEMPT),
        Arguments.of(true, "1996-03-08", Instant.parse("2026-03-08T22:59:59Z").toEpochMilli(), VIOLATION));
  }

  @ParameterizedTest(name = "historic={0} first registered {1} -> {3}")
  @MethodSource("historicPlates")
  void historicPlateOlderThanThirtyYearsIsExempt(boolean historic, String firstRegistration, long capturedAtMs, Outcome expected) {
    VehicleFacts diesel = vehicle(M1, DIESEL, 0);
    diesel.historicPlate = historic;
    diesel.firstRegistration = firstRegistration;

    assertThat(decider.decide(read(capturedAtMs), diesel, BRU).outcome()).isEqualTo(expected);
  }

  @Test
  void historicPlateWithoutDateSaysWhyTheExemptionWasNotApplied() {
    VehicleFacts diesel = vehicle(M1, DIESEL, 2);
    diesel.historicPlate = true;
    diesel.firstRegistration = "";

    assertThat(decider.decide(read(NOON_10_MARCH), diesel, BRU).explanation()).contains("no valid first registration date");
  }

  @ParameterizedTest(name = "priority {0} {1} Euro {2}")
  @CsvSource({"M1, DIESEL, 0", "N1, PETROL, 1", "M3, DIESEL, 4"})
  void priorityVehiclesAreExempt(VehicleCategory category, Fuel fuel, int euro) {
    VehicleFacts vehicle = vehicle(category, fuel, euro);
    vehicle.priorityVehicle = true;

    Decision decision = decider.decide(read(NOON_10_MARCH), vehicle, BRU);

    assertThat(decision.outcome()).isEqualTo(EXEMPT);
    assertThat(decision.explanation()).containsIgnoringCase("priority");
  }

  @Test
  void vehicleMissingFromTheRegisterIsUnknown() {
    assertThat(decider.decide(read(NOON_10_MARCH), null, BRU).outcome()).isEqualTo(UNKNOWN_VEHICLE);
    assertThat(decider.decide(read(NOON_10_MARCH), VehicleFacts.deletion("BE:1ABC234", 1), BRU).outcome())
        .isEqualTo(UNKNOWN_VEHICLE);
  }

  @ParameterizedTest(name = "{0} is enforcement day {1}")
  @CsvSource({
    "2026-03-10T12:00:00Z, 2026-03-10",
    "2026-03-09T22:59:59Z, 2026-03-09", // 23:59:59 CET
    "2026-03-09T23:00:00Z, 2026-03-10", // 00:00 CET
    "2026-07-01T21:59:59Z, 2026-07-01", // 23:59:59 CEST
    "2026-07-01T22:00:00Z, 2026-07-02", // 00:00 CEST
  })
  void enforcementDayIsTheCaptureDateInBrussels(String capturedAt, String expectedDay) {
    Decision decision = decider.decide(read(Instant.parse(capturedAt).toEpochMilli()), vehicle(M1, DIESEL, 3), BRU);

    assertThat(decision.enforcementDay()).isEqualTo(LocalDate.parse(expectedDay));
  }

  @Test
  void violationExplanationNamesTheVehicleFactsAndTheThreshold() {
    Decision decision = decider.decide(read(NOON_10_MARCH), vehicle(N1, DIESEL, 4), BRU);

    assertThat(decision.explanation())
        .contains("N1 DIESEL Euro 4")
        .contains("banned up to Euro 4")
        .contains("2026-03-10")
        .doesNotContain("1ABC234");
  }

  static ReadEvent read(long capturedAtMs) {
    return new ReadEvent("bru-cam-0001:1", "bru-cam-0001", capturedAtMs, "1-ABC-234", "BE", "BE:1ABC234",
        0.97f, "img/1.jpg", "ab".repeat(32), capturedAtMs + 5);
  }

  static VehicleFacts vehicle(VehicleCategory category, Fuel fuel, int euro) {
    return VehicleFacts.of("BE:1ABC234", category, fuel, euro, "2012-05-01", false, false, 1L);
  }
}
