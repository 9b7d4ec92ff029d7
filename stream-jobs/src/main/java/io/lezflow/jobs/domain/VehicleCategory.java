package io.lezflow.jobs.domain;

/**
 * EU vehicle categories as the LEZ rules use them. The domain's own enum, so that the rules do not
 * depend on the wire format; {@link #UNKNOWN} stands for a register entry without a category.
 */
public enum VehicleCategory {
  /** Passenger car. */
  M1,
  /** Van up to 3.5 t. */
  N1,
  /** Minibus. */
  M2,
  /** Bus or coach. */
  M3,
  /** Truck 3.5 to 12 t. */
  N2,
  /** Truck over 12 t. */
  N3,
  /** Motorcycles and mopeds. */
  L,
  UNKNOWN
}
