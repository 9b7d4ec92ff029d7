package io.lezflow.sim;

import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The simulator's own ground truth for the Brussels low-emission zone, on any date: it is how the
 * simulator knows, independently of the pipeline (and of its policy files), which of the vehicles
 * it drives past cameras must produce a violation.
 *
 * <p>The calendar ({@link #STEPS}), from the public rule as DESIGN.md records it (lez.brussels: the
 * steps apply alike to cars, vans up to 3.5 t and buses/coaches, the latter's Euro I..VI counted as
 * 1..6): diesel (and diesel-hybrid) Euro 0-1 banned from 2018, Euro 2 from 2019, Euro 3 from 2020,
 * Euro 4 from 2022, Euro 5 from 2027 (the step planned for 2025 and postponed), every diesel from
 * 2030; petrol, petrol-hybrid, LPG and CNG Euro 0-1 from 2019, Euro 2 from 2027, all from 2035.
 * Every step starts on 1 January. Warning-only periods are not modelled (a warned vehicle is
 * banned).
 *
 * <p>Never banned: L (two-wheelers), N2/N3 (trucks, under another regime), electric and hydrogen
 * vehicles, priority vehicles, and vehicles more than 30 years old (strictly after the 30th
 * anniversary of their first registration) on a historic plate. A register entry marked deleted is
 * not in the register, so it bans nothing. Foreign-registration duties are not judged here: the
 * simulator registers its foreign vehicles ({@link ForeignRegistrations}).
 */
public final class BrusselsComplianceOracle {
  private BrusselsComplianceOracle() {}

  /** One step of the calendar: from {@code from}, vehicles of these fuels up to {@code maxBannedEuro} are banned. */
  record Step(String id, Set<Fuel> fuels, int maxBannedEuro, LocalDate from) {}

  static final Set<VehicleCategory> REGULATED_CATEGORIES =
      EnumSet.of(VehicleCategory.VEHICLE_CATEGORY_M1, VehicleCategory.VEHICLE_CATEGORY_N1,
          VehicleCategory.VEHICLE_CATEGORY_M2, VehicleCategory.VEHICLE_CATEGORY_M3);
  static final Set<Fuel> DIESEL_FUELS = EnumSet.of(Fuel.FUEL_DIESEL, Fuel.FUEL_HYBRID_DIESEL);
  static final Set<Fuel> PETROL_FUELS =
      EnumSet.of(Fuel.FUEL_PETROL, Fuel.FUEL_HYBRID_PETROL, Fuel.FUEL_LPG, Fuel.FUEL_CNG);
  static final int EVERY_NORM = Integer.MAX_VALUE;
  static final int HISTORIC_MIN_AGE_YEARS = 30;

  /** The step first planned for 2025 (diesel Euro 5, petrol Euro 2), postponed to this day. */
  public static final LocalDate POSTPONED_STEP = LocalDate.of(2027, 1, 1);

  static final List<Step> STEPS = List.of(
      new Step("diesel-euro-0-1", DIESEL_FUELS, 1, LocalDate.of(2018, 1, 1)),
      new Step("diesel-euro-2", DIESEL_FUELS, 2, LocalDate.of(2019, 1, 1)),
      new Step("petrol-euro-0-1", PETROL_FUELS, 1, LocalDate.of(2019, 1, 1)),
      new Step("diesel-euro-3", DIESEL_FUELS, 3, LocalDate.of(2020, 1, 1)),
      new Step("diesel-euro-4", DIESEL_FUELS, 4, LocalDate.of(2022, 1, 1)),
      new Step("diesel-euro-5", DIESEL_FUELS, 5, POSTPONED_STEP),
      new Step("petrol-euro-2", PETROL_FUELS, 2, POSTPONED_STEP),
      new Step("diesel-out", DIESEL_FUELS, EVERY_NORM, LocalDate.of(2030, 1, 1)),
      new Step("petrol-out", PETROL_FUELS, EVERY_NORM, LocalDate.of(2035, 1, 1)));

  /** True when the vehicle may not drive in the Brussels LEZ on {@code day} (without a day pass). */
  public static boolean banned(VehicleRecord v, LocalDate day) {
    if (v.getDeleted() || v.getPriorityVehicle()) return false;
    if (!REGULATED_CATEGORIES.contains(v.getCategory())) return false;
    if (v.getHistoricPlate() && olderThan30Years(v, day)) return false;
    int euro = v.getEuroNorm();
    for (Step step : STEPS) {
      if (!step.from().isAfter(day) && step.fuels().contains(v.getFuel()) && euro <= step.maxBannedEuro()) return true;
    }
    return false; // electric, hydrogen, unspecified fuel, or no step in force yet
  }

  private static boolean olderThan30Years(VehicleRecord v, LocalDate day) {
    if (v.getFirstRegistration().isEmpty()) return false;
    LocalDate firstRegistration = LocalDate.parse(v.getFirstRegistration());
    return firstRegistration.plusYears(HISTORIC_MIN_AGE_YEARS).isBefore(day);
  }
}
