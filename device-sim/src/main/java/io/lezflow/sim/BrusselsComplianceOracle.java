package io.lezflow.sim;

import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/**
 * The simulator's own ground truth for the Brussels low-emission zone rule in force today (the
 * 2022 step, which holds until the step planned for 2025 and postponed to 2027): it is how the
 * simulator knows, independently of the pipeline, which of the vehicles it drives past cameras
 * must produce a violation.
 *
 * <p>Banned: cars, vans up to 3.5 t and buses (M1, N1, M2, M3) running on diesel (or
 * diesel-hybrid) up to Euro 4, or on petrol, petrol-hybrid, LPG or CNG up to Euro 1. Exempt:
 * L (two-wheelers), N2/N3 (trucks, under a different regime), electric and hydrogen vehicles,
 * vehicles older than 30 years on a historic plate, priority vehicles. A register entry marked
 * deleted is not in the register, so it bans nothing.
 */
public final class BrusselsComplianceOracle {
  private BrusselsComplianceOracle() {}

  static final Set<VehicleCategory> REGULATED_CATEGORIES =
      EnumSet.of(VehicleCategory.VEHICLE_CATEGORY_M1, VehicleCategory.VEHICLE_CATEGORY_N1,
          VehicleCategory.VEHICLE_CATEGORY_M2, VehicleCategory.VEHICLE_CATEGORY_M3);
  static final Set<Fuel> DIESEL_FUELS = EnumSet.of(Fuel.FUEL_DIESEL, Fuel.FUEL_HYBRID_DIESEL);
  static final Set<Fuel> PETROL_FUELS =
      EnumSet.of(Fuel.FUEL_PETROL, Fuel.FUEL_HYBRID_PETROL, Fuel.FUEL_LPG, Fuel.FUEL_CNG);
  static final int MAX_BANNED_DIESEL_EURO = 4;
  static final int MAX_BANNED_PETROL_EURO = 1;
  static final int HISTORIC_MIN_AGE_YEARS = 30;

  /** True when the vehicle may not drive in the Brussels LEZ on {@code day} (without a day pass). */
  public static boolean banned(VehicleRecord v, LocalDate day) {
    if (v.getDeleted() || v.getPriorityVehicle()) return false;
    if (!REGULATED_CATEGORIES.contains(v.getCategory())) return false;
    if (v.getHistoricPlate() && olderThan30Years(v, day)) return false;
    int euro = v.getEuroNorm();
    if (DIESEL_FUELS.contains(v.getFuel())) return euro <= MAX_BANNED_DIESEL_EURO;
    if (PETROL_FUELS.contains(v.getFuel())) return euro <= MAX_BANNED_PETROL_EURO;
    return false; // electric, hydrogen, unspecified: not covered by the ban
  }

  private static boolean olderThan30Years(VehicleRecord v, LocalDate day) {
    if (v.getFirstRegistration().isEmpty()) return false;
    LocalDate firstRegistration = LocalDate.parse(v.getFirstRegistration());
    return firstRegistration.plusYears(HISTORIC_MIN_AGE_YEARS).isBefore(day);
  }
}
