package io.lezflow.schemas;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a re-request on a camera's resend topic ({@link MqttTopics#resend}): the missing
 * sequence numbers as ASCII ranges, {@code "8-9,12"}. ASCII rather than Protobuf so that an
 * operator can send one by hand with {@code mosquitto_pub}.
 */
public final class ResendRequests {
  private ResendRequests() {}

  /** {@code ranges}: pairs {@code [first, last]} inclusive. */
  public static byte[] encode(List<long[]> ranges) {
    StringBuilder sb = new StringBuilder();
    for (long[] r : ranges) {
      if (sb.length() > 0) sb.append(',');
      sb.append(r[0]);
      if (r[1] != r[0]) sb.append('-').append(r[1]);
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Pairs {@code [first, last]}; malformed parts are skipped (a camera must not fail on a bad
   * request), and at most {@code maxReads} sequences are returned in total.
   */
  public static List<long[]> parse(byte[] payload, long maxReads) {
    List<long[]> ranges = new ArrayList<>();
    long total = 0;
    for (String part : new String(payload, StandardCharsets.US_ASCII).split(",")) {
      String p = part.trim();
      if (p.isEmpty()) continue;
      int dash = p.indexOf('-', 1);
      try {
        long first = Long.parseLong(dash < 0 ? p : p.substring(0, dash));
        long last = dash < 0 ? first : Long.parseLong(p.substring(dash + 1));
        if (first < 1 || last < first) continue;
        long room = maxReads - total;
        if (room <= 0) break;
        last = Math.min(last, first + room - 1);
        ranges.add(new long[] {first, last});
        total += last - first + 1;
      } catch (NumberFormatException e) {
        // skipped: see the method comment
      }
    }
    return ranges;
  }
}
