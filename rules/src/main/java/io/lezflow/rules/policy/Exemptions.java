package io.lezflow.rules.policy;

import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleUse;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Who a zone leaves alone whatever the emission steps say: whole categories (out of the zone's
 * scope, for good or until a date), fuels, historic vehicles, vehicles of some uses (priority,
 * army, market, maintenance). Individual documented exemptions (a vehicle adapted for a disabled
 * person, a derogation until the delivery of a compliant car ordered in time) are permits with
 * their validity, not policy.
 *
 * @param categories categories always out of scope
 * @param categoriesUntil categories out of scope until a local date (inclusive), in scope after
 *     (Brussels: L, N2, N3 until 2025-12-31, then brought in by the 2026 step)
 * @param historic null when the zone has no historic-vehicle exemption
 * @param uses the vehicle uses exempt by the zone (ORDINARY is never exempt)
 */
public record Exemptions(
    Set<VehicleCategory> categories,
    Map<VehicleCategory, LocalDate> categoriesUntil,
    Set<Fuel> fuels,
    HistoricVehicleRule historic,
    Set<VehicleUse> uses) {

  public Exemptions {
    categories = Set.copyOf(categories);
    categoriesUntil = categoriesUntil == null ? Map.of() : Map.copyOf(categoriesUntil);
    for (VehicleCategory c : categoriesUntil.keySet()) {
      if (categories.contains(c)) throw new IllegalArgumentException("category " + c + " is exempt both always and until a date");
    }
    fuels = Set.copyOf(fuels);
    uses = uses == null ? Set.of() : Set.copyOf(uses);
    if (uses.contains(VehicleUse.ORDINARY)) throw new IllegalArgumentException("ORDINARY vehicles cannot be exempt by use");
  }

  /** Categories always exempt, exempt uses. */
  public Exemptions(Set<VehicleCategory> categories, Set<Fuel> fuels, HistoricVehicleRule historic, Set<VehicleUse> uses) {
    this(categories, Map.of(), fuels, historic, uses);
  }

  /** Priority vehicles exempt or not, no other use. */
  public Exemptions(Set<VehicleCategory> categories, Set<Fuel> fuels, HistoricVehicleRule historic, boolean priorityVehicles) {
    this(categories, Map.of(), fuels, historic, priorityVehicles ? EnumSet.of(VehicleUse.PRIORITY) : Set.of());
  }

  public boolean priorityVehicles() {
    return uses.contains(VehicleUse.PRIORITY);
  }

  public boolean exemptUse(VehicleUse use) {
    return uses.contains(use);
  }

  /** Whether {@code category} is out of the zone's scope on {@code day}. */
  public boolean exemptCategory(VehicleCategory category, LocalDate day) {
    if (category == null) return false;
    if (categories.contains(category)) return true;
    LocalDate until = categoriesUntil.get(category);
    return until != null && !day.isAfter(until);
  }

  /**
   * Vehicles at least {@code minimumAgeYears} old (whole years since first registration, on the
   * day of the read), with a historic plate when {@code historicPlateRequired} (Belgium: the "O"
   * plate).
   */
  public record HistoricVehicleRule(int minimumAgeYears, boolean historicPlateRequired) {
    public HistoricVehicleRule {
      if (minimumAgeYears < 1) throw new IllegalArgumentException("minimumAgeYears must be >= 1");
    }
  }
}
