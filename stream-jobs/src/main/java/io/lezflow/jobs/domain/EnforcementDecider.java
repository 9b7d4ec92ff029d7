package io.lezflow.jobs.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Decides whether one read shows a vehicle that may be in a zone: (read, register facts or null,
 * rule) to {@link Decision}.
 *
 * <p>Pure and stateless: the same inputs always give the same decision, which is what makes
 * replays produce the same violations. Fine limits (at most one per day, per three months) are
 * not its business; they need memory and live in the caller.
 *
 * <p>Order of the checks: unknown vehicle, then exemptions (category, fuel, priority, historic),
 * then the facts the ban needs (category, fuel, Euro norm), then the ban itself. An exemption
 * wins even when other facts are missing, because it alone settles the case.
 */
public final class EnforcementDecider {

  public Decision decide(ReadEvent read, VehicleFacts vehicle, ZoneRule rule) {
    LocalDate day = enforcementDay(read.capturedAtMs, rule);
    String ruleRef = " (rule " + rule.ruleName() + " v" + rule.policyVersion() + ", zone " + rule.zoneId() + ")";

    if (vehicle == null || vehicle.deleted) {
      return outcome(Outcome.UNKNOWN_VEHICLE, rule, day,
          "Vehicle not found in the register on " + day + "; no automatic decision" + ruleRef + ".");
    }
    VehicleCategory category = vehicle.category == null ? VehicleCategory.UNKNOWN : vehicle.category;
    Fuel fuel = vehicle.fuel == null ? Fuel.UNKNOWN : vehicle.fuel;
    String described = category + " " + fuel + " Euro " + vehicle.euroNorm;

    if (rule.exemptCategories().contains(category)) {
      return outcome(Outcome.EXEMPT, rule, day, "Category " + category + " is exempt" + ruleRef + ".");
    }
    if (rule.exemptFuels().contains(fuel)) {
      return outcome(Outcome.EXEMPT, rule, day, "Fuel " + fuel + " is exempt" + ruleRef + ".");
    }
    if (rule.priorityVehiclesExempt() && vehicle.priorityVehicle) {
      return outcome(Outcome.EXEMPT, rule, day, "Priority vehicle, exempt" + ruleRef + ".");
    }
    String historicNote = "";
    if (vehicle.historicPlate && rule.historicMinAgeYears() > 0) {
      LocalDate firstRegistration = parseDate(vehicle.firstRegistration);
      if (firstRegistration == null) {
        historicNote = " Historic plate, but the register gives no valid first registration date, so the"
            + " age exemption could not be applied.";
      } else if (firstRegistration.plusYears(rule.historicMinAgeYears()).isBefore(day)) {
        return outcome(Outcome.EXEMPT, rule, day,
            "Historic plate and first registered " + firstRegistration + ", more than "
                + rule.historicMinAgeYears() + " years before " + day + ": exempt" + ruleRef + ".");
      } else {
        historicNote = " Historic plate, but first registered " + firstRegistration + ", not more than "
            + rule.historicMinAgeYears() + " years before " + day + ".";
      }
    }

    if (category == VehicleCategory.UNKNOWN) {
      return outcome(Outcome.UNKNOWN_VEHICLE, rule, day,
          "The register gives no vehicle category; no automatic decision" + ruleRef + "." + historicNote);
    }
    if (!rule.coveredCategories().contains(category)) {
      return outcome(Outcome.COMPLIANT, rule, day,
          "Category " + category + " is not covered" + ruleRef + "." + historicNote);
    }
    if (fuel == Fuel.UNKNOWN) {
      return outcome(Outcome.UNKNOWN_VEHICLE, rule, day,
          "The register gives no fuel for this " + category + "; no automatic decision" + ruleRef + "."
              + historicNote);
    }
    Integer bannedUpTo = rule.bannedUpToEuroByFuel().get(fuel);
    if (bannedUpTo == null) {
      return outcome(Outcome.COMPLIANT, rule, day,
          "Fuel " + fuel + " is not restricted" + ruleRef + "." + historicNote);
    }
    if (vehicle.euroNorm < 0) {
      return outcome(Outcome.UNKNOWN_VEHICLE, rule, day,
          "The register gives no valid Euro norm for this " + category + " " + fuel
              + "; no automatic decision" + ruleRef + "." + historicNote);
    }
    if (vehicle.euroNorm <= bannedUpTo) {
      return new Decision(Outcome.VIOLATION, rule.zoneId(), rule.ruleName(), rule.policyVersion(), day,
          described + " is banned: " + fuel + " is banned up to Euro " + bannedUpTo + ruleRef
              + ". Seen on " + day + " (" + rule.timeZone() + ")." + historicNote,
          rule.fineCents(), rule.currency());
    }
    return outcome(Outcome.COMPLIANT, rule, day,
        described + " is allowed: " + fuel + " is banned only up to Euro " + bannedUpTo + ruleRef + "."
            + historicNote);
  }

  /** The calendar day of the capture in the zone's time zone: the day fine limits count. */
  public static LocalDate enforcementDay(long capturedAtMs, ZoneRule rule) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(capturedAtMs), rule.zone());
  }

  private static Decision outcome(Outcome outcome, ZoneRule rule, LocalDate day, String explanation) {
    return new Decision(outcome, rule.zoneId(), rule.ruleName(), rule.policyVersion(), day, explanation, 0, rule.currency());
  }

  private static LocalDate parseDate(String isoDate) {
    if (isoDate == null || isoDate.isBlank()) return null;
    try {
      return LocalDate.parse(isoDate.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
