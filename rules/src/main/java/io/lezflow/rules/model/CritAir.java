package io.lezflow.rules.model;

/**
 * The French Crit'Air air-quality classes, cleanest first: 0 (green sticker, electric/hydrogen),
 * 1 … 5, then UNCLASSIFIED (too old for any sticker). A zone bans "class X and worse", so the
 * declaration order is the order of severity.
 */
public enum CritAir {
  CRIT_AIR_0,
  CRIT_AIR_1,
  CRIT_AIR_2,
  CRIT_AIR_3,
  CRIT_AIR_4,
  CRIT_AIR_5,
  UNCLASSIFIED;

  /** The class of a register entry's {@code crit_air} (0..5), or null for "none" (negative). */
  public static CritAir fromNumber(int number) {
    if (number < 0) return null;
    if (number > 5) return UNCLASSIFIED;
    return values()[number];
  }

  /** True when this class is {@code other} or worse. */
  public boolean atLeast(CritAir other) {
    return ordinal() >= other.ordinal();
  }

  public String label() {
    return this == UNCLASSIFIED ? "unclassified (no Crit'Air)" : "Crit'Air " + ordinal();
  }

  /**
   * The class of a vehicle without a sticker in the register, derived from its category, fuel and
   * Euro norm by the French classification (arrêté du 21 juin 2016), simplified to what the
   * register carries: plug-in hybrids cannot be told from other hybrids and are classed by their
   * fuel, and gas (LPG/CNG) vehicles are class 1.
   */
  public static CritAir derive(VehicleCategory category, Fuel fuel, int euroNorm) {
    if (fuel.zeroEmission()) return CRIT_AIR_0;
    if (fuel == Fuel.LPG || fuel == Fuel.CNG) return CRIT_AIR_1;
    boolean diesel = fuel.burnsDiesel();
    if (category == VehicleCategory.L) {
      if (euroNorm >= 4) return CRIT_AIR_1;
      if (euroNorm == 3) return CRIT_AIR_2;
      if (euroNorm == 2) return CRIT_AIR_3;
      if (euroNorm == 1) return CRIT_AIR_4;
      return UNCLASSIFIED;
    }
    boolean heavy = category == VehicleCategory.M2 || category == VehicleCategory.M3
        || category == VehicleCategory.N2 || category == VehicleCategory.N3;
    if (heavy && diesel) {
      if (euroNorm >= 6) return CRIT_AIR_2;
      if (euroNorm == 5) return CRIT_AIR_3;
      if (euroNorm == 4) return CRIT_AIR_4;
      if (euroNorm == 3) return CRIT_AIR_5;
      return UNCLASSIFIED;
    }
    if (heavy) {
      if (euroNorm >= 6) return CRIT_AIR_1;
      if (euroNorm >= 4) return CRIT_AIR_2;
      if (euroNorm >= 2) return CRIT_AIR_3;
      return UNCLASSIFIED;
    }
    if (diesel) {
      if (euroNorm >= 5) return CRIT_AIR_2;
      if (euroNorm == 4) return CRIT_AIR_3;
      if (euroNorm == 3) return CRIT_AIR_4;
      if (euroNorm == 2) return CRIT_AIR_5;
      return UNCLASSIFIED;
    }
    if (euroNorm >= 5) return CRIT_AIR_1;
    if (euroNorm == 4) return CRIT_AIR_2;
    if (euroNorm >= 2) return CRIT_AIR_3;
    return UNCLASSIFIED;
  }
}
