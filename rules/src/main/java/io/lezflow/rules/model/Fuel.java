package io.lezflow.rules.model;

/**
 * Fuel or energy of a vehicle as the zone rules name it. Which fuels a rule treats alike (for
 * example petrol, LPG, CNG and petrol hybrids in Brussels) is said by the policy data, not here.
 */
public enum Fuel {
  DIESEL,
  PETROL,
  LPG,
  CNG,
  HYBRID_PETROL,
  HYBRID_DIESEL,
  ELECTRIC,
  HYDROGEN;

  /** The fuel of a register entry, or null when the register does not say (UNSPECIFIED). */
  public static Fuel fromProto(io.lezflow.schemas.v1.Fuel fuel) {
    if (fuel == null) return null;
    return switch (fuel) {
      case FUEL_DIESEL -> DIESEL;
      case FUEL_PETROL -> PETROL;
      case FUEL_LPG -> LPG;
      case FUEL_CNG -> CNG;
      case FUEL_HYBRID_PETROL -> HYBRID_PETROL;
      case FUEL_HYBRID_DIESEL -> HYBRID_DIESEL;
      case FUEL_ELECTRIC -> ELECTRIC;
      case FUEL_HYDROGEN -> HYDROGEN;
      default -> null;
    };
  }

  public io.lezflow.schemas.v1.Fuel toProto() {
    return io.lezflow.schemas.v1.Fuel.valueOf("FUEL_" + name());
  }

  public boolean burnsDiesel() {
    return this == DIESEL || this == HYBRID_DIESEL;
  }

  public boolean zeroEmission() {
    return this == ELECTRIC || this == HYDROGEN;
  }
}
