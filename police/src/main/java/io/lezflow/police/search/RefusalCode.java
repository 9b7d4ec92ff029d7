package io.lezflow.police.search;

/** Why a search was refused: a stable code (audited, shown to the user with a message). */
public enum RefusalCode {
  /** No reason, or one too short to say anything. */
  NO_REASON,
  /** The plate is empty or longer than any plate. */
  INVALID_PLATE,
  /** The time range is empty, reversed or in the future. */
  INVALID_RANGE,
  /** An administrative profile asked for more than the last month. */
  BEYOND_ADMINISTRATIVE_MONTH,
  /** A judicial search beyond one month without the prosecutor's decision reference. */
  CASE_REFERENCE_REQUIRED,
  /** Older than the sightings retention: nothing is kept, nothing may be asked. */
  BEYOND_RETENTION,
  /** The page or page size is out of bounds. */
  INVALID_PAGE,
  /** Too many searches by this user in the rate window (no trawling). */
  RATE_LIMITED
}
