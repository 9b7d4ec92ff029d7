package io.lezflow.jobs.domain;

/** Fuel or drive of a vehicle as the LEZ rules use it; {@link #UNKNOWN} when the register does not say. */
public enum Fuel {
  DIESEL,
  PETROL,
  LPG,
  CNG,
  HYBRID_PETROL,
  HYBRID_DIESEL,
  ELECTRIC,
  HYDROGEN,
  UNKNOWN
}
