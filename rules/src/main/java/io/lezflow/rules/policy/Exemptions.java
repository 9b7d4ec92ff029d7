package io.lezflow.rules.policy;

import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import java.util.Set;

/**
 * Who a zone leaves alone whatever the emission steps say: whole categories (out of the zone's
 * scope), fuels, historic vehicles, priority vehicles. Individual documented exemptions are
 * permits, not policy.
 *
 * @param historic null when the zone has no historic-vehicle exemption
 */
public record Exemptions(
    Set<VehicleCategory> categories, Set<Fuel> fuels, HistoricVehicleRule historic, boolean priorityVehicles) {

  public Exemptions {
    categories = Set.copyOf(categories);
    fuels = Set.copyOf(fuels);
  }

  /**
   * Vehicles at least {@code minimumAgeYears} old (whole years since first registration, on the
   * day of the read), with a historic plate when {@code historicPlateRequired}.
   */
  public record HistoricVehicleRule(int minimumAgeYears, boolean historicPlateRequired) {
    public HistoricVehicleRule {
      if (minimumAgeYears < 1) throw new IllegalArgumentException("minimumAgeYears must be >= 1");
    }
  }
}
