package io.lezflow.rules.policy;

import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleFacts;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * One step of a zone's calendar: from {@code bannedFrom} (a local date of the zone), vehicles of
 * these categories and fuels within the emission limit are banned (or, in a charging zone, owe the
 * charge). A step may start with a warning-only period: until {@code warningOnlyUntil} (inclusive)
 * the vehicles it newly bans get a warning, not a fine.
 *
 * @param id stable name used in rule ids and explanations, e.g. {@code "diesel-euro-4"}
 * @param warningOnlyUntil last local date of warnings only, or null when fines start at once
 * @param source where the date comes from (public source, or "own knowledge")
 */
public record BanStep(
    String id,
    Set<VehicleCategory> categories,
    Set<Fuel> fuels,
    EmissionLimit limit,
    LocalDate bannedFrom,
    LocalDate warningOnlyUntil,
    String source) {

  public BanStep {
    Objects.requireNonNull(id, "id");
    categories = Set.copyOf(categories);
    fuels = Set.copyOf(fuels);
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(bannedFrom, "bannedFrom");
    source = source == null ? "" : source;
  }

  /** Whether this step applies to the vehicle (whatever the date). */
  public boolean covers(VehicleFacts vehicle) {
    return categories.contains(vehicle.category()) && fuels.contains(vehicle.fuel()) && limit.bans(vehicle);
  }

  /** Whether {@code day} falls in this step's warning-only period. */
  public boolean warningOnlyOn(LocalDate day) {
    return warningOnlyUntil != null && !day.isAfter(warningOnlyUntil);
  }

  /** Reviewer-readable, e.g. {@code "step diesel-euro-4 (M1/N1 DIESEL Euro 0-4 banned from 2022-01-01)"}. */
  public String describe() {
    return "step "
        + id
        + " ("
        + String.join("/", categories.stream().sorted().map(Enum::name).toList())
        + " "
        + String.join("/", fuels.stream().sorted().map(Enum::name).toList())
        + " "
        + limit.describe()
        + " from "
        + bannedFrom
        + ")";
  }
}
