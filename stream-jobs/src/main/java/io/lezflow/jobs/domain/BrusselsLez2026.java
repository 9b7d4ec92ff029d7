package io.lezflow.jobs.domain;

import java.util.Map;
import java.util.Set;

/**
 * The Brussels-Capital Region LEZ as in force in 2026 (whole region, 24/7).
 *
 * <p>Cars, vans up to 3.5 t, minibuses and buses are covered. Diesel up to Euro 4 has been banned
 * since 2022 (Euro 0-1 in 2018, 2 in 2019, 3 in 2020, 4 in 2022); petrol, LPG and CNG up to Euro
 * 1 since 2019. The next step (diesel Euro 5, petrol Euro 2), first planned for 2025, was
 * postponed to 2027, so it is not part of this rule. Exempt: L category, N2/N3, electric and
 * hydrogen, vehicles older than 30 years with a historic plate, priority vehicles. Fine 350 EUR.
 */
public final class BrusselsLez2026 {
  private BrusselsLez2026() {}

  public static final String ZONE_ID = "BRU";
  public static final String RULE_NAME = "BRU-LEZ-2022-2026";
  public static final int POLICY_VERSION = 1;

  public static final ZoneRule RULE =
      new ZoneRule(
          ZONE_ID,
          RULE_NAME,
          POLICY_VERSION,
          "Europe/Brussels",
          Set.of(VehicleCategory.M1, VehicleCategory.N1, VehicleCategory.M2, VehicleCategory.M3),
          Map.of(
              Fuel.DIESEL, 4,
              Fuel.HYBRID_DIESEL, 4,
              Fuel.PETROL, 1,
              Fuel.HYBRID_PETROL, 1,
              Fuel.LPG, 1,
              Fuel.CNG, 1),
          Set.of(VehicleCategory.L, VehicleCategory.N2, VehicleCategory.N3),
          Set.of(Fuel.ELECTRIC, Fuel.HYDROGEN),
          30,
          true,
          35_000,
          "EUR");
}
