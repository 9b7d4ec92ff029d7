package io.lezflow.rules.policy.json;

import io.lezflow.rules.model.CritAir;
import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleUse;
import io.lezflow.rules.model.ViolationType;
import io.lezflow.rules.policy.EnforcementKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of policy files, field for field (Jackson binds these records; unknown fields are
 * errors). Every field is a boxed/nullable type so a missing one is reported by the validator with
 * its path rather than defaulted silently.
 */
final class PolicyDocument {
  private PolicyDocument() {}

  /** A policy file: one zone, its notes, and its versions (each a complete, self-contained policy). */
  record File(String zoneId, String name, List<String> notes, List<Version> versions) {}

  /** One version; exactly what travels as {@code policy_json} on the policy topic. */
  record Version(
      String zoneId,
      Integer version,
      String name,
      OffsetDateTime effectiveFrom,
      ZoneId timeZone,
      String currency,
      EnforcementKind enforcement,
      List<String> domesticCountries,
      Double manualReviewBelowConfidence,
      List<BanStep> banSteps,
      List<TimeWindow> enforcementWindows,
      List<MonthDay> chargeFreeDays,
      Exemptions exemptions,
      List<Fine> fines,
      FineLimits fineLimits,
      DayPass dayPass,
      ForeignRegistration foreignRegistration,
      DailyCharge dailyCharge,
      Map<String, String> sources) {}

  /**
   * Exactly one of euroNormAtMost, critAirAtLeast, everyNorm=true. {@code warningOnlyUntil} is the
   * older shorthand of a warning period from {@code bannedFrom} (still read, never written).
   */
  record BanStep(
      String id,
      List<VehicleCategory> categories,
      List<Fuel> fuels,
      Integer euroNormAtMost,
      CritAir critAirAtLeast,
      Boolean everyNorm,
      LocalDate bannedFrom,
      LocalDate warningOnlyUntil,
      WarningPeriod warningPeriod,
      WarningFirst warningFirst,
      String source) {}

  record WarningPeriod(LocalDate from, LocalDate until) {}

  record WarningFirst(Period fineableAfter, Period atMostOneFinePer) {}

  record TimeWindow(List<VehicleCategory> categories, List<DayOfWeek> days, LocalTime from, LocalTime until) {}

  /** {@code uses}: exempt vehicle uses besides PRIORITY (which {@code priorityVehicles} says). */
  record Exemptions(
      List<VehicleCategory> categories, Map<VehicleCategory, LocalDate> categoriesUntil, List<Fuel> fuels,
      Historic historic, Boolean priorityVehicles, List<VehicleUse> uses) {}

  record Historic(Integer minimumAgeYears, Boolean historicPlateRequired) {}

  record Fine(ViolationType violation, List<VehicleCategory> categories, Long amountCents) {}

  record FineLimits(Period minimumGapBetweenFines, RepeatEscalation repeatEscalation) {}

  record RepeatEscalation(Period within, List<Long> repeatAmountsCents) {}

  /** Exactly one of maxDaysPerCalendarYear (one allowance for every year) and allowances (dated). */
  record DayPass(
      Long priceCents, Integer maxDaysPerCalendarYear, List<Allowance> allowances, LocalTime validUntilNextDay,
      Integer purchaseDaysAfterVisit) {}

  record Allowance(LocalDate from, Integer maxDaysPerCalendarYear, String source) {}

  record ForeignRegistration(List<String> exemptCountries, Period validity, Integer deadlineDaysAfterVisit, Long priceCents) {}

  record DailyCharge(Long amountCents, Integer paymentDaysAfterTravel) {}
}
