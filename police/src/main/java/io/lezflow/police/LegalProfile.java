package io.lezflow.police;

/**
 * What the law lets a police user consult (Belgian rules for ANPR data: kept at most 12 months;
 * administrative police during the first month only; after that judicial police only, on a
 * written, reasoned decision of the public prosecutor).
 */
public enum LegalProfile {
  /** Sightings of the last month only. */
  ADMINISTRATIVE,
  /** Up to the retention limit; beyond one month only with a prosecutor's decision reference. */
  JUDICIAL
}
