package io.lezflow.portal.review;

import io.lezflow.portal.BadRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * What the review queue shows: filters, page size and keyset position, parsed from query
 * parameters with a 400 that names the parameter for anything malformed.
 *
 * @param policeZone not a parameter: the scope of a police caller (null for other roles)
 */
public record QueueFilter(
    String zone,
    ViolationStatus status,
    LocalDate from,
    LocalDate to,
    String violationType,
    ReviewReason reviewReason,
    Boolean warning,
    int limit,
    QueueCursor after,
    String policeZone) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public QueueFilter withPoliceZone(String zone) {
    return new QueueFilter(this.zone, status, from, to, violationType, reviewReason, warning, limit, after, zone);
  }

  public QueueFilter withAfter(QueueCursor cursor) {
    return new QueueFilter(zone, status, from, to, violationType, reviewReason, warning, limit, cursor, policeZone);
  }

  public static QueueFilter pendingReview() {
    return new QueueFilter(null, ViolationStatus.PENDING_REVIEW, null, null, null, null, null, DEFAULT_LIMIT, null, null);
  }

  /** Parses {@code zone, status, from, to, type, review_reason, kind, limit, after}; blank means absent. */
  public static QueueFilter parse(Function<String, String> param) {
    String zone = blankToNull(param.apply("zone"));
    if (zone != null && !zone.matches("[A-Za-z0-9_.-]{1,64}")) throw new BadRequest("zone: letters, digits, '_', '.', '-' only");
    String statusText = blankToNull(param.apply("status"));
    ViolationStatus status = statusText == null ? ViolationStatus.PENDING_REVIEW : ViolationStatus.parse(statusText)
        .orElseThrow(() -> new BadRequest("status: unknown value; one of " + Arrays.toString(ViolationStatus.values())));
    LocalDate from = date("from", param.apply("from"));
    LocalDate to = date("to", param.apply("to"));
    if (from != null && to != null && to.isBefore(from)) throw new BadRequest("to: must not be before from");
    String type = blankToNull(param.apply("type"));
    if (type != null && !type.matches("[A-Za-z0-9_.-]{1,64}")) throw new BadRequest("type: letters, digits, '_', '.', '-' only");
    String reasonText = blankToNull(param.apply("review_reason"));
    ReviewReason reason = reasonText == null ? null : ReviewReason.parse(reasonText)
        .orElseThrow(() -> new BadRequest("review_reason: unknown value; one of " + Arrays.toString(ReviewReason.values())));
    String kind = blankToNull(param.apply("kind"));
    Boolean warning = null;
    if (kind != null) {
      warning = switch (kind.toUpperCase()) {
        case "WARNING" -> true;
        case "FINE" -> false;
        default -> throw new BadRequest("kind: FINE or WARNING");
      };
    }
    int limit = DEFAULT_LIMIT;
    String limitText = blankToNull(param.apply("limit"));
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        throw new BadRequest("limit: a whole number from 1 to " + MAX_LIMIT);
      }
      if (limit < 1 || limit > MAX_LIMIT) throw new BadRequest("limit: a whole number from 1 to " + MAX_LIMIT);
    }
    String after = blankToNull(param.apply("after"));
    return new QueueFilter(zone, status, from, to, type, reason, warning, limit, after == null ? null : QueueCursor.decode(after), null);
  }

  /** The filters as query parameters (without cursor), for links that keep them. */
  public Map<String, String> asParams() {
    var m = new java.util.LinkedHashMap<String, String>();
    if (zone != null) m.put("zone", zone);
    m.put("status", status.name());
    if (from != null) m.put("from", from.toString());
    if (to != null) m.put("to", to.toString());
    if (violationType != null) m.put("type", violationType);
    if (reviewReason != null) m.put("review_reason", reviewReason.name());
    if (warning != null) m.put("kind", warning ? "WARNING" : "FINE");
    if (limit != DEFAULT_LIMIT) m.put("limit", Integer.toString(limit));
    return m;
  }

  private static LocalDate date(String name, String text) {
    String t = blankToNull(text);
    if (t == null) return null;
    try {
      return LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      throw new BadRequest(name + ": a date as YYYY-MM-DD");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
