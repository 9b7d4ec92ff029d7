package io.lezflow.rules.policy;

import io.lezflow.rules.model.VehicleCategory;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;

/**
 * Enforcement hours for some categories: on these days of the week, from {@code from} (inclusive)
 * to {@code until} (exclusive), local time of the zone. 07:59 is outside a window from 08:00,
 * 19:59 is inside one until 20:00, 20:00 is outside.
 */
public record TimeWindow(Set<VehicleCategory> categories, Set<DayOfWeek> days, LocalTime from, LocalTime until) {

  public TimeWindow {
    categories = Set.copyOf(categories);
    days = Set.copyOf(days);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (!from.isBefore(until)) throw new IllegalArgumentException("from must be before until");
  }

  public boolean contains(VehicleCategory category, LocalDateTime localTime) {
    if (!categories.contains(category) || !days.contains(localTime.getDayOfWeek())) return false;
    LocalTime time = localTime.toLocalTime();
    return !time.isBefore(from) && time.isBefore(until);
  }

  public String describe() {
    return String.join("/", categories.stream().sorted().map(Enum::name).toList())
        + " on "
        + String.join(",", days.stream().sorted().map(d -> d.name().substring(0, 3)).toList())
        + " "
        + from
        + "-"
        + until;
  }
}
