package io.lezflow.police.search;

import io.lezflow.police.LegalProfile;
import io.lezflow.police.PoliceCaller;
import io.lezflow.schemas.VehicleKeys;
import java.time.Instant;
import java.util.Optional;

/**
 * The legal checks of a search, plain Java: reason, plate, time range against the caller's legal
 * profile and the retention. Returns the first refusal, or empty when the search is allowed.
 *
 * <ul>
 *   <li>administrative: {@code from} no earlier than now minus the administrative window (one month);
 *   <li>judicial: {@code from} no earlier than now minus the retention; earlier than one month only
 *       with a case reference (the prosecutor's decision), which the audit records;
 *   <li>{@code to} may not be in the future (a minute's clock skew is tolerated) and must be after {@code from}.
 * </ul>
 */
public final class SearchRules {
  public static final int MAX_PLATE_LENGTH = 10;
  public static final int MAX_PAGE_SIZE = 100;
  private static final long CLOCK_SKEW_MS = 60_000;

  private final SearchLimits limits;

  public SearchRules(SearchLimits limits) {
    this.limits = limits;
  }

  public record Refusal(RefusalCode code, String message) {}

  public Optional<Refusal> check(PoliceCaller caller, SearchRequest request, Instant now) {
    String reason = request.reason() == null ? "" : request.reason().strip();
    if (reason.length() < limits.minReasonLength()) {
      return refuse(RefusalCode.NO_REASON, "a search needs a reason (at least " + limits.minReasonLength() + " characters)");
    }
    String plate = VehicleKeys.normalisePlate(request.plateText());
    if (plate.isEmpty() || plate.length() > MAX_PLATE_LENGTH) {
      return refuse(RefusalCode.INVALID_PLATE, "the plate must have 1 to " + MAX_PLATE_LENGTH + " letters or digits");
    }
    if (request.page() < 0 || request.pageSize() < 1 || request.pageSize() > MAX_PAGE_SIZE) {
      return refuse(RefusalCode.INVALID_PAGE, "page must be >= 0 and page size 1.." + MAX_PAGE_SIZE);
    }
    Instant from = request.from();
    Instant to = request.to();
    if (from == null || to == null || !to.isAfter(from)) {
      return refuse(RefusalCode.INVALID_RANGE, "the time range needs a start before its end");
    }
    if (to.toEpochMilli() > now.toEpochMilli() + CLOCK_SKEW_MS) {
      return refuse(RefusalCode.INVALID_RANGE, "the time range may not end in the future");
    }
    Instant oneMonthAgo = monthsBack(now, limits.administrativeWindow());
    Instant retentionStart = monthsBack(now, limits.retention());
    if (from.isBefore(retentionStart)) {
      return refuse(RefusalCode.BEYOND_RETENTION,
          "sightings are kept " + limits.retention().toTotalMonths() + " months only; nothing before " + shown(retentionStart)
              + " may be searched");
    }
    if (from.isBefore(oneMonthAgo)) {
      if (caller.profile() == LegalProfile.ADMINISTRATIVE) {
        return refuse(RefusalCode.BEYOND_ADMINISTRATIVE_MONTH,
            "an administrative search may only cover the last month (from " + shown(oneMonthAgo) + ")");
      }
      if (request.caseReference() == null || request.caseReference().isBlank()) {
        return refuse(RefusalCode.CASE_REFERENCE_REQUIRED,
            "a judicial search beyond one month needs the public prosecutor's decision reference");
      }
    }
    return Optional.empty();
  }

  /** {@code now} minus a calendar period, counted in the legal time zone (a month is a calendar month). */
  Instant monthsBack(Instant now, java.time.Period period) {
    return now.atZone(limits.legalTimeZone()).minus(period).toInstant();
  }

  /** A limit as a user reads it: minutes, in the legal time zone. */
  private String shown(Instant t) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(t.atZone(limits.legalTimeZone())) + " "
        + limits.legalTimeZone().getId();
  }

  private static Optional<Refusal> refuse(RefusalCode code, String message) {
    return Optional.of(new Refusal(code, message));
  }
}
