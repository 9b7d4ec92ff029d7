package io.lezflow.portal.review;

import io.lezflow.portal.BadRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Keyset position in the queue: the last row's (first_seen_at, violation_id). Opaque to callers
 * (base64url), so the order can change without breaking clients that only pass it back.
 */
public record QueueCursor(Instant firstSeenAt, String violationId) {
  public String encode() {
    String raw = firstSeenAt.toString() + "|" + violationId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  public static QueueCursor decode(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar < 1 || bar == raw.length() - 1) throw new IllegalArgumentException();
      return new QueueCursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
    } catch (RuntimeException e) {
      throw new BadRequest("after: not a cursor this portal handed out (pass back next_cursor unchanged)");
    }
  }
}
