package io.lezflow.sim.traffic;

import io.lezflow.sim.reference.ForeignRegistrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.rules.decision.Decision;
import io.lezflow.rules.decision.EnforcementDecider;
import io.lezflow.rules.decision.Outcome;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.ReadFacts;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's oracle against the shipped Brussels policy ({@code rules:
 * policies/brussels.json}) as the rules engine applies it — each read against the policy version
 * in force at its capture time, as the pipeline does — for every category and fuel the simulator
 * generates, around every step of the calendar, warnings included. The oracle is written from the public
 * rule, not copied from the policy: where they differ, each difference is listed here with its
 * reason (and in the device-sim report), so that a change on either side shows up.
 */
class BrusselsOracleVersusShippedPolicyTest {
  private static PolicyTimeline timeline;
  /** The version in force on 2026-11-28, for the tests of one day. */
  private static ZonePolicy policy;
  private static final EnforcementDecider DECIDER = new EnforcementDecider();

  private static final List<LocalDate> DAYS = List.of(
      LocalDate.of(2018, 1, 1), LocalDate.of(2018, 6, 30), LocalDate.of(2018, 12, 31),
      LocalDate.of(2019, 1, 1), LocalDate.of(2019, 12, 31), LocalDate.of(2020, 1, 1), LocalDate.of(2021, 12, 31),
      LocalDate.of(2019, 3, 31), LocalDate.of(2019, 4, 1), LocalDate.of(2020, 3, 31), LocalDate.of(2020, 4, 1),
      LocalDate.of(2022, 1, 1), LocalDate.of(2022, 6, 30), LocalDate.of(2022, 7, 1), LocalDate.of(2025, 9, 21), LocalDate.of(2025, 9, 22), LocalDate.of(2025, 12, 31),
      LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 1), LocalDate.of(2026, 11, 28),
      LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1),
      LocalDate.of(2029, 12, 31), LocalDate.of(2030, 1, 1), LocalDate.of(2034, 12, 31), LocalDate.of(2035, 1, 1));
  private static final Set<VehicleCategory> GENERATED_CATEGORIES = EnumSet.of(VehicleCategory.VEHICLE_CATEGORY_M1,
      VehicleCategory.VEHICLE_CATEGORY_N1, VehicleCategory.VEHICLE_CATEGORY_M2, VehicleCategory.VEHICLE_CATEGORY_M3,
      VehicleCategory.VEHICLE_CATEGORY_N2, VehicleCategory.VEHICLE_CATEGORY_N3, VehicleCategory.VEHICLE_CATEGORY_L);
  private static final Set<Fuel> GENERATED_FUELS = EnumSet.complementOf(EnumSet.of(Fuel.FUEL_UNSPECIFIED, Fuel.UNRECOGNIZED));

  @BeforeAll
  static void loadThePolicy() throws Exception {
    timeline = ShippedPolicies.timelines().get("brussels");
    policy = policyOn(LocalDate.of(2026, 11, 28));
  }

  /**
   * Where the oracle (public rule, docs/design.md) and the shipped policy knowingly differ. Each entry
   * must still occur: when the policy (or the oracle) is changed to agree, remove it.
   */
  enum KnownDisagreement {
    /**
     * The oracle exempts a historic-plated vehicle only when it is MORE than 30 years old
     * (docs/design.md: "vehicles over 30 years old"; lez.brussels: "plus de 30 ans"); the policy
     * ({@code minimumAgeYears: 30}) exempts it from its 30th anniversary on, one day earlier.
     */
    HISTORIC_ON_THE_30TH_ANNIVERSARY,
    /**
     * Buses and coaches (M2/M3) on petrol, LPG or CNG: the oracle applies the petrol steps to them
     * (docs/design.md: "cars, vans <= 3.5 t, buses"; lez.brussels lists buses and coaches under the same
     * Euro n / n calendar); the policy's petrol steps cover M1/N1 only, so it bans such buses
     * only from 2035. The simulator generates CNG buses.
     */
    BUS_ON_PETROL_LPG_CNG,
    /**
     * Diesel buses and coaches Euro II in 2018 and Euro III in 2019: the policy's bus-specific
     * steps (marked "own knowledge, low confidence") ban them a year before the car calendar
     * that docs/design.md and lez.brussels give for buses too; so in 2019 (Euro II) and 2020
     * (Euro III) the oracle's warning period finds the policy already fining.
     */
    BUS_DIESEL_ONE_YEAR_EARLY
  }

  @Test
  void theOracleAgreesWithTheShippedPolicyExceptForTheListedDisagreements() {
    Map<KnownDisagreement, Integer> seen = new EnumMap<>(KnownDisagreement.class);
    List<String> unexplained = new ArrayList<>();
    int cases = 0;
    int banned = 0;
    for (LocalDate day : DAYS) {
      for (VehicleRecord v : vehiclesFor(day)) {
        cases++;
        boolean oracle = BrusselsComplianceOracle.banned(v, day);
        Outcome engine = engineOutcome(v, day);
        if (oracle) banned++;
        if (oracle == bans(engine)) {
          // Both see a violation: they must also agree on whether it is only a warning.
          // (No history is given to the engine: every read is a first detection, as the oracle assumes.)
          if (oracle && BrusselsComplianceOracle.warningOnly(v, day) != (engine == Outcome.WARNING)) {
            if (busBannedAYearEarlierByThePolicy(v, day.getYear() - 1)) {
              // The policy's bus step started a year earlier, so its warnings are over when the oracle's begin.
              seen.merge(KnownDisagreement.BUS_DIESEL_ONE_YEAR_EARLY, 1, Integer::sum);
              continue;
            }
            if (isBus(v) && BrusselsComplianceOracle.PETROL_FUELS.contains(v.getFuel())) {
              // The oracle bans a petrol Euro 2 bus since the warning-first step of 2026, the policy only from 2035 (no warnings).
              seen.merge(KnownDisagreement.BUS_ON_PETROL_LPG_CNG, 1, Integer::sum);
              continue;
            }
            unexplained.add(describe(v) + " on " + day + ": oracle warning only=" + BrusselsComplianceOracle.warningOnly(v, day)
                + ", engine " + engine);
          }
          continue;
        }
        KnownDisagreement reason = reasonFor(v, day, oracle);
        if (reason == null) {
          unexplained.add(describe(v) + " on " + day + ": oracle banned=" + oracle + ", engine " + engine);
        } else {
          seen.merge(reason, 1, Integer::sum);
        }
      }
    }
    assertThat(unexplained).as("disagreements without a listed reason (first 20)").hasSizeLessThan(1)
        .withFailMessage(() -> String.join("\n", unexplained.subList(0, Math.min(20, unexplained.size()))));
    assertThat(seen.keySet()).as("every listed disagreement still occurs (remove those that do not)")
        .containsExactlyInAnyOrder(KnownDisagreement.values());
    int disagreements = seen.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("oracle vs shipped Brussels policy: %d cases (%d banned by the oracle), %d known disagreements %s%n",
        cases, banned, disagreements, seen);
    assertThat(banned).as("the grid exercises bans, not only exemptions").isGreaterThan(cases / 20);
  }

  @Test
  void howManyVehiclesOfTheDefaultPopulationAreJudgedDifferentlyAroundTheReinstatedStep() {
    // Information for the demo, whose expected violations come from the oracle: a vehicle judged
    // differently here is a violation the demo reports as "missing" or "unexpected".
    for (LocalDate day : List.of(LocalDate.of(2025, 12, 31), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1),
        LocalDate.of(2026, 11, 28))) {
      List<VehicleRecord> population = VehiclePopulation.generate(42, 50_000, day);
      long differ = population.stream().filter(v -> BrusselsComplianceOracle.banned(v, day) != bans(engineOutcome(v, day))).count();
      long banned = population.stream().filter(v -> BrusselsComplianceOracle.banned(v, day)).count();
      System.out.printf("default population on %s: %d banned by the oracle, %d judged differently by the shipped policy%n", day, banned, differ);
      assertThat(differ).as("judged differently on %s", day).isLessThan(banned / 100 + 1);
    }
  }

  @Test
  void theSimulatorsForeignRegistrationsAreHonouredByTheRulesEngine() {
    LocalDate today = LocalDate.of(2026, 11, 28);
    VehicleRecord french = VehicleRecord.newBuilder().setVehicleKey("FR:AB123CD").setPlate("AB-123-CD").setCountry("FR")
        .setCategory(VehicleCategory.VEHICLE_CATEGORY_M1).setFuel(Fuel.FUEL_PETROL).setEuroNorm(6).setFirstRegistration("2019-01-01").build();
    VehicleRecord dutch = french.toBuilder().setVehicleKey("NL:12ABC3").setPlate("12-ABC-3").setCountry("NL").build();
    List<io.lezflow.schemas.v1.Permit> permits = ForeignRegistrations.of(List.of(french, dutch), policy.zoneId(), today);
    assertThat(permits).hasSize(1);

    ReadFacts frenchRead = new ReadFacts("c:1", "c", policy.zoneId(), policy.at(today, LocalTime.NOON), "FR:AB123CD", "FR", 0.95f, "");
    ReadFacts dutchRead = new ReadFacts("c:2", "c", policy.zoneId(), policy.at(today, LocalTime.NOON), "NL:12ABC3", "NL", 0.95f, "");
    VehicleMatch frenchMatch = VehicleMatch.exact(VehicleFacts.fromRecord(french));
    // Without its registration the French car is a violation of its own kind; with it, it is judged on its Euro norm.
    assertThat(DECIDER.evaluate(frenchRead, frenchMatch, Permits.none(), policy).outcome()).isEqualTo(Outcome.CANDIDATE);
    assertThat(DECIDER.evaluate(frenchRead, frenchMatch, Permits.fromProto(permits, policy), policy).outcome()).isEqualTo(Outcome.COMPLIANT);
    assertThat(DECIDER.evaluate(dutchRead, VehicleMatch.exact(VehicleFacts.fromRecord(dutch)), Permits.none(), policy).outcome())
        .isEqualTo(Outcome.COMPLIANT);
    // Still valid on the last day of the third year, no longer the day after.
    LocalDate lastDay = today.plusYears(2).minusDays(1);
    ReadFacts late = new ReadFacts("c:3", "c", policy.zoneId(), policy.at(lastDay, LocalTime.NOON), "FR:AB123CD", "FR", 0.95f, "");
    assertThat(DECIDER.evaluate(late, frenchMatch, Permits.fromProto(permits, policy), policy).outcome()).isEqualTo(Outcome.COMPLIANT);
  }

  /** The version in force at noon of {@code day}. */
  private static ZonePolicy policyOn(LocalDate day) {
    ZonePolicy first = timeline.versions().get(0);
    return timeline.inForceAt(first.at(day, LocalTime.NOON)).orElseThrow();
  }

  /**
   * What the engine decides for a read of {@code v} at noon, with the registration the simulator
   * publishes for it, against the version in force then (as the pipeline picks it: by capture time).
   */
  private static Outcome engineOutcome(VehicleRecord v, LocalDate day) {
    ZonePolicy inForce = policyOn(day);
    ReadFacts read = new ReadFacts("bru-cam-0001:1", "bru-cam-0001", inForce.zoneId(), inForce.at(day, LocalTime.NOON),
        v.getVehicleKey(), v.getCountry(), 0.95f, "");
    Permits permits = Permits.fromProto(ForeignRegistrations.of(List.of(v), inForce.zoneId(), day), inForce);
    Decision d = DECIDER.evaluate(read, VehicleMatch.exact(VehicleFacts.fromRecord(v)), permits, timeline);
    return d.outcome();
  }

  /** A violation follows (a warning is a violation flagged warning-only, with its id). */
  private static boolean bans(Outcome outcome) {
    return outcome == Outcome.CANDIDATE || outcome == Outcome.WARNING;
  }

  private static KnownDisagreement reasonFor(VehicleRecord v, LocalDate day, boolean oracleBans) {
    boolean bus = v.getCategory() == VehicleCategory.VEHICLE_CATEGORY_M2 || v.getCategory() == VehicleCategory.VEHICLE_CATEGORY_M3;
    if (oracleBans && v.getHistoricPlate() && LocalDate.parse(v.getFirstRegistration()).plusYears(30).equals(day)) {
      return KnownDisagreement.HISTORIC_ON_THE_30TH_ANNIVERSARY;
    }
    if (oracleBans && bus && BrusselsComplianceOracle.PETROL_FUELS.contains(v.getFuel()) && day.getYear() < 2035) {
      return KnownDisagreement.BUS_ON_PETROL_LPG_CNG;
    }
    if (!oracleBans && busBannedAYearEarlierByThePolicy(v, day.getYear())) {
      return KnownDisagreement.BUS_DIESEL_ONE_YEAR_EARLY;
    }
    return null;
  }

  private static boolean isBus(VehicleRecord v) {
    return v.getCategory() == VehicleCategory.VEHICLE_CATEGORY_M2 || v.getCategory() == VehicleCategory.VEHICLE_CATEGORY_M3;
  }

  /** A diesel bus the policy bans in {@code year}, a year before the oracle (Euro II in 2018, Euro III in 2019). */
  private static boolean busBannedAYearEarlierByThePolicy(VehicleRecord v, int year) {
    boolean bus = v.getCategory() == VehicleCategory.VEHICLE_CATEGORY_M2 || v.getCategory() == VehicleCategory.VEHICLE_CATEGORY_M3;
    return bus && BrusselsComplianceOracle.DIESEL_FUELS.contains(v.getFuel())
        && ((v.getEuroNorm() == 2 && year == 2018) || (v.getEuroNorm() == 3 && year == 2019));
  }

  private static String describe(VehicleRecord v) {
    return v.getCategory() + " " + v.getFuel() + " Euro " + v.getEuroNorm() + " first registered " + v.getFirstRegistration()
        + (v.getHistoricPlate() ? " historic plate" : "") + (v.getPriorityVehicle() ? " priority" : "");
  }

  static List<VehicleRecord> vehiclesFor(LocalDate day) {
    List<VehicleRecord> vehicles = new ArrayList<>();
    List<String> registrations = List.of("2016-06-01", day.minusYears(30).toString(), day.minusYears(30).minusDays(1).toString(),
        day.minusYears(30).plusDays(1).toString());
    for (VehicleCategory category : GENERATED_CATEGORIES) {
      for (Fuel fuel : GENERATED_FUELS) {
        for (int euro = 0; euro <= 6; euro++) {
          for (String firstRegistration : registrations) {
            for (boolean historic : new boolean[] {false, true}) {
              for (boolean priority : new boolean[] {false, true}) {
                vehicles.add(VehicleRecord.newBuilder().setVehicleKey("BE:1ABC234").setPlate("1-ABC-234").setCountry("BE")
                    .setCategory(category).setFuel(fuel).setEuroNorm(euro).setFirstRegistration(firstRegistration)
                    .setHistoricPlate(historic).setPriorityVehicle(priority).setCritAir(-1).build());
              }
            }
          }
        }
      }
    }
    return vehicles;
  }

  static ReadFacts read(LocalDate day) {
    return new ReadFacts("bru-cam-0001:1", "bru-cam-0001", policy.zoneId(), policy.at(day, LocalTime.NOON), "BE:1ABC234", "BE",
        0.95f, "");
  }
}
