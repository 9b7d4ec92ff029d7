package io.lezflow.rules.model;

/**
 * What a vehicle is used for, as far as a zone exempts it for its use (Brussels: priority, army,
 * market and maintenance vehicles). Which uses a zone exempts is policy data ({@code
 * exemptions.uses}), not here.
 */
public enum VehicleUse {
  /** An ordinary vehicle. */
  ORDINARY,
  /** Police, fire brigade, ambulance and other priority vehicles (blue lights). */
  PRIORITY,
  /** Vehicles of the armed forces. */
  ARMY,
  /** Market and fairground vehicles (ambulant traders' vehicles). */
  MARKET,
  /** Maintenance and special-purpose works vehicles (road, utility-network maintenance). */
  MAINTENANCE;

  /** The use of a register entry: its {@code special_use}, else PRIORITY when flagged priority, else ORDINARY. */
  public static VehicleUse fromProto(io.lezflow.schemas.v1.VehicleUse use, boolean priorityFlag) {
    VehicleUse fromUse = use == null ? ORDINARY : switch (use) {
      case VEHICLE_USE_PRIORITY -> PRIORITY;
      case VEHICLE_USE_ARMY -> ARMY;
      case VEHICLE_USE_MARKET -> MARKET;
      case VEHICLE_USE_MAINTENANCE -> MAINTENANCE;
      default -> ORDINARY;
    };
    return fromUse == ORDINARY && priorityFlag ? PRIORITY : fromUse;
  }

  public io.lezflow.schemas.v1.VehicleUse toProto() {
    return io.lezflow.schemas.v1.VehicleUse.valueOf("VEHICLE_USE_" + name());
  }
}
