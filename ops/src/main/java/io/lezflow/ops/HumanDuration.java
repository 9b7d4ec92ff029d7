package io.lezflow.ops;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations people type on a command line: {@code 90s}, {@code 2m}, {@code 1h}, {@code 500ms}, or ISO {@code PT1M}. */
public final class HumanDuration {
  private HumanDuration() {}

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration: use e.g. 60s, 5m, 1h or PT1M");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 60s, 5m, 1h, 500ms or PT1M");
    }
  }
}
