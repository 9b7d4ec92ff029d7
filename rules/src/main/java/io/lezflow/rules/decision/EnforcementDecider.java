package io.lezflow.rules.decision;

import io.lezflow.rules.decision.PermitChecks.Verdict;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.Permits.ChargePayment;
import io.lezflow.rules.facts.Permits.DayPass;
import io.lezflow.rules.facts.Permits.ForeignRegistration;
import io.lezflow.rules.facts.Permits.IndividualExemption;
import io.lezflow.rules.facts.ReadFacts;
import io.lezflow.rules.facts.VehicleHistory;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.model.VehicleUse;
import io.lezflow.rules.model.ViolationType;
import io.lezflow.rules.policy.BanStep;
import io.lezflow.rules.policy.Exemptions.HistoricVehicleRule;
import io.lezflow.rules.policy.FineLimits;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.WarningFirst;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.schemas.ViolationIds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Decides, for one read, whether a vehicle may be in a zone, and, once the grace window has
 * closed, whether a fine is due. Two steps so a stream processor can hold candidates on timers:
 *
 * <ol>
 *   <li>{@link #evaluate} on each read: COMPLIANT, EXEMPT, PERMITTED, OUTSIDE_ENFORCEMENT_WINDOW,
 *       WARNING, ALREADY_WARNED, WARNED_NOT_YET_FINEABLE, UNKNOWN_VEHICLE, NO_POLICY_IN_FORCE — or
 *       CANDIDATE, to be decided at {@link Candidate#decideAt()}. (Reads that are never evaluated —
 *       UNKNOWN_CAMERA, LATE_READ, DUPLICATE_READ — are {@link ReadIntake}'s.)
 *   <li>{@link #finalise} at that instant: ISSUE, MANUAL_REVIEW or DROP.
 * </ol>
 *
 * <p>The rules, in the order they are applied to a read:
 *
 * <ol>
 *   <li>Out of scope, whatever else: an individual exemption valid at the read; a vehicle of an
 *       exempt use (priority, army, market, maintenance); an exempt category.
 *   <li>A plate of a country that must register with the zone and has no registration counting
 *       for the visit: UNREGISTERED_FOREIGN instead of the emission check (a day pass covering the
 *       read permits it too).
 *   <li>No register entry, or one without category/fuel: UNKNOWN_VEHICLE.
 *   <li>Exempt fuel; historic vehicle (old enough, historic plate if required).
 *   <li>The first ban step covering the vehicle on the read's day; none: COMPLIANT.
 *   <li>Charge-free day or outside the enforcement hours for the category:
 *       OUTSIDE_ENFORCEMENT_WINDOW.
 *   <li>A day pass or a paid charge honoured for the read: PERMITTED.
 *   <li>The step's fixed warning period: WARNING (ALREADY_WARNED when warned that day). A
 *       warning-first step: the vehicle's first detection since the step started is a WARNING
 *       fineable from warning day + N months; until then ALREADY_WARNED (same day) or
 *       WARNED_NOT_YET_FINEABLE; then a candidate, at most one fine per the step's period.
 *   <li>Otherwise a CANDIDATE of the zone's violation type. Low OCR confidence or a fuzzy plate
 *       match marks it for review: it is never issued automatically.
 * </ol>
 *
 * <p>Enforcement day: a read's local calendar date in the zone. A read between 00:00 and 06:00 on
 * day D+1 is PERMITTED by D's day pass (valid until 06:00), but if it is a violation it is D+1's
 * violation (its id and its grace window are D+1's): the day a camera saw it is the day on the
 * evidence, and a D+1 pass covers it too.
 *
 * <p>Pure: no clock, no I/O, no mutable state; safe to share between threads. Only the caller's
 * inputs are read, so a replay of the same inputs gives the same decisions.
 */
public final class EnforcementDecider {

  /** What a known vehicle's emission data, permits, history and the calendar say (steps 4-8). */
  private record Assessment(
      Outcome outcome, BanStep step, String rule, String explanation, String permitId, LocalDate fineableFrom) {
    Assessment(Outcome outcome, BanStep step, String rule, String explanation, String permitId) {
      this(outcome, step, rule, explanation, permitId, null);
    }
  }

  // ------------------------------------------------------------------------------------------
  // evaluate
  // ------------------------------------------------------------------------------------------

  /** {@link #evaluate(ReadFacts, VehicleMatch, Permits, VehicleHistory, PolicyTimeline)} with no history known. */
  public Decision evaluate(ReadFacts read, VehicleMatch match, Permits permits, PolicyTimeline timeline) {
    return evaluate(read, match, permits, VehicleHistory.none(), timeline);
  }

  /**
   * Evaluates one read with the policy version in force at its capture time.
   *
   * @param history what the zone did to this vehicle before (fines, warnings, day-pass days); it
   *     decides warning-first steps and the day-pass allowance
   * @param timeline the zone's versions, or null when none has been received for the zone
   * @return NO_POLICY_IN_FORCE when the timeline is null or has no version effective at the
   *     capture time
   */
  public Decision evaluate(
      ReadFacts read, VehicleMatch match, Permits permits, VehicleHistory history, PolicyTimeline timeline) {
    Optional<ZonePolicy> policy = timeline == null ? Optional.empty() : timeline.inForceAt(read.capturedAt());
    if (policy.isPresent()) return evaluate(read, match, permits, history, policy.get());
    String vehicleKey = match.isNone() ? read.vehicleKey() : match.vehicle().vehicleKey();
    String why = timeline == null
        ? "no policy of this zone has been received; the read is not enforced"
        : "no policy version is in force at the capture time " + read.capturedAt();
    return Decision.notDecided(Outcome.NO_POLICY_IN_FORCE, read.readId(), vehicleKey, read.zoneId(),
        read.zoneId() + ":no-policy", "[" + read.zoneId() + "] " + why);
  }

  /** {@link #evaluate(ReadFacts, VehicleMatch, Permits, VehicleHistory, ZonePolicy)} with no history known. */
  public Decision evaluate(ReadFacts read, VehicleMatch match, Permits permits, ZonePolicy policy) {
    return evaluate(read, match, permits, VehicleHistory.none(), policy);
  }

  /**
   * Evaluates one read against {@code policy} (the version in force at the capture time).
   *
   * <p>Fine limits are not applied here but in {@link #finalise}: the history that limits a fine
   * is the one at decision time, after earlier candidates have been issued.
   *
   * @param permits the vehicle's permits in this zone as known now (purchase times are checked,
   *     so permits bought after their deadline never count, whenever they arrive)
   * @param history earlier fines, warnings and day-pass days of the vehicle in this zone
   * @throws IllegalArgumentException if the read's zone is not the policy's
   */
  public Decision evaluate(ReadFacts read, VehicleMatch match, Permits permits, VehicleHistory history, ZonePolicy policy) {
    requireSameZone(read.zoneId(), policy);
    Instant t = read.capturedAt();
    LocalDate day = policy.enforcementDay(t);
    VehicleFacts vehicle = match.vehicle();
    String vehicleKey = vehicle != null ? vehicle.vehicleKey() : read.vehicleKey();
    ReviewReason review = reviewReason(read, match, policy);
    Builder out = new Builder(read, vehicleKey, day, policy, review);

    Assessment outOfScope = outOfScope(vehicle, t, permits, policy);
    if (outOfScope != null) return out.decided(outOfScope);

    String registered = "";
    if (policy.requiresForeignRegistration(read.country())) {
      Verdict<ForeignRegistration> registration = PermitChecks.registrationFor(t, day, permits, policy);
      if (!registration.honoured()) {
        Verdict<DayPass> pass = PermitChecks.dayPassCovering(t, permits, history, policy);
        if (pass.honoured()) {
          return out.decided(new Assessment(Outcome.PERMITTED, null, rule(policy, "day-pass"),
              explain(policy, "foreign vehicle without registration, permitted by " + pass.why()),
              pass.permit().permitId()));
        }
        return out.candidate(ViolationType.UNREGISTERED_FOREIGN, rule(policy, "foreign-registration"),
            explain(policy, "a vehicle with a " + read.country() + " plate must register with the zone "
                + "(free; allowed until the end of the day after the visit) and " + registration.why()
                + "; this replaces the emission check"),
            vehicle, match);
      }
      registered = registration.why() + "; ";
    }

    if (vehicle == null) {
      return out.decided(new Assessment(Outcome.UNKNOWN_VEHICLE, null, rule(policy, "vehicle-unknown"),
          explain(policy, registered + "no register entry matches the plate; no emission rule can be applied"), null));
    }
    if (!vehicle.complete()) {
      return out.decided(new Assessment(Outcome.UNKNOWN_VEHICLE, null, rule(policy, "vehicle-data-incomplete"),
          explain(policy, registered + "the register entry lacks " + (vehicle.category() == null ? "the category" : "the fuel")
              + "; no emission rule can be applied"), null));
    }

    Assessment a = assess(vehicle, t, day, permits, history, policy, registered);
    if (a.outcome() == Outcome.CANDIDATE) {
      return out.candidate(policy.enforcement().violationType(), a.rule(), a.explanation(), vehicle, match);
    }
    return out.decided(a);
  }

  // ------------------------------------------------------------------------------------------
  // finalise
  // ------------------------------------------------------------------------------------------

  /** {@link #finalise(Candidate, VehicleFacts, Permits, VehicleHistory, ZonePolicy)} with the vehicle facts of the read. */
  public FinalDecision finalise(Candidate candidate, Permits permits, VehicleHistory history, ZonePolicy policy) {
    return finalise(candidate, candidate.vehicle(), permits, history, policy);
  }

  /**
   * {@link #finalise(Candidate, VehicleFacts, Permits, VehicleHistory, ZonePolicy)} with the
   * version in force at the read's capture time; a DROP with {@link DropReason#NO_POLICY_IN_FORCE}
   * when the timeline is null or has no such version any more (never a fine without its rules).
   *
   * @param permits the vehicle's permits as read with that version ({@link Permits#none()} when
   *     there is none)
   */
  public FinalDecision finalise(
      Candidate candidate, VehicleFacts vehicleNow, Permits permits, VehicleHistory history, PolicyTimeline timeline) {
    Optional<ZonePolicy> policy = timeline == null ? Optional.empty() : timeline.inForceAt(candidate.capturedAt());
    if (policy.isPresent()) return finalise(candidate, vehicleNow, permits, history, policy.get());
    String why = timeline == null
        ? "no policy of " + candidate.zoneId() + " is known any more"
        : "no policy version of " + candidate.zoneId() + " is in force at the capture time " + candidate.capturedAt()
            + " any more";
    return new FinalDecision(FinalOutcome.DROP, candidate, candidate.violationType(), candidate.violationId(),
        candidate.vehicleKey(), 0, 0, null, false, DropReason.NO_POLICY_IN_FORCE, candidate.zoneId() + ":no-policy",
        candidate.explanation() + "; not finalised: " + why + ", and no fine is issued without the rules it rests on",
        null);
  }

  /**
   * Decides a candidate when its grace window has closed ({@link Candidate#decideAt()}): drops it
   * if a permit bought in time covers it or a fine limit forbids a new fine, else issues it with
   * the fine after escalation — or sends it to review if it was marked for review.
   *
   * @param vehicleNow the register facts now (a foreign vehicle may have been registered since the
   *     read), or null to use the candidate's
   * @param history the fines already issued to this vehicle in this zone
   * @param policy the version in force at the read's capture time
   */
  public FinalDecision finalise(
      Candidate candidate, VehicleFacts vehicleNow, Permits permits, VehicleHistory history, ZonePolicy policy) {
    requireSameZone(candidate.zoneId(), policy);
    Instant t = candidate.capturedAt();
    LocalDate day = candidate.enforcementDay();
    VehicleFacts vehicle = vehicleNow != null ? vehicleNow : candidate.vehicle();
    Final out = new Final(candidate, policy);

    IndividualExemption exemption = PermitChecks.exemptionCovering(t, permits);
    if (exemption != null) {
      return out.drop(DropReason.INDIVIDUAL_EXEMPTION, rule(policy, "individual-exemption"),
          explain(policy, "individual exemption " + exemption.permitId() + " (" + exemption.reason() + ") covers the read"));
    }

    ViolationType type = candidate.violationType();
    String rule = candidate.rule();
    String why = candidate.explanation();
    switch (type) {
      case UNREGISTERED_FOREIGN -> {
        Verdict<DayPass> pass = PermitChecks.dayPassCovering(t, permits, history, policy);
        if (pass.honoured()) {
          return out.drop(DropReason.DAY_PASS_IN_TIME, rule(policy, "day-pass"),
              explain(policy, "foreign vehicle without registration, permitted by " + pass.why()));
        }
        Verdict<ForeignRegistration> registration = PermitChecks.registrationFor(t, day, permits, policy);
        if (registration.honoured()) {
          String registered = registration.why() + "; ";
          if (vehicle == null || !vehicle.complete()) {
            // Same answer as evaluate() gives a registered vehicle the register does not know.
            return out.drop(DropReason.REGISTERED_IN_TIME_VEHICLE_UNKNOWN, rule(policy, "vehicle-unknown"),
                explain(policy, registered + "registered in time, but the register has no complete entry for the "
                    + "vehicle: no emission rule can be applied (unknown vehicle)"));
          }
          Assessment scope = outOfScope(vehicle, t, permits, policy);
          Assessment a = scope != null ? scope : assess(vehicle, t, day, permits, history, policy, registered);
          if (a.outcome() == Outcome.WARNING) {
            return out.warning(policy.enforcement().violationType(), a.rule(), a.explanation(), a.fineableFrom());
          }
          if (a.outcome() != Outcome.CANDIDATE) {
            return out.drop(DropReason.REGISTERED_IN_TIME, a.rule(),
                a.explanation() + " (" + a.outcome().name().toLowerCase().replace('_', ' ') + ")");
          }
          type = policy.enforcement().violationType();
          rule = a.rule();
          why = a.explanation();
        } else if (registration.permit() != null) {
          why = why + "; at decision time: " + registration.why();
        }
      }
      case EMISSION_BAN, TIME_WINDOW_BAN -> {
        Verdict<DayPass> pass = PermitChecks.dayPassCovering(t, permits, history, policy);
        if (pass.honoured()) {
          return out.drop(DropReason.DAY_PASS_IN_TIME, rule(policy, "day-pass"),
              explain(policy, "covered by " + pass.why()));
        }
        if (pass.permit() != null) why = why + "; " + pass.why();
      }
      case UNPAID_CHARGE -> {
        Verdict<ChargePayment> paid = PermitChecks.chargePaidFor(day, permits, policy);
        if (paid.honoured()) {
          return out.drop(DropReason.CHARGE_PAID_IN_TIME, rule(policy, "daily-charge"),
              explain(policy, paid.why()));
        }
        if (paid.permit() != null) why = why + "; " + paid.why();
      }
    }

    if (history.finedOn(day)) {
      return out.drop(DropReason.ALREADY_FINED_THAT_DAY, rule(policy, "fine-limit/one-per-day"),
          why + "; but already fined in this zone on " + day + ": at most one violation per vehicle per day");
    }
    FineLimits limits = policy.fineLimits();
    FinalDecision gap = minimumGap(out, day, history, limits.minimumGapBetweenFines(), "fine-limit/minimum-gap", why, policy);
    if (gap != null) return gap;
    BanStep step = vehicle == null || !vehicle.complete() ? null : policy.banStepFor(vehicle, day);
    if (step != null && step.warningFirst() != null) {
      gap = minimumGap(out, day, history, step.warningFirst().atMostOneFinePer(), "warning-first/" + step.id(), why, policy);
      if (gap != null) return gap;
    }

    VehicleFacts priced = vehicle;
    long fine = policy.fineFor(type, priced == null ? null : priced.category());
    String amount = "fine " + money(fine, policy.currency());
    if (limits.repeatEscalation() != null) {
      FineLimits.RepeatEscalation escalation = limits.repeatEscalation();
      int earlier = 0;
      for (LocalDate previous : history.fineDays()) {
        if (previous.isBefore(day) && day.isBefore(previous.plus(escalation.within()))) earlier++;
      }
      if (earlier > 0) {
        fine = escalation.amountForRepeat(earlier);
        amount = "repeat fine " + money(fine, policy.currency()) + " (" + earlier + " earlier fine(s) within "
            + escalation.within() + ")";
      }
    }
    String explanation = why + "; " + amount;
    if (candidate.reviewReason() != null) {
      return out.review(type, rule, fine, explanation + "; needs review: " + candidate.reviewDetail());
    }
    return out.issue(type, rule, fine, explanation);
  }

  /** A drop when a fine of {@code history} is less than {@code gap} before {@code day}; null when none is. */
  private static FinalDecision minimumGap(
      Final out, LocalDate day, VehicleHistory history, java.time.Period gap, String rule, String why, ZonePolicy policy) {
    if (gap == null) return null;
    for (LocalDate previous : history.fineDays()) {
      if (previous.isBefore(day) && day.isBefore(previous.plus(gap))) {
        return out.drop(DropReason.FINE_LIMIT_MINIMUM_GAP, rule(policy, rule),
            why + "; but the previous fine was on " + previous + " and no new fine is allowed before "
                + previous.plus(gap) + " (minimum gap " + gap + ")");
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------
  // the rules
  // ------------------------------------------------------------------------------------------

  /** Step 1: individual exemption, priority vehicle, exempt category. Null when in scope. */
  private static Assessment outOfScope(VehicleFacts vehicle, Instant t, Permits permits, ZonePolicy policy) {
    IndividualExemption exemption = PermitChecks.exemptionCovering(t, permits);
    if (exemption != null) {
      return new Assessment(Outcome.EXEMPT, null, rule(policy, "individual-exemption"),
          explain(policy, "individual exemption " + exemption.permitId() + " (" + exemption.reason() + ") valid from "
              + PermitChecks.local(policy, exemption.validFrom())
              + (exemption.validUntil() == null ? "" : " until " + PermitChecks.local(policy, exemption.validUntil()))),
          exemption.permitId());
    }
    if (vehicle == null) return null;
    if (vehicle.use() != VehicleUse.ORDINARY && policy.exemptions().exemptUse(vehicle.use())) {
      String use = vehicle.use().name().toLowerCase();
      return new Assessment(Outcome.EXEMPT, null,
          rule(policy, vehicle.use() == VehicleUse.PRIORITY ? "exemption/priority-vehicle" : "exemption/use-" + use),
          explain(policy, use + " vehicles are exempt"), null);
    }
    LocalDate day = policy.enforcementDay(t);
    if (policy.exemptions().exemptCategory(vehicle.category(), day)) {
      LocalDate until = policy.exemptions().categoriesUntil().get(vehicle.category());
      return new Assessment(Outcome.EXEMPT, null, rule(policy, "exemption/category"),
          explain(policy, "category " + vehicle.category() + " is exempt (not covered by the zone"
              + (until == null ? ")" : " until " + until + ")")), null);
    }
    return null;
  }

  /** Steps 4-8 for a vehicle with known category and fuel. CANDIDATE = a violation. */
  private static Assessment assess(
      VehicleFacts vehicle, Instant t, LocalDate day, Permits permits, VehicleHistory history, ZonePolicy policy,
      String prefix) {
    if (policy.exemptions().fuels().contains(vehicle.fuel())) {
      return new Assessment(Outcome.EXEMPT, null, rule(policy, "exemption/fuel"),
          explain(policy, prefix + "fuel " + vehicle.fuel() + " is exempt"), null);
    }
    HistoricVehicleRule historic = policy.exemptions().historic();
    if (historic != null) {
      int age = vehicle.ageInYearsOn(day);
      if (age >= historic.minimumAgeYears() && (vehicle.historicPlate() || !historic.historicPlateRequired())) {
        return new Assessment(Outcome.EXEMPT, null, rule(policy, "exemption/historic-vehicle"),
            explain(policy, prefix + "historic vehicle: " + age + " years since first registration "
                + vehicle.firstRegistration() + " (at least " + historic.minimumAgeYears() + ")"
                + (historic.historicPlateRequired() ? " with a historic plate" : "")), null);
      }
    }

    BanStep step = policy.banStepFor(vehicle, day);
    if (step == null) {
      BanStep next = policy.nextBanStepFor(vehicle, day);
      String verb = policy.enforcement() == io.lezflow.rules.policy.EnforcementKind.DAILY_CHARGE
          ? "owes no daily charge" : "is not banned";
      return new Assessment(Outcome.COMPLIANT, null, rule(policy, "compliant"),
          explain(policy, prefix + vehicle.describe() + " " + verb + " on " + day
              + (next == null ? "" : " (next step for it: " + next.id() + " from " + next.bannedFrom() + ")")), null);
    }
    String banned = policy.enforcement() == io.lezflow.rules.policy.EnforcementKind.DAILY_CHARGE
        ? vehicle.describe() + " owes the daily charge by " + step.describe()
        : vehicle.describe() + " is banned by " + step.describe();

    if (policy.chargeFree(day)) {
      return new Assessment(Outcome.OUTSIDE_ENFORCEMENT_WINDOW, step, rule(policy, "charge-free-day"),
          explain(policy, prefix + banned + ", but " + day + " is a charge-free day"), null);
    }
    if (!policy.insideEnforcementWindow(vehicle.category(), policy.localTime(t))) {
      return new Assessment(Outcome.OUTSIDE_ENFORCEMENT_WINDOW, step, rule(policy, "enforcement-window"),
          explain(policy, prefix + banned + ", but " + PermitChecks.local(policy, t) + " ("
              + policy.localTime(t).getDayOfWeek() + ") is outside the enforcement hours for "
              + vehicle.category()), null);
    }
    switch (policy.enforcement()) {
      case DAILY_CHARGE -> {
        Verdict<ChargePayment> paid = PermitChecks.chargePaidFor(day, permits, policy);
        if (paid.honoured()) {
          return new Assessment(Outcome.PERMITTED, step, rule(policy, "daily-charge"),
              explain(policy, prefix + banned + "; " + paid.why()), paid.permit().permitId());
        }
      }
      case BAN_WITH_FINE, TIME_WINDOWED -> {
        Verdict<DayPass> pass = PermitChecks.dayPassCovering(t, permits, history, policy);
        if (pass.honoured()) {
          return new Assessment(Outcome.PERMITTED, step, rule(policy, "day-pass"),
              explain(policy, prefix + banned + "; covered by " + pass.why()), pass.permit().permitId());
        }
      }
    }
    Assessment warning = warningRules(step, day, history, policy, prefix + banned);
    if (warning != null) return warning;
    return new Assessment(Outcome.CANDIDATE, step, rule(policy, "ban-step/" + step.id()),
        explain(policy, prefix + banned), null);
  }

  /**
   * Step 8: a warning instead of a fine. In the step's fixed warning period: WARNING (ALREADY_WARNED
   * if warned that day). Under a warning-first step: the vehicle's first detection since the step
   * started is a WARNING, fineable from warning day + the step's period; detections before then are
   * ALREADY_WARNED (same day) or WARNED_NOT_YET_FINEABLE. A fine since the step started counts as
   * the warning having been given (history loaded without its warnings must not restart the clock).
   * Null when a fine is possible.
   */
  private static Assessment warningRules(BanStep step, LocalDate day, VehicleHistory history, ZonePolicy policy, String banned) {
    if (step.warningOnlyOn(day)) {
      LocalDate fineable = step.warningPeriod().firstFineDay();
      String period = "warnings only until " + step.warningPeriod().until() + " (period from "
          + step.warningPeriod().from() + "; fines from " + fineable + ")";
      if (history.warnedOn(day)) {
        return new Assessment(Outcome.ALREADY_WARNED, step, rule(policy, "warning-only/" + step.id()),
            explain(policy, banned + "; " + period + "; already warned on " + day + ", no second warning"), null, fineable);
      }
      return new Assessment(Outcome.WARNING, step, rule(policy, "warning-only/" + step.id()),
          explain(policy, banned + "; " + period + ", no fine"), null, fineable);
    }
    WarningFirst first = step.warningFirst();
    if (first == null) return null;
    LocalDate warned = history.firstWarningBetween(step.bannedFrom(), day);
    if (warned == null) {
      if (history.firstFineBetween(step.bannedFrom(), day) != null) return null;
      LocalDate fineable = first.fineableFrom(day);
      return new Assessment(Outcome.WARNING, step, rule(policy, "warning-first/" + step.id()),
          explain(policy, banned + "; first detection under this step: a warning, no fine; fineable from " + fineable
              + " (warning day + " + first.fineableAfter() + ")"), null, fineable);
    }
    LocalDate fineable = first.fineableFrom(warned);
    if (!day.isBefore(fineable)) return null;
    if (history.warnedOn(day)) {
      return new Assessment(Outcome.ALREADY_WARNED, step, rule(policy, "warning-first/" + step.id()),
          explain(policy, banned + "; already warned on " + day + ", no second warning; fineable from " + fineable),
          null, fineable);
    }
    return new Assessment(Outcome.WARNED_NOT_YET_FINEABLE, step, rule(policy, "warning-first/" + step.id()),
        explain(policy, banned + "; warned on " + warned + ", not fineable before " + fineable + " (warning day + "
            + first.fineableAfter() + "): no fine, no new warning"), null, fineable);
  }

  private static ReviewReason reviewReason(ReadFacts read, VehicleMatch match, ZonePolicy policy) {
    boolean low = read.confidence() < policy.manualReviewBelowConfidence();
    if (low && match.isFuzzy()) return ReviewReason.LOW_CONFIDENCE_AND_FUZZY_PLATE_MATCH;
    if (low) return ReviewReason.LOW_CONFIDENCE;
    if (match.isFuzzy()) return ReviewReason.FUZZY_PLATE_MATCH;
    return null;
  }

  private static String reviewDetail(ReadFacts read, VehicleMatch match, ZonePolicy policy, ReviewReason review) {
    if (review == null) return "";
    StringBuilder sb = new StringBuilder();
    if (review != ReviewReason.FUZZY_PLATE_MATCH) {
      sb.append("OCR confidence ").append(read.confidence()).append(" below ").append(policy.manualReviewBelowConfidence());
    }
    if (match.isFuzzy()) {
      if (sb.length() > 0) sb.append("; ");
      sb.append(match.detail());
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------
  // small helpers
  // ------------------------------------------------------------------------------------------

  private static void requireSameZone(String zoneId, ZonePolicy policy) {
    if (!policy.zoneId().equals(zoneId)) {
      throw new IllegalArgumentException("a read of zone " + zoneId + " evaluated with the policy of " + policy.zoneId());
    }
  }

  static String rule(ZonePolicy policy, String rule) {
    return policy.zoneId() + "@v" + policy.version() + ":" + rule;
  }

  static String explain(ZonePolicy policy, String text) {
    return "[" + policy.name() + ", policy " + policy.label() + "] " + text;
  }

  static String money(long minorUnits, String currency) {
    return currency + " " + (minorUnits / 100) + "." + String.format("%02d", minorUnits % 100);
  }

  /** Assembles the Decisions of one evaluation. */
  private static final class Builder {
    private final ReadFacts read;
    private final String vehicleKey;
    private final LocalDate day;
    private final ZonePolicy policy;
    private final ReviewReason review;

    Builder(ReadFacts read, String vehicleKey, LocalDate day, ZonePolicy policy, ReviewReason review) {
      this.read = read;
      this.vehicleKey = vehicleKey;
      this.day = day;
      this.policy = policy;
      this.review = review;
    }

    Decision decided(Assessment a) {
      boolean warning = a.outcome() == Outcome.WARNING || a.outcome() == Outcome.ALREADY_WARNED;
      return new Decision(a.outcome(), read.readId(), vehicleKey, policy.zoneId(), policy.version(), day,
          a.rule(), a.explanation(), a.permitId(),
          warning ? policy.enforcement().violationType() : null,
          warning ? ViolationIds.of(policy.zoneId(), vehicleKey, day) : null,
          warning ? review : null, null, a.fineableFrom());
    }

    Decision candidate(ViolationType type, String rule, String explanation, VehicleFacts vehicle, VehicleMatch match) {
      String violationId = ViolationIds.of(policy.zoneId(), vehicleKey, day);
      Instant decideAt = PermitChecks.decideAt(type, day, read.capturedAt(), policy);
      Candidate candidate = new Candidate(read.readId(), read.cameraId(), policy.zoneId(), policy.version(),
          read.capturedAt(), day, decideAt, vehicleKey, read.vehicleKey(), read.country(), read.confidence(),
          read.imageSha256(), type, rule, explanation, vehicle, review, reviewDetail(read, match, policy, review),
          violationId);
      String held = decideAt.equals(read.capturedAt())
          ? ""
          : "; held until " + PermitChecks.local(policy, decideAt) + " (grace window)";
      return new Decision(Outcome.CANDIDATE, read.readId(), vehicleKey, policy.zoneId(), policy.version(), day,
          rule, explanation + held, null, type, violationId, review, candidate, null);
    }
  }

  /** Assembles the FinalDecisions of one finalisation. */
  private static final class Final {
    private final Candidate candidate;
    private final ZonePolicy policy;

    Final(Candidate candidate, ZonePolicy policy) {
      this.candidate = candidate;
      this.policy = policy;
    }

    FinalDecision drop(DropReason reason, String rule, String explanation) {
      return new FinalDecision(FinalOutcome.DROP, candidate, candidate.violationType(), candidate.violationId(),
          candidate.vehicleKey(), policy.version(), 0, policy.currency(), false, reason, rule, explanation, null);
    }

    FinalDecision issue(ViolationType type, String rule, long fine, String explanation) {
      return new FinalDecision(FinalOutcome.ISSUE, candidate, type, candidate.violationId(), candidate.vehicleKey(),
          policy.version(), fine, policy.currency(), false, null, rule, explanation, null);
    }

    FinalDecision warning(ViolationType type, String rule, String explanation, LocalDate fineableFrom) {
      return new FinalDecision(FinalOutcome.ISSUE, candidate, type, candidate.violationId(), candidate.vehicleKey(),
          policy.version(), 0, policy.currency(), true, null, rule, explanation, fineableFrom);
    }

    FinalDecision review(ViolationType type, String rule, long fine, String explanation) {
      return new FinalDecision(FinalOutcome.MANUAL_REVIEW, candidate, type, candidate.violationId(),
          candidate.vehicleKey(), policy.version(), fine, policy.currency(), false, null, rule, explanation, null);
    }
  }
}
