package io.lezflow.rules.policy;

import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.model.ViolationType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One version of one zone's rules, as data: what is banned from when, who is exempt, which permits
 * the zone sells, what a violation costs and how often a vehicle may be fined. Adding a city is
 * adding one of these (a JSON file, see {@code ZonePolicyJson}), not code.
 *
 * <p>Immutable and validated when parsed; it reads no clock. All calendar rules (ban dates, days
 * of passes and charges, enforcement hours) are in the zone's {@code timeZone}; a version applies
 * to reads captured at or after {@code effectiveFrom} until a higher version takes over (see
 * {@link PolicyTimeline}).
 *
 * @param manualReviewBelowConfidence OCR confidence under which a violation goes to a reviewer
 *     instead of being issued automatically
 * @param domesticCountries plate countries that need no foreign registration
 * @param enforcementWindows when non-empty, violations count only inside a window for the
 *     vehicle's category (Paris); empty = always
 * @param chargeFreeDays days of the year without enforcement (London: 25 December)
 * @param sources where the rules come from, by block name (e.g. {@code "fines"}); ban steps carry
 *     their own source
 */
public record ZonePolicy(
    String zoneId,
    int version,
    String name,
    Instant effectiveFrom,
    ZoneId timeZone,
    String currency,
    EnforcementKind enforcement,
    Set<String> domesticCountries,
    double manualReviewBelowConfidence,
    List<BanStep> banSteps,
    List<TimeWindow> enforcementWindows,
    Set<MonthDay> chargeFreeDays,
    Exemptions exemptions,
    List<FineRule> fines,
    FineLimits fineLimits,
    Optional<DayPassRule> dayPass,
    Optional<ForeignRegistrationRule> foreignRegistration,
    Optional<DailyChargeRule> dailyCharge,
    Map<String, String> sources) {

  public ZonePolicy {
    Objects.requireNonNull(zoneId, "zoneId");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(enforcement, "enforcement");
    name = name == null ? zoneId : name;
    domesticCountries = Set.copyOf(domesticCountries);
    banSteps = List.copyOf(banSteps);
    enforcementWindows = List.copyOf(enforcementWindows);
    chargeFreeDays = Set.copyOf(chargeFreeDays);
    Objects.requireNonNull(exemptions, "exemptions");
    fines = List.copyOf(fines);
    fineLimits = fineLimits == null ? FineLimits.NONE : fineLimits;
    dayPass = dayPass == null ? Optional.empty() : dayPass;
    foreignRegistration = foreignRegistration == null ? Optional.empty() : foreignRegistration;
    dailyCharge = dailyCharge == null ? Optional.empty() : dailyCharge;
    sources = Map.copyOf(sources);
  }

  /** {@code "brussels v1"}: how explanations and rule ids name this version. */
  public String label() {
    return zoneId + " v" + version;
  }

  /** The enforcement day of an instant: its calendar date in the zone's time zone. */
  public LocalDate enforcementDay(Instant instant) {
    return LocalDate.ofInstant(instant, timeZone);
  }

  public LocalDateTime localTime(Instant instant) {
    return LocalDateTime.ofInstant(instant, timeZone);
  }

  /** 00:00 of {@code day} in the zone (the first instant of that day; DST-safe). */
  public Instant startOf(LocalDate day) {
    return day.atStartOfDay(timeZone).toInstant();
  }

  /** {@code time} on {@code day} in the zone. */
  public Instant at(LocalDate day, LocalTime time) {
    return ZonedDateTime.of(day, time, timeZone).toInstant();
  }

  /**
   * The step that bans this vehicle on {@code day}: of the steps that cover it and have started,
   * the one that started first (it is the step the vehicle has been banned by longest, and the one
   * whose warning period counts). Null when the vehicle is not banned on that day.
   */
  public BanStep banStepFor(VehicleFacts vehicle, LocalDate day) {
    BanStep first = null;
    for (BanStep step : banSteps) {
      if (step.bannedFrom().isAfter(day) || !step.covers(vehicle)) continue;
      if (first == null || step.bannedFrom().isBefore(first.bannedFrom())) first = step;
    }
    return first;
  }

  /** The first step that will ban this vehicle after {@code day}, or null (for explanations). */
  public BanStep nextBanStepFor(VehicleFacts vehicle, LocalDate day) {
    BanStep next = null;
    for (BanStep step : banSteps) {
      if (!step.bannedFrom().isAfter(day) || !step.covers(vehicle)) continue;
      if (next == null || step.bannedFrom().isBefore(next.bannedFrom())) next = step;
    }
    return next;
  }

  /** Whether a vehicle of {@code category} is under enforcement at this local time (windows). */
  public boolean insideEnforcementWindow(VehicleCategory category, LocalDateTime localTime) {
    if (enforcementWindows.isEmpty()) return true;
    for (TimeWindow window : enforcementWindows) {
      if (window.contains(category, localTime)) return true;
    }
    return false;
  }

  public boolean chargeFree(LocalDate day) {
    return !chargeFreeDays.isEmpty() && chargeFreeDays.contains(MonthDay.from(day));
  }

  /**
   * The fine for a violation type and category, in minor units; the first matching rule wins.
   *
   * @throws IllegalStateException if the policy prices no such violation (validation prevents it)
   */
  public long fineFor(ViolationType type, VehicleCategory category) {
    for (FineRule rule : fines) {
      if (rule.applies(type, category)) return rule.amountCents();
    }
    throw new IllegalStateException(label() + " has no fine for " + type + " / " + category);
  }

  /** Whether a plate of {@code country} must be registered with the zone. */
  public boolean requiresForeignRegistration(String country) {
    if (foreignRegistration.isEmpty() || country == null || country.isEmpty() || "XX".equals(country)) {
      return false;
    }
    return !domesticCountries.contains(country) && !foreignRegistration.get().exemptCountries().contains(country);
  }
}
