package io.lezflow.sim.traffic;

/**
 * Which Euro emission norm a vehicle first registered in a given year can have.
 *
 * <p>A norm became mandatory for new type approvals one year and for all new registrations a
 * year or two later (Euro 1 1992, 2 1996, 3 2000/01, 4 2005/06, 5 2009/11, 6 2014/15; Euro 7 is
 * not in force yet), so a transition year allows either the old or the new norm. Invariant:
 * {@code lowest(year) <= highest(year)} and both never decrease with the year.
 */
final class EuroNorms {
  private EuroNorms() {}

  /** Lowest norm a new vehicle registered in {@code year} can have. */
  static int lowest(int year) {
    if (year <= 1992) return 0;
    if (year <= 1996) return 1;
    if (year <= 2000) return 2;
    if (year <= 2005) return 3;
    if (year <= 2010) return 4;
    if (year <= 2014) return 5;
    return 6;
  }

  /** Highest norm a new vehicle registered in {@code year} can have. */
  static int highest(int year) {
    if (year < 1992) return 0;
    if (year < 1996) return 1;
    if (year < 2000) return 2;
    if (year < 2005) return 3;
    if (year < 2009) return 4;
    if (year < 2014) return 5;
    return 6;
  }
}
