package io.lezflow.rules.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.ReadFacts;
import io.lezflow.rules.facts.VehicleHistory;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.model.CritAir;
import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.model.VehicleUse;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.schemas.ViolationIds;
import io.lezflow.schemas.plates.PlateMatch;
import io.lezflow.schemas.plates.PlateMatcher;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One row of a rules table: a read in a zone (local time), the register, the permits known at the
 * read and those bought later, the fine history, and the expected end result — the outcome of
 * {@code evaluate}, or for a candidate the outcome of {@code finalise} at its decision time.
 *
 * <p>Expected results are written as the rules say them: {@code "COMPLIANT"}, {@code "ISSUE
 * EMISSION_BAN 35000"}, {@code "DROP DAY_PASS_IN_TIME"}, {@code "MANUAL_REVIEW EMISSION_BAN 35000"},
 * {@code "ISSUE EMISSION_BAN 0 warning"}. Besides the expected result, every row checks the
 * invariants that hold for all decisions (see {@link #run()}).
 */
final class RuleCase {
  static final EnforcementDecider DECIDER = new EnforcementDecider();
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final Map<String, PolicyTimeline> TIMELINES;

  static {
    try {
      TIMELINES = ShippedPolicies.timelines();
    } catch (PolicyValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  final String name;
  final String zone;
  final ZoneId tz;
  String readAt;
  String plateKey;
  float confidence = 0.95f;
  final List<VehicleFacts> register = new ArrayList<>();
  VehicleFacts vehicleAtDecision;
  final Permits.Builder permits = Permits.builder();
  final Permits.Builder laterPermits = Permits.builder();
  final List<LocalDate> fineDays = new ArrayList<>();
  final List<LocalDate> warningDays = new ArrayList<>();
  final List<LocalDate> dayPassDays = new ArrayList<>();
  PolicyTimeline timelineOverride;
  String expected;
  String expectedFineableFrom;
  final List<String> explains = new ArrayList<>();

  private RuleCase(String zone, String name) {
    this.zone = zone;
    this.name = name;
    this.tz = timeline(zone).versions().get(0).timeZone();
  }

  static PolicyTimeline timeline(String zone) {
    return TIMELINES.get(zone);
  }

  /** Starts a row of {@code zone}'s table. */
  static RuleCase in(String zone, String name) {
    return new RuleCase(zone, name);
  }

  static String defaultKey(String zone) {
    return switch (zone) {
      case "london-ulez" -> "GB:AB12CDE";
      case "paris" -> "FR:AB123CD";
      default -> "BE:1ABC234";
    };
  }

  // ---- the row ----

  RuleCase at(String localDateTime) {
    this.readAt = localDateTime;
    return this;
  }

  /** The plate as read, {@code "CC:PLATE"} (default: the first register entry's key, or the zone's default key). */
  RuleCase plate(String vehicleKey) {
    this.plateKey = vehicleKey;
    return this;
  }

  RuleCase confidence(double confidence) {
    this.confidence = (float) confidence;
    return this;
  }

  /** Adds a register entry (the default key of the zone unless {@link #plate} set before or {@code key(...)} used). */
  RuleCase registered(VehicleFacts vehicle) {
    register.add(vehicle);
    return this;
  }

  RuleCase registered(VehicleCategory category, Fuel fuel, int euroNorm) {
    return registered(vehicle(defaultKey(zone), category, fuel, euroNorm));
  }

  /** The register entry as known when the candidate is finalised (e.g. registered foreign vehicle). */
  RuleCase registeredByDecision(VehicleFacts vehicle) {
    this.vehicleAtDecision = vehicle;
    return this;
  }

  RuleCase permits(Consumer<Local> p) {
    p.accept(new Local(permits));
    return this;
  }

  /** Permits bought after the read (in the grace window or too late): known only at decision time. */
  RuleCase laterPermits(Consumer<Local> p) {
    p.accept(new Local(laterPermits));
    return this;
  }

  RuleCase finedOn(String... days) {
    for (String d : days) fineDays.add(LocalDate.parse(d));
    return this;
  }

  /** Warnings the vehicle got earlier (the history loaded from outside). */
  RuleCase warnedOn(String... days) {
    for (String d : days) warningDays.add(LocalDate.parse(d));
    return this;
  }

  /** Day-pass days the history says were used (passes not among the permits given). */
  RuleCase dayPassesUsed(String... days) {
    for (String d : days) dayPassDays.add(LocalDate.parse(d));
    return this;
  }

  /** Decides against this timeline instead of the shipped one (e.g. a later version with other amounts). */
  RuleCase timeline(PolicyTimeline timeline) {
    this.timelineOverride = timeline;
    return this;
  }

  RuleCase expect(String expected) {
    this.expected = expected;
    return this;
  }

  /** The "fineable from" day a WARNING, ALREADY_WARNED or WARNED_NOT_YET_FINEABLE must carry. */
  RuleCase fineableFrom(String day) {
    this.expectedFineableFrom = day;
    return this;
  }

  /** Text the explanation must contain (a permit id, a rule name ...). */
  RuleCase explains(String... fragments) {
    explains.addAll(List.of(fragments));
    return this;
  }

  @Override
  public String toString() {
    return zone + ": " + name;
  }

  /** Permits in the zone's local time. */
  final class Local {
    private final Permits.Builder b;

    Local(Permits.Builder b) {
      this.b = b;
    }

    Local dayPass(String id, String day, String boughtAt) {
      b.dayPass(id, LocalDate.parse(day), instant(boughtAt));
      return this;
    }

    Local exemption(String id, String from, String until, String reason) {
      b.exemption(id, instant(from), until == null ? null : instant(until), reason);
      return this;
    }

    Local registration(String id, String madeAt, String validUntil) {
      b.foreignRegistration(id, instant(madeAt), validUntil == null ? null : instant(validUntil), instant(madeAt));
      return this;
    }

    Local chargePaid(String id, String day, String paidAt) {
      b.chargePaid(id, LocalDate.parse(day), instant(paidAt));
      return this;
    }
  }

  Instant instant(String localDateTime) {
    return LocalDateTime.parse(localDateTime, LOCAL).atZone(tz).toInstant();
  }

  // ---- vehicles ----

  static VehicleFacts vehicle(String key, VehicleCategory category, Fuel fuel, int euroNorm) {
    return new VehicleFacts(key, category, fuel, euroNorm, null, LocalDate.of(2012, 6, 1), false, VehicleUse.ORDINARY);
  }

  static VehicleFacts firstRegistered(VehicleFacts v, String day, boolean historicPlate) {
    return new VehicleFacts(v.vehicleKey(), v.category(), v.fuel(), v.euroNorm(), v.critAir(), LocalDate.parse(day),
        historicPlate, v.use());
  }

  static VehicleFacts priority(VehicleFacts v) {
    return used(v, VehicleUse.PRIORITY);
  }

  static VehicleFacts used(VehicleFacts v, VehicleUse use) {
    return new VehicleFacts(v.vehicleKey(), v.category(), v.fuel(), v.euroNorm(), v.critAir(), v.firstRegistration(),
        v.historicPlate(), use);
  }

  static VehicleFacts withCritAir(VehicleFacts v, CritAir critAir) {
    return new VehicleFacts(v.vehicleKey(), v.category(), v.fuel(), v.euroNorm(), critAir, v.firstRegistration(),
        v.historicPlate(), v.use());
  }

  // ---- running ----

  /**
   * Runs the row: evaluate, and for a candidate finalise at its decision time with all permits
   * (read-time and later). Checks the expected result and the invariants of every decision:
   *
   * <ul>
   *   <li>the explanation names the zone and policy version, and no plate in clear;
   *   <li>a candidate's id is {@code ViolationIds.of(zone, vehicle, local date of the read)}, its
   *       decision time is not before the read, and it survives {@link CandidateCodec};
   *   <li>order independence: evaluating with every permit already known agrees with the final
   *       result (a permit bought in time permits; one bought late changes nothing).
   * </ul>
   */
  void run() {
    PolicyTimeline timeline = timelineOverride != null ? timelineOverride : timeline(zone);
    String key = plateKey != null ? plateKey : register.isEmpty() ? defaultKey(zone) : register.get(0).vehicleKey();
    String country = key.substring(0, key.indexOf(':'));
    Instant t = instant(readAt);
    ReadFacts read = new ReadFacts("cam-1:42", "cam-1", zone, t, key, country, confidence, "ab".repeat(32));
    PlateMatch<VehicleFacts> plateMatch = PlateMatcher.match(key, register, VehicleFacts::vehicleKey);
    VehicleMatch match = VehicleMatch.fromPlateMatch(plateMatch, v -> v);
    Permits atRead = permits.build();
    Permits all = Permits.builder().addAll(atRead).addAll(laterPermits.build()).build();
    VehicleHistory history = new VehicleHistory(fineDays, warningDays, dayPassDays);

    Decision decision = DECIDER.evaluate(read, match, atRead, history, timeline);
    String actual;
    String explanation;
    if (decision.isCandidate()) {
      Candidate candidate = decision.candidate();
      ZonePolicy policy = timeline.inForceAt(t).orElseThrow();
      assertThat(candidate.violationId())
          .isEqualTo(ViolationIds.of(zone, candidate.vehicleKey(), LocalDate.ofInstant(t, tz)));
      assertThat(candidate.decideAt()).isAfterOrEqualTo(t);
      assertThat(CandidateCodec.decode(CandidateCodec.encode(candidate))).isEqualTo(candidate);
      assertThat(policy.version()).isEqualTo(candidate.policyVersion());

      FinalDecision fin = DECIDER.finalise(candidate, vehicleAtDecision, all, history, timeline);
      explanation = fin.explanation();
      actual = switch (fin.outcome()) {
        case DROP -> "DROP " + fin.dropReason();
        case ISSUE, MANUAL_REVIEW -> fin.outcome() + " " + fin.violationType() + " " + fin.fineCents()
            + (fin.warningOnly() ? " warning" : "");
      };
      assertThat(fin.violationId()).isEqualTo(candidate.violationId());
      if (fin.outcome() != FinalOutcome.DROP) {
        assertThat(fin.toViolation().getNeedsReview()).isEqualTo(fin.outcome() == FinalOutcome.MANUAL_REVIEW);
        assertThat(fin.toViolation().getCurrency()).isEqualTo(policy.currency());
      }
      checkOrderIndependence(read, match, all, history, timeline, fin);
      if (expectedFineableFrom != null) {
        assertThat(fin.fineableFrom()).as("%s: fineable from", this).isEqualTo(LocalDate.parse(expectedFineableFrom));
        assertThat(fin.toViolation().getFineableFrom()).isEqualTo(expectedFineableFrom);
      }
    } else {
      explanation = decision.explanation();
      actual = decision.outcome().name();
      boolean warned = switch (decision.outcome()) {
        case WARNING, ALREADY_WARNED, WARNED_NOT_YET_FINEABLE -> true;
        default -> false;
      };
      assertThat(decision.fineableFrom() != null).as("%s: a fineable-from day exactly on warnings", this).isEqualTo(warned);
      if (expectedFineableFrom != null) {
        assertThat(decision.fineableFrom()).as("%s: fineable from", this).isEqualTo(LocalDate.parse(expectedFineableFrom));
      }
      if (decision.isWarning()) {
        assertThat(decision.toWarningViolation("EUR").getFineableFrom()).isEqualTo(decision.fineableFrom().toString());
      }
    }

    assertThat(actual).as("%s%n  explanation: %s", this, explanation).isEqualTo(expected);
    if (decision.outcome() != Outcome.NO_POLICY_IN_FORCE) {
      assertThat(explanation).contains("policy " + zone + " v" + decision.policyVersion());
    }
    String plate = key.substring(key.indexOf(':') + 1);
    assertThat(explanation).as("no plate in clear in an explanation").doesNotContain(plate);
    for (String fragment : explains) assertThat(explanation).contains(fragment);
  }

  private void checkOrderIndependence(
      ReadFacts read, VehicleMatch match, Permits all, VehicleHistory history, PolicyTimeline timeline, FinalDecision fin) {
    if (vehicleAtDecision != null) return; // the register changed in between: not the same inputs
    Decision withEverything = DECIDER.evaluate(read, match, all, history, timeline);
    Set<Outcome> expected = fin.outcome() != FinalOutcome.DROP
        ? Set.of(Outcome.CANDIDATE)
        : switch (fin.dropReason()) {
          case DAY_PASS_IN_TIME, CHARGE_PAID_IN_TIME -> Set.of(Outcome.PERMITTED);
          case INDIVIDUAL_EXEMPTION -> Set.of(Outcome.EXEMPT);
          case REGISTERED_IN_TIME -> Set.of(Outcome.COMPLIANT, Outcome.EXEMPT, Outcome.PERMITTED, Outcome.OUTSIDE_ENFORCEMENT_WINDOW);
          case REGISTERED_IN_TIME_VEHICLE_UNKNOWN -> Set.of(Outcome.UNKNOWN_VEHICLE);
          case ALREADY_FINED_THAT_DAY, FINE_LIMIT_MINIMUM_GAP -> Set.of(Outcome.CANDIDATE);
          case NO_POLICY_IN_FORCE -> Set.of(Outcome.NO_POLICY_IN_FORCE);
        };
    assertThat(withEverything.outcome()).as("%s: evaluate with every permit known agrees with finalise", this).isIn(expected);
  }
}
