package io.lezflow.sim.traffic;


import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.time.Period;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The simulator's own ground truth for the Brussels low-emission zone, on any date: it is how the
 * simulator knows, independently of the pipeline (and of its policy files), which of the vehicles
 * it drives past cameras must produce a violation.
 *
 * <p>The calendar ({@link #STEPS}), from the public rule (lez.brussels and the press, as
 * docs/design.md records it: the steps apply alike to cars, vans up to 3.5 t and buses/coaches,
 * the latter's Euro I..VI counted as 1..6): diesel (and diesel-hybrid) Euro 0-1 banned from 2018,
 * Euro 2 from 2019, Euro 3 from 2020, Euro 4 from 2022, Euro 5 from 2026, every diesel from 2030;
 * petrol, petrol-hybrid, LPG and CNG Euro 0-1 from 2019, Euro 2 from 2026, all from 2035. Every
 * step starts on 1 January. From 2026 also motorcycles (L) Euro 0-2 and diesel lorries (N2, N3)
 * Euro 0-V (Brussels Times 27/12/2025; The Bulletin).
 *
 * <p>Warnings before fines: the steps of 2018 to 2022 had fixed warning periods (2018: until
 * 30 September; 2019 and 2020: January to March; 2022: until the end of June). The 2026 step
 * ({@link #REINSTATED_STEP}, planned for 2025, postponed to 2027 by the Brussels Parliament in
 * October 2024, the postponement struck down by the Constitutional Court in 2025) warns per
 * vehicle: a vehicle's first detection is a warning letter, and it is fineable only {@link
 * #REINSTATED_STEP_FINEABLE_AFTER} after that warning (Brussels Times, 27/12/2025).
 *
 * <p>{@link #banned} is true in a warning-only period too: the pipeline records a warning as a
 * violation (same id, flagged warning-only, no fine), and the demo and end-to-end tests compare
 * violation ids. {@link #warningOnly} tells the two apart; it knows no history, so under the
 * 2026 step every detection is taken as the vehicle's first (a warning).
 *
 * <p>Never banned: L before 2026 and N2/N3 before 2026, electric and hydrogen vehicles, priority
 * vehicles, and vehicles more than 30 years old (strictly after the 30th anniversary of their
 * first registration) on a historic plate. A register entry marked deleted is not in the register,
 * so it bans nothing. Foreign-registration duties are not judged here: the simulator registers its
 * foreign vehicles ({@link ForeignRegistrations}).
 */
public final class BrusselsComplianceOracle {
  private BrusselsComplianceOracle() {}

  /**
   * One step of the calendar: from {@code from}, vehicles of these categories and fuels up to
   * {@code maxBannedEuro} are banned; before {@code finesFrom} the ban only brings warnings ({@code
   * finesFrom} equal to {@code from} when fines start at once); {@code warningFirst}: a vehicle's
   * first detection under the step is a warning whenever it happens.
   */
  record Step(String id, Set<VehicleCategory> categories, Set<Fuel> fuels, int maxBannedEuro, LocalDate from,
      LocalDate finesFrom, boolean warningFirst) {
    Step(String id, Set<Fuel> fuels, int maxBannedEuro, LocalDate from, LocalDate finesFrom) {
      this(id, REGULATED_CATEGORIES, fuels, maxBannedEuro, from, finesFrom, false);
    }

    Step(String id, Set<Fuel> fuels, int maxBannedEuro, LocalDate from) {
      this(id, fuels, maxBannedEuro, from, from);
    }

    boolean bans(VehicleRecord v) {
      return categories.contains(v.getCategory()) && fuels.contains(v.getFuel()) && v.getEuroNorm() <= maxBannedEuro;
    }
  }

  static final Set<VehicleCategory> REGULATED_CATEGORIES =
      EnumSet.of(VehicleCategory.VEHICLE_CATEGORY_M1, VehicleCategory.VEHICLE_CATEGORY_N1,
          VehicleCategory.VEHICLE_CATEGORY_M2, VehicleCategory.VEHICLE_CATEGORY_M3);
  static final Set<VehicleCategory> LORRIES = EnumSet.of(VehicleCategory.VEHICLE_CATEGORY_N2, VehicleCategory.VEHICLE_CATEGORY_N3);
  static final Set<VehicleCategory> TWO_WHEELERS = EnumSet.of(VehicleCategory.VEHICLE_CATEGORY_L);
  static final Set<Fuel> DIESEL_FUELS = EnumSet.of(Fuel.FUEL_DIESEL, Fuel.FUEL_HYBRID_DIESEL);
  static final Set<Fuel> PETROL_FUELS =
      EnumSet.of(Fuel.FUEL_PETROL, Fuel.FUEL_HYBRID_PETROL, Fuel.FUEL_LPG, Fuel.FUEL_CNG);
  static final Set<Fuel> COMBUSTION_FUELS = EnumSet.of(Fuel.FUEL_DIESEL, Fuel.FUEL_HYBRID_DIESEL, Fuel.FUEL_PETROL,
      Fuel.FUEL_HYBRID_PETROL, Fuel.FUEL_LPG, Fuel.FUEL_CNG);
  static final int EVERY_NORM = Integer.MAX_VALUE;
  static final int HISTORIC_MIN_AGE_YEARS = 30;

  /** The step first planned for 2025 (diesel Euro 5, petrol Euro 2): its postponement to 2027 was struck down. */
  public static final LocalDate REINSTATED_STEP = LocalDate.of(2026, 1, 1);
  /** Under the 2026 step a vehicle is fineable this long after its warning (Brussels Times, 27/12/2025). */
  public static final Period REINSTATED_STEP_FINEABLE_AFTER = Period.ofMonths(3);

  static final List<Step> STEPS = List.of(
      // Fines from 1 October 2018: the zone's first nine months were warnings only.
      new Step("diesel-euro-0-1", DIESEL_FUELS, 1, LocalDate.of(2018, 1, 1), LocalDate.of(2018, 10, 1)),
      // 2019 and 2020: three months of warnings, fines from 1 April; 2022: warnings until the end of June.
      new Step("diesel-euro-2", DIESEL_FUELS, 2, LocalDate.of(2019, 1, 1), LocalDate.of(2019, 4, 1)),
      new Step("petrol-euro-0-1", PETROL_FUELS, 1, LocalDate.of(2019, 1, 1), LocalDate.of(2019, 4, 1)),
      new Step("diesel-euro-3", DIESEL_FUELS, 3, LocalDate.of(2020, 1, 1), LocalDate.of(2020, 4, 1)),
      new Step("diesel-euro-4", DIESEL_FUELS, 4, LocalDate.of(2022, 1, 1), LocalDate.of(2022, 7, 1)),
      new Step("diesel-euro-5", REGULATED_CATEGORIES, DIESEL_FUELS, 5, REINSTATED_STEP, REINSTATED_STEP, true),
      new Step("petrol-euro-2", REGULATED_CATEGORIES, PETROL_FUELS, 2, REINSTATED_STEP, REINSTATED_STEP, true),
      new Step("lorry-diesel-euro-5", LORRIES, DIESEL_FUELS, 5, REINSTATED_STEP, REINSTATED_STEP, true),
      new Step("moto-euro-2", TWO_WHEELERS, COMBUSTION_FUELS, 2, REINSTATED_STEP, REINSTATED_STEP, true),
      new Step("diesel-out", DIESEL_FUELS, EVERY_NORM, LocalDate.of(2030, 1, 1)),
      new Step("petrol-out", PETROL_FUELS, EVERY_NORM, LocalDate.of(2035, 1, 1)));

  /**
   * True when the vehicle may not drive in the Brussels LEZ on {@code day} (without a day pass): a
   * read of it is a violation, a fine or a warning.
   */
  public static boolean banned(VehicleRecord v, LocalDate day) {
    return banningStep(v, day) != null;
  }

  /**
   * True when the vehicle is banned on {@code day} and a read of it brings a warning, not a fine:
   * the banning step's fixed warning period, or a warning-first step (taking the read as the
   * vehicle's first detection under it).
   */
  public static boolean warningOnly(VehicleRecord v, LocalDate day) {
    Step step = banningStep(v, day);
    return step != null && (step.warningFirst() || day.isBefore(step.finesFrom()));
  }

  /**
   * The days, of those a vehicle was seen on, whose detections must make a violation (a warning or
   * a fine, one id per vehicle and day), knowing what the earlier days brought: under a
   * warning-first step the first detection is a warning; a detection before {@link #fineableFrom}
   * of that warning is neither (the pipeline's WARNED_NOT_YET_FINEABLE); after it, at most one fine
   * per {@link #REINSTATED_STEP_FINEABLE_AFTER} (a second one within it is dropped by the fine limit).
   * Other steps: every day banned.
   */
  public static SortedSet<LocalDate> violationDays(VehicleRecord v, Collection<LocalDate> daysSeen) {
    SortedSet<LocalDate> out = new TreeSet<>();
    Map<String, LocalDate> warnedOn = new HashMap<>();
    Map<String, LocalDate> lastFineOn = new HashMap<>();
    for (LocalDate day : new TreeSet<>(daysSeen)) {
      Step step = banningStep(v, day);
      if (step == null) continue;
      if (!step.warningFirst()) {
        out.add(day);
        continue;
      }
      LocalDate warning = warnedOn.putIfAbsent(step.id(), day);
      if (warning == null) {
        out.add(day); // the first detection under the step: a warning
      } else if (!day.isBefore(fineableFrom(warning))) {
        LocalDate lastFine = lastFineOn.get(step.id());
        if (lastFine == null || !day.isBefore(lastFine.plus(REINSTATED_STEP_FINEABLE_AFTER))) {
          lastFineOn.put(step.id(), day);
          out.add(day);
        }
      }
    }
    return out;
  }

  /** Under the 2026 step, the first day a vehicle warned on {@code warningDay} may be fined. */
  public static LocalDate fineableFrom(LocalDate warningDay) {
    return warningDay.plus(REINSTATED_STEP_FINEABLE_AFTER);
  }

  /**
   * The step that bans the vehicle on {@code day}: of the steps in force that cover it, the one that
   * started first, since its warning period is the one that counts (a vehicle banned for years gets
   * no new warning period when a later step covers it too). Null when it is not banned.
   */
  private static Step banningStep(VehicleRecord v, LocalDate day) {
    if (v.getDeleted() || v.getPriorityVehicle()) return null;
    if (v.getHistoricPlate() && olderThan30Years(v, day)) return null;
    Step first = null;
    for (Step step : STEPS) {
      if (step.from().isAfter(day) || !step.bans(v)) continue;
      if (first == null || step.from().isBefore(first.from())) first = step;
    }
    return first; // null: electric, hydrogen, unspecified fuel, a category no step covers yet, or no step in force yet
  }

  private static boolean olderThan30Years(VehicleRecord v, LocalDate day) {
    if (v.getFirstRegistration().isEmpty()) return false;
    LocalDate firstRegistration = LocalDate.parse(v.getFirstRegistration());
    return firstRegistration.plusYears(HISTORIC_MIN_AGE_YEARS).isBefore(day);
  }
}
