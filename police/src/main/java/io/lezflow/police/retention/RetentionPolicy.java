package io.lezflow.police.retention;

import java.time.Period;
import java.util.Map;

/**
 * How long sightings are kept: {@code retention} for all (law: at most 12 months), shorter for the
 * zones listed in {@code shorterPerZone} (key: the sightings' enforcement zone id, e.g.
 * {@code "brussels"}). A per-zone retention longer than the default is refused: partitions are
 * dropped at the default for everyone.
 */
public record RetentionPolicy(Period retention, Map<String, Period> shorterPerZone) {
  public static final RetentionPolicy TWELVE_MONTHS = new RetentionPolicy(Period.ofMonths(12), Map.of());

  public RetentionPolicy {
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("sightings retention must be positive, was " + retention);
    }
    shorterPerZone = Map.copyOf(shorterPerZone);
    shorterPerZone.forEach((zone, p) -> {
      if (p.isNegative() || p.isZero() || p.toTotalMonths() * 31 + p.getDays() > retention.toTotalMonths() * 31 + retention.getDays()) {
        throw new IllegalArgumentException("retention of zone " + zone + " (" + p + ") must be positive and not longer than "
            + retention);
      }
    });
  }

  /**
   * Parses {@code "P12M"} and {@code "zone=P3M,zone2=P30D"} (null or blank: none).
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static RetentionPolicy parse(String retention, String perZone) {
    Period all = period("sightings retention", retention == null || retention.isBlank() ? "P12M" : retention.strip());
    Map<String, Period> zones = new java.util.TreeMap<>();
    if (perZone != null && !perZone.isBlank()) {
      for (String part : perZone.split(",")) {
        String[] kv = part.strip().split("=", 2);
        if (kv.length != 2 || kv[0].isBlank()) {
          throw new IllegalArgumentException("per-zone retention must be zone=PERIOD[,zone=PERIOD], was '" + part.strip() + "'");
        }
        zones.put(kv[0].strip(), period("retention of zone " + kv[0].strip(), kv[1].strip()));
      }
    }
    return new RetentionPolicy(all, zones);
  }

  private static Period period(String what, String text) {
    try {
      return Period.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(what + " must be an ISO-8601 period like P12M or P30D, was '" + text + "'");
    }
  }
}
