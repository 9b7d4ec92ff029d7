package io.lezflow.police.search;

import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;

/**
 * The limits a search runs under (typed configuration, validated here).
 *
 * @param retention how long sightings are kept (law: at most 12 months); nothing older may be asked
 * @param administrativeWindow how far back an administrative profile may look (law: one month);
 *     also how far a judicial one may look without a prosecutor's decision
 * @param legalTimeZone months are counted in this zone's calendar
 * @param maxSightings most sightings one search reads (more: the result says "narrow the range")
 * @param passageGap a pause longer than this between two sightings of a vehicle starts a new passage
 * @param searchesPerWindow most searches (allowed or refused) one user may run in {@code rateWindow}
 * @param minReasonLength a reason shorter than this (after trimming) is no reason
 */
public record SearchLimits(
    Period retention,
    Period administrativeWindow,
    ZoneId legalTimeZone,
    int maxSightings,
    Duration passageGap,
    int searchesPerWindow,
    Duration rateWindow,
    int minReasonLength) {

  public static final SearchLimits BELGIAN_LAW = new SearchLimits(Period.ofMonths(12), Period.ofMonths(1),
      ZoneId.of("Europe/Brussels"), 5_000, Duration.ofMinutes(30), 20, Duration.ofMinutes(10), 8);

  public SearchLimits {
    if (retention == null || retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be positive");
    if (administrativeWindow == null || administrativeWindow.isNegative() || administrativeWindow.isZero()) {
      throw new IllegalArgumentException("administrativeWindow must be positive");
    }
    if (maxSightings < 1) throw new IllegalArgumentException("maxSightings must be >= 1");
    if (passageGap == null || passageGap.isNegative() || passageGap.isZero()) throw new IllegalArgumentException("passageGap must be positive");
    if (searchesPerWindow < 1) throw new IllegalArgumentException("searchesPerWindow must be >= 1");
    if (rateWindow == null || rateWindow.isNegative() || rateWindow.isZero()) throw new IllegalArgumentException("rateWindow must be positive");
  }

  public SearchLimits withRate(int searches, Duration window) {
    return new SearchLimits(retention, administrativeWindow, legalTimeZone, maxSightings, passageGap, searches, window, minReasonLength);
  }

  public SearchLimits withRetention(Period newRetention) {
    return new SearchLimits(newRetention, administrativeWindow, legalTimeZone, maxSightings, passageGap, searchesPerWindow, rateWindow,
        minReasonLength);
  }
}
