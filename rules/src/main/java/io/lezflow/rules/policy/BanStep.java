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
 * charge). Warnings before fines come in two kinds, both policy data:
 *
 * <ul>
 *   <li>a fixed {@link WarningPeriod} (dates): every detection in it is a warning, never a fine;
 *   <li>a per-vehicle {@link WarningFirst} rule: the vehicle's first detection is a warning, and it
 *       is fineable only N months after that warning.
 * </ul>
 *
 * <p>A step may have both (the fixed period first); most have neither (fines from the first day).
 *
 * @param id stable name used in rule ids and explanations, e.g. {@code "diesel-euro-4"}
 * @param warningPeriod fixed warning-only dates, or null
 * @param warningFirst per-vehicle warning-first rule, or null
 * @param source where the date comes from (public source, or "own knowledge")
 */
public record BanStep(
    String id,
    Set<VehicleCategory> categories,
    Set<Fuel> fuels,
    EmissionLimit limit,
    LocalDate bannedFrom,
    WarningPeriod warningPeriod,
    WarningFirst warningFirst,
    String source) {

  public BanStep {
    Objects.requireNonNull(id, "id");
    categories = Set.copyOf(categories);
    fuels = Set.copyOf(fuels);
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(bannedFrom, "bannedFrom");
    source = source == null ? "" : source;
  }

  /** A step with at most a fixed warning period and no warning-first rule. */
  public BanStep(
      String id, Set<VehicleCategory> categories, Set<Fuel> fuels, EmissionLimit limit, LocalDate bannedFrom,
      WarningPeriod warningPeriod, String source) {
    this(id, categories, fuels, limit, bannedFrom, warningPeriod, null, source);
  }

  /** Whether this step applies to the vehicle (whatever the date). */
  public boolean covers(VehicleFacts vehicle) {
    return categories.contains(vehicle.category()) && fuels.contains(vehicle.fuel()) && limit.bans(vehicle);
  }

  /** Whether {@code day} falls in this step's fixed warning period. */
  public boolean warningOnlyOn(LocalDate day) {
    return warningPeriod != null && warningPeriod.covers(day);
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
