package io.lezflow.schemas;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every lezflow flag, environment variable and configuration value:
 * {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT5M},
 * {@code P7D}). In schemas so that every module parses durations the same way
 * (docs/configuration.md).
 */
public final class HumanDuration {
  private HumanDuration() {}

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
  static final String EXAMPLES = "use e.g. 500ms, 90s, 5m, 1h, 7d or ISO-8601 PT5M";

  /**
   * @throws IllegalArgumentException saying what is wrong and what to type instead
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration: " + EXAMPLES);
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: " + EXAMPLES);
    }
  }

  /** The shortest form this class parses back to the same duration ({@code 90s}, {@code 7d}, {@code 250ms}). */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
    if (ms != 0 && ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
    if (ms != 0 && ms % 60_000L == 0) return ms / 60_000L + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }
}
