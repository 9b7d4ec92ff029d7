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
 * Euro 4 from 2022, Euro 5 from 2026, every diesel from 2030; petrol, petrol-hybrid, LPG and CNG
 * Euro 0-1 from 2019, Euro 2 from 2026, all from 2035. Every step starts on 1 January.
 *
 * <p>The diesel Euro 5 / petrol Euro 2 step ({@link #REINSTATED_STEP}) was planned for 2025, then
 * postponed to 2027 by the Brussels Parliament (October 2024, as DESIGN.md still says); Belgium's
 * Constitutional Court struck that postponement down in 2025, and the region enforces the step with
 * warnings from 2026-01-01 and fines from {@link #REINSTATED_STEP_FINES_FROM} (The Bulletin,
 * 22/09/2025; Brussels Times). The 2018 start also began with warnings only, until 2018-09-30.
 *
 * <p>{@link #banned} is true in a warning-only period too: the pipeline records a warning as a
 * violation (same id, flagged warning-only, no fine), and the demo and end-to-end tests compare
 * violation ids. {@link #warningOnly} tells the two apart.
 *
 * <p>Never banned: L (two-wheelers), N2/N3 (trucks, under another regime), electric and hydrogen
 * vehicles, priority vehicles, and vehicles more than 30 years old (strictly after the 30th
 * anniversary of their first registration) on a historic plate. A register entry marked deleted is
 * not in the register, so it bans nothing. Foreign-registration duties are not judged here: the
 * simulator registers its foreign vehicles ({@link ForeignRegistrations}).
 */
public final class BrusselsComplianceOracle {
  private BrusselsComplianceOracle() {}

  /**
   * One step of the calendar: from {@code from}, vehicles of these fuels up to {@code maxBannedEuro}
   * are banned; before {@code finesFrom} the ban only brings warnings ({@code finesFrom} equal to
   * {@code from} when fines start at once).
   */
  record Step(String id, Set<Fuel> fuels, int maxBannedEuro, LocalDate from, LocalDate finesFrom) {
    Step(String id, Set<Fuel> fuels, int maxBannedEuro, LocalDate from) {
      this(id, fuels, maxBannedEuro, from, from);
    }

    boolean bans(VehicleRecord v) {
      return fuels.contains(v.getFuel()) && v.getEuroNorm() <= maxBannedEuro;
    }
  }

  static final Set<VehicleCategory> REGULATED_CATEGORIES =
      EnumSet.of(VehicleCategory.VEHICLE_CATEGORY_M1, VehicleCategory.VEHICLE_CATEGORY_N1,
          VehicleCategory.VEHICLE_CATEGORY_M2, VehicleCategory.VEHICLE_CATEGORY_M3);
  static final Set<Fuel> DIESEL_FUELS = EnumSet.of(Fuel.FUEL_DIESEL, Fuel.FUEL_HYBRID_DIESEL);
  static final Set<Fuel> PETROL_FUELS =
      EnumSet.of(Fuel.FUEL_PETROL, Fuel.FUEL_HYBRID_PETROL, Fuel.FUEL_LPG, Fuel.FUEL_CNG);
  static final int EVERY_NORM = Integer.MAX_VALUE;
  static final int HISTORIC_MIN_AGE_YEARS = 30;

  /**
   * The step first planned for 2025 (diesel Euro 5, petrol Euro 2): its postponement to 2027 was
   * struck down, so it bans from this day, with warnings only until the day before {@link
   * #REINSTATED_STEP_FINES_FROM}.
   */
  public static final LocalDate REINSTATED_STEP = LocalDate.of(2026, 1, 1);
  /** First day of fines for the reinstated step (The Bulletin, 22/09/2025: "fines from 1 April 2026"). */
  public static final LocalDate REINSTATED_STEP_FINES_FROM = LocalDate.of(2026, 4, 1);

  static final List<Step> STEPS = List.of(
      // Fines from 1 October 2018: the zone's first nine months were warnings only.
      new Step("diesel-euro-0-1", DIESEL_FUELS, 1, LocalDate.of(2018, 1, 1), LocalDate.of(2018, 10, 1)),
      new Step("diesel-euro-2", DIESEL_FUELS, 2, LocalDate.of(2019, 1, 1)),
      new Step("petrol-euro-0-1", PETROL_FUELS, 1, LocalDate.of(2019, 1, 1)),
      new Step("diesel-euro-3", DIESEL_FUELS, 3, LocalDate.of(2020, 1, 1)),
      new Step("diesel-euro-4", DIESEL_FUELS, 4, LocalDate.of(2022, 1, 1)),
      new Step("diesel-euro-5", DIESEL_FUELS, 5, REINSTATED_STEP, REINSTATED_STEP_FINES_FROM),
      new Step("petrol-euro-2", PETROL_FUELS, 2, REINSTATED_STEP, REINSTATED_STEP_FINES_FROM),
      new Step("diesel-out", DIESEL_FUELS, EVERY_NORM, LocalDate.of(2030, 1, 1)),
      new Step("petrol-out", PETROL_FUELS, EVERY_NORM, LocalDate.of(2035, 1, 1)));

  /**
   * True when the vehicle may not drive in the Brussels LEZ on {@code day} (without a day pass): a
   * read of it is a violation, a fine or, in a warning-only period, a warning.
   */
  public static boolean banned(VehicleRecord v, LocalDate day) {
    return banningStep(v, day) != null;
  }

  /** True when the vehicle is banned on {@code day} but the step banning it still brings warnings only. */
  public static boolean warningOnly(VehicleRecord v, LocalDate day) {
    Step step = banningStep(v, day);
    return step != null && day.isBefore(step.finesFrom());
  }

  /**
   * The step that bans the vehicle on {@code day}: of the steps in force that cover it, the one that
   * started first, since its warning period is the one that counts (a vehicle banned for years gets
   * no new warning period when a later step covers it too). Null when it is not banned.
   */
  private static Step banningStep(VehicleRecord v, LocalDate day) {
    if (v.getDeleted() || v.getPriorityVehicle()) return null;
    if (!REGULATED_CATEGORIES.contains(v.getCategory())) return null;
    if (v.getHistoricPlate() && olderThan30Years(v, day)) return null;
    Step first = null;
    for (Step step : STEPS) {
      if (step.from().isAfter(day) || !step.bans(v)) continue;
      if (first == null || step.from().isBefore(first.from())) first = step;
    }
    return first; // null: electric, hydrogen, unspecified fuel, or no step in force yet
  }

  private static boolean olderThan30Years(VehicleRecord v, LocalDate day) {
    if (v.getFirstRegistration().isEmpty()) return false;
    LocalDate firstRegistration = LocalDate.parse(v.getFirstRegistration());
    return firstRegistration.plusYears(HISTORIC_MIN_AGE_YEARS).isBefore(day);
  }
}
