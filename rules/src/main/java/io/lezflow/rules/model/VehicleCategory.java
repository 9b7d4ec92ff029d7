package io.lezflow.rules.model;

/**
 * EU vehicle categories as the zone rules name them (M1 car, N1 van ≤ 3.5 t, M2 minibus, M3
 * bus/coach, N2 truck 3.5–12 t, N3 truck > 12 t, L motorcycles and mopeds).
 */
public enum VehicleCategory {
  M1,
  N1,
  M2,
  M3,
  N2,
  N3,
  L;

  /** The category of a register entry, or null when the register does not say (UNSPECIFIED). */
  public static VehicleCategory fromProto(io.lezflow.schemas.v1.VehicleCategory category) {
    if (category == null) return null;
    return switch (category) {
      case VEHICLE_CATEGORY_M1 -> M1;
      case VEHICLE_CATEGORY_N1 -> N1;
      case VEHICLE_CATEGORY_M2 -> M2;
      case VEHICLE_CATEGORY_M3 -> M3;
      case VEHICLE_CATEGORY_N2 -> N2;
      case VEHICLE_CATEGORY_N3 -> N3;
      case VEHICLE_CATEGORY_L -> L;
      default -> null;
    };
  }

  public io.lezflow.schemas.v1.VehicleCategory toProto() {
    return io.lezflow.schemas.v1.VehicleCategory.valueOf("VEHICLE_CATEGORY_" + name());
  }
}
