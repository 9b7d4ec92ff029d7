package io.lezflow.jobs.enforce;

import io.lezflow.schemas.v1.Permit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long a permit must stay in the enforcement's state: until no read or candidate that it could
 * still decide can arrive. Plain Java; the enforcement removes a permit once the watermark has
 * passed {@link #usefulUntil}.
 *
 * <ul>
 *   <li>Day pass: until a few days into the next calendar year, because the yearly limit (8 days
 *       per vehicle per calendar year in Brussels) counts every pass of its year, and a pass for
 *       31 December is still bought and honoured on 1 and 2 January.
 *   <li>Exemption and foreign registration: until they expire (open-ended exemptions never; a
 *       registration without an end is kept {@link #OPEN_REGISTRATION} after it starts, longer
 *       than any zone's registration validity, 3 years in Brussels).
 *   <li>Daily charge payment: until its day's candidates are decided (London: 3 days after).
 * </ul>
 *
 * <p>{@link #MARGIN} is added to each end so that a late read (within the allowed lateness) and a
 * candidate whose grace window ends after the permit are still decided with it.
 */
public final class PermitRetention {
  private PermitRetention() {}

  /** Longer than every zone's grace window (London: 4 days) plus the allowed lateness. */
  public static final Duration MARGIN = Duration.ofDays(7);
  /** Kept this long after its start when a registration has no end: longer than any zone's validity. */
  public static final Duration OPEN_REGISTRATION = Duration.ofDays(5 * 366);

  /** Epoch ms after which the permit can no longer decide anything; Long.MAX_VALUE = keep. */
  public static long usefulUntil(Permit permit) {
    long from = permit.getValidFromMs();
    long until = permit.getValidUntilMs();
    return switch (permit.getKind()) {
      case PERMIT_KIND_DAY_PASS -> {
        // The pass's zone-local day may be the next UTC day (evening passes east of UTC).
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(from), ZoneOffset.UTC).plusDays(1);
        yield LocalDate.of(day.getYear() + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
            + MARGIN.toMillis();
      }
      case PERMIT_KIND_EXEMPTION -> until == 0 ? Long.MAX_VALUE : plus(until, MARGIN);
      case PERMIT_KIND_FOREIGN_REGISTRATION -> until == 0 ? plus(from, OPEN_REGISTRATION.plus(MARGIN)) : plus(until, MARGIN);
      case PERMIT_KIND_DAILY_CHARGE_PAID -> plus(from, Duration.ofDays(1).plus(MARGIN));
      // An unknown kind grants nothing (the rules ignore it): nothing to keep.
      case PERMIT_KIND_UNSPECIFIED, UNRECOGNIZED -> Long.MIN_VALUE;
    };
  }

  private static long plus(long epochMs, Duration d) {
    long sum = epochMs + d.toMillis();
    return sum < epochMs ? Long.MAX_VALUE : sum;
  }
}
