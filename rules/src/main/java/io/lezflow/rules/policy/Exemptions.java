package io.lezflow.rules.policy;

import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleUse;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who a zone leaves alone whatever the emission steps say: whole categories (out of the zone's
 * scope), fuels, historic vehicles, vehicles of some uses (priority, army, market, maintenance).
 * Individual documented exemptions (a vehicle adapted for a disabled person, a derogation until
 * the delivery of a compliant car ordered in time) are permits with their validity, not policy.
 *
 * @param historic null when the zone has no historic-vehicle exemption
 * @param uses the vehicle uses exempt by the zone (ORDINARY is never exempt)
 */
public record Exemptions(
    Set<VehicleCategory> categories, Set<Fuel> fuels, HistoricVehicleRule historic, Set<VehicleUse> uses) {

  public Exemptions {
    categories = Set.copyOf(categories);
    fuels = Set.copyOf(fuels);
    uses = uses == null ? Set.of() : Set.copyOf(uses);
    if (uses.contains(VehicleUse.ORDINARY)) throw new IllegalArgumentException("ORDINARY vehicles cannot be exempt by use");
  }

  /** Priority vehicles exempt or not, no other use. */
  public Exemptions(Set<VehicleCategory> categories, Set<Fuel> fuels, HistoricVehicleRule historic, boolean priorityVehicles) {
    this(categories, fuels, historic, priorityVehicles ? EnumSet.of(VehicleUse.PRIORITY) : Set.of());
  }

  public boolean priorityVehicles() {
    return uses.contains(VehicleUse.PRIORITY);
  }

  public boolean exemptUse(VehicleUse use) {
    return uses.contains(use);
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
