package io.lezflow.rules.decision;

import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.Permits.ChargePayment;
import io.lezflow.rules.facts.Permits.DayPass;
import io.lezflow.rules.facts.Permits.ForeignRegistration;
import io.lezflow.rules.facts.Permits.IndividualExemption;
import io.lezflow.rules.facts.VehicleHistory;
import io.lezflow.rules.model.ViolationType;
import io.lezflow.rules.policy.DailyChargeRule;
import io.lezflow.rules.policy.DayPassRule;
import io.lezflow.rules.policy.ForeignRegistrationRule;
import io.lezflow.rules.policy.ZonePolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a permit is honoured for a read. The same checks run when a read is evaluated and when
 * its candidate is finalised, and they look at purchase times, not at when a permit arrived: so
 * the answer for a given set of permits is the same whatever order a replay delivers them in.
 */
final class PermitChecks {
  private PermitChecks() {}

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** A permit considered for a read: the one honoured, or the closest one refused and why. */
  record Verdict<P>(P permit, boolean honoured, String why) {
    static <P> Verdict<P> none(String why) {
      return new Verdict<>(null, false, why);
    }
  }

  static String local(ZonePolicy policy, Instant instant) {
    return LocalDateTime.ofInstant(instant, policy.timeZone()).format(LOCAL);
  }

  // ---- individual exemptions ----

  static IndividualExemption exemptionCovering(Instant t, Permits permits) {
    for (IndividualExemption e : permits.exemptions()) if (e.covers(t)) return e;
    return null;
  }

  // ---- day passes ----

  /** The end of the purchase window of a day pass for {@code day}. */
  static Instant dayPassPurchaseDeadline(LocalDate day, DayPassRule rule, ZonePolicy policy) {
    return policy.startOf(day.plusDays(1L + rule.purchaseDaysAfterVisit()));
  }

  /**
   * The honoured day pass covering instant {@code t}: a pass for t's day, or for the day before
   * while t is before the pass's morning end (06:00 in Brussels); bought before its purchase
   * deadline; among the first N days of its calendar year, N the allowance in force on the pass's
   * day. Days already used according to {@code history} count toward N with the permits' days.
   */
  static Verdict<DayPass> dayPassCovering(Instant t, Permits permits, VehicleHistory history, ZonePolicy policy) {
    if (policy.dayPass().isEmpty()) return Verdict.none("the zone sells no day passes");
    DayPassRule rule = policy.dayPass().get();
    LocalDate today = policy.enforcementDay(t);
    LocalDate yesterday = today.minusDays(1);
    boolean beforeMorningEnd = t.isBefore(policy.at(today, rule.validUntilNextDay()));
    Verdict<DayPass> refused = null;
    for (DayPass pass : permits.dayPasses()) {
      boolean covers = pass.day().equals(today) || (beforeMorningEnd && pass.day().equals(yesterday));
      if (!covers) continue;
      Instant deadline = dayPassPurchaseDeadline(pass.day(), rule, policy);
      if (!pass.issuedAt().isBefore(deadline)) {
        refused = new Verdict<>(pass, false,
            "day pass " + pass.permitId() + " for " + pass.day() + " was bought at " + local(policy, pass.issuedAt())
                + ", after its purchase deadline " + local(policy, deadline));
        continue;
      }
      int rank = rankInYear(pass, permits, history, rule, policy);
      int allowed = rule.maxDaysPerCalendarYear(pass.day());
      if (rank > allowed) {
        refused = new Verdict<>(pass, false,
            "day pass " + pass.permitId() + " for " + pass.day() + " is day pass day " + rank + " of "
                + pass.day().getYear() + " for this vehicle; at most " + allowed
                + " days per calendar year are honoured on " + pass.day());
        continue;
      }
      return new Verdict<>(pass, true,
          "day pass " + pass.permitId() + " for " + pass.day() + " (valid until " + pass.day().plusDays(1) + " "
              + rule.validUntilNextDay() + ", day " + rank + " of " + allowed + " in "
              + pass.day().getYear() + ")");
    }
    return refused != null ? refused : Verdict.none("no day pass covers the read");
  }

  /**
   * The rank of a pass's day among the distinct days of its calendar year that have a pass bought
   * in time (the earliest day first): the yearly limit honours the first N days. Ranking by day,
   * not by purchase order, keeps the answer independent of the order permits arrive in. Days the
   * history says were used count too (a day in both is one day).
   */
  private static int rankInYear(DayPass pass, Permits permits, VehicleHistory history, DayPassRule rule, ZonePolicy policy) {
    Set<LocalDate> earlierDays = new HashSet<>(history.dayPassDaysBefore(pass.day()));
    for (DayPass other : permits.dayPasses()) {
      if (!other.day().isBefore(pass.day())) break;
      if (other.day().getYear() != pass.day().getYear()) continue;
      if (!other.issuedAt().isBefore(dayPassPurchaseDeadline(other.day(), rule, policy))) continue;
      earlierDays.add(other.day());
    }
    return earlierDays.size() + 1;
  }

  // ---- foreign registration ----

  static Instant registrationDeadline(LocalDate day, ForeignRegistrationRule rule, ZonePolicy policy) {
    return policy.startOf(day.plusDays(1L + rule.deadlineDaysAfterVisit()));
  }

  /**
   * The registration that counts for a read at {@code t} on {@code day}: made (and valid from)
   * before the registration deadline of the visit, and not yet expired at the read.
   */
  static Verdict<ForeignRegistration> registrationFor(Instant t, LocalDate day, Permits permits, ZonePolicy policy) {
    ForeignRegistrationRule rule = policy.foreignRegistration().orElseThrow();
    Instant deadline = registrationDeadline(day, rule, policy);
    Verdict<ForeignRegistration> refused = null;
    for (ForeignRegistration reg : permits.foreignRegistrations()) {
      Instant until = reg.validUntil() != null
          ? reg.validUntil()
          : reg.validFrom().atZone(policy.timeZone()).plus(rule.validity()).toInstant();
      if (!until.isAfter(t)) {
        refused = new Verdict<>(reg, false,
            "registration " + reg.permitId() + " expired at " + local(policy, until));
        continue;
      }
      if (!reg.issuedAt().isBefore(deadline) || !reg.validFrom().isBefore(deadline)) {
        refused = new Verdict<>(reg, false,
            "registration " + reg.permitId() + " was made at " + local(policy, reg.issuedAt())
                + ", after the deadline " + local(policy, deadline));
        continue;
      }
      return new Verdict<>(reg, true,
          "registration " + reg.permitId() + " made at " + local(policy, reg.issuedAt()) + " (deadline "
              + local(policy, deadline) + ")");
    }
    return refused != null ? refused : Verdict.none("no registration with the zone");
  }

  // ---- daily charge ----

  static Instant chargeDeadline(LocalDate day, DailyChargeRule rule, ZonePolicy policy) {
    return policy.startOf(day.plusDays(1L + rule.paymentDaysAfterTravel()));
  }

  static Verdict<ChargePayment> chargePaidFor(LocalDate day, Permits permits, ZonePolicy policy) {
    if (policy.dailyCharge().isEmpty()) return Verdict.none("the zone has no daily charge");
    DailyChargeRule rule = policy.dailyCharge().get();
    Instant deadline = chargeDeadline(day, rule, policy);
    Verdict<ChargePayment> refused = null;
    for (ChargePayment payment : permits.chargePayments()) {
      if (!payment.day().equals(day)) continue;
      if (!payment.paidAt().isBefore(deadline)) {
        refused = new Verdict<>(payment, false,
            "charge payment " + payment.permitId() + " for " + day + " was made at " + local(policy, payment.paidAt())
                + ", after the deadline " + local(policy, deadline));
        continue;
      }
      return new Verdict<>(payment, true,
          "daily charge for " + day + " paid (" + payment.permitId() + ", at " + local(policy, payment.paidAt()) + ")");
    }
    return refused != null ? refused : Verdict.none("no charge paid for " + day);
  }

  // ---- grace window ----

  /**
   * When a candidate of this type can be decided: the last purchase, registration or payment
   * deadline that could still make it go away; the capture instant when there is none.
   */
  static Instant decideAt(ViolationType type, LocalDate day, Instant capturedAt, ZonePolicy policy) {
    Instant at = capturedAt;
    if (type == ViolationType.UNPAID_CHARGE && policy.dailyCharge().isPresent()) {
      at = later(at, chargeDeadline(day, policy.dailyCharge().get(), policy));
    }
    if (type != ViolationType.UNPAID_CHARGE && policy.dayPass().isPresent()) {
      at = later(at, dayPassPurchaseDeadline(day, policy.dayPass().get(), policy));
    }
    if (type == ViolationType.UNREGISTERED_FOREIGN && policy.foreignRegistration().isPresent()) {
      at = later(at, registrationDeadline(day, policy.foreignRegistration().get(), policy));
    }
    return at;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
