package io.lezflow.rules.decision;

import static io.lezflow.rules.decision.RuleCase.firstRegistered;
import static io.lezflow.rules.decision.RuleCase.priority;
import static io.lezflow.rules.decision.RuleCase.vehicle;
import static io.lezflow.rules.model.Fuel.DIESEL;
import static io.lezflow.rules.model.Fuel.ELECTRIC;
import static io.lezflow.rules.model.Fuel.HYBRID_DIESEL;
import static io.lezflow.rules.model.Fuel.HYDROGEN;
import static io.lezflow.rules.model.Fuel.LPG;
import static io.lezflow.rules.model.Fuel.PETROL;
import static io.lezflow.rules.model.VehicleCategory.L;
import static io.lezflow.rules.model.VehicleCategory.M1;
import static io.lezflow.rules.model.VehicleCategory.M2;
import static io.lezflow.rules.model.VehicleCategory.M3;
import static io.lezflow.rules.model.VehicleCategory.N1;
import static io.lezflow.rules.model.VehicleCategory.N2;
import static io.lezflow.rules.model.VehicleCategory.N3;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Brussels LEZ: Euro-norm calendar, warnings, exemptions, day passes, foreign registration, 3-month fine gap. */
class BrusselsRulesTest {

  private static RuleCase bru(String name) {
    return RuleCase.in("brussels", name);
  }

  static Stream<RuleCase> cases() {
    return Stream.of(
        // --- the calendar: the day before a step vs the day it starts ---
        bru("diesel Euro 2 car the day before its ban (2018-12-31)").at("2018-12-31 23:59")
            .registered(M1, DIESEL, 2).expect("COMPLIANT"),
        bru("diesel Euro 2 car the day its ban starts (2019-01-01)").at("2019-01-01 00:01")
            .registered(M1, DIESEL, 2).expect("ISSUE EMISSION_BAN 35000").explains("diesel-euro-2"),
        bru("diesel Euro 4 van the day before its ban (2021-12-31)").at("2021-12-31 12:00")
            .registered(N1, DIESEL, 4).expect("COMPLIANT").explains("next step for it: diesel-euro-4 from 2022-01-01"),
        bru("diesel Euro 4 van the day its ban starts (2022-01-01)").at("2022-01-01 12:00")
            .registered(N1, DIESEL, 4).expect("ISSUE EMISSION_BAN 35000"),
        // Was COMPLIANT while the step stood postponed to 2027 (v1); the postponement was struck down (v2).
        bru("diesel Euro 5 fined on 2026-12-31 (the postponement to 2027 was struck down)").at("2026-12-31 18:00")
            .registered(M1, DIESEL, 5).expect("ISSUE EMISSION_BAN 35000").explains("policy brussels v2", "diesel-euro-5"),
        bru("diesel Euro 5 still fined on 2027-01-01, the struck-down postponement date").at("2027-01-01 09:00")
            .registered(M1, DIESEL, 5).expect("ISSUE EMISSION_BAN 35000"),
        bru("diesel Euro 6 allowed on 2029-12-31").at("2029-12-31 09:00")
            .registered(M1, DIESEL, 6).expect("COMPLIANT"),
        bru("every diesel banned from 2030-01-01").at("2030-01-01 09:00")
            .registered(M1, DIESEL, 6).expect("ISSUE EMISSION_BAN 35000").explains("diesel-out"),
        bru("petrol Euro 1 the day before its ban (2018-12-31)").at("2018-12-31 09:00")
            .registered(M1, PETROL, 1).expect("COMPLIANT"),
        bru("petrol Euro 1 banned from 2019-01-01").at("2019-01-01 09:00")
            .registered(M1, PETROL, 1).expect("ISSUE EMISSION_BAN 35000"),
        // Was COMPLIANT while the step stood postponed to 2027 (v1); the postponement was struck down (v2).
        bru("petrol Euro 2 fined in June 2026").at("2026-06-01 09:00")
            .registered(M1, PETROL, 2).expect("ISSUE EMISSION_BAN 35000").explains("petrol-euro-2"),
        // --- the 2025 step, reinstated (v2): warnings 2026-01-01..2026-03-31, fines from 2026-04-01 ---
        bru("diesel Euro 5 car on 2025-12-31 23:59: compliant").at("2025-12-31 23:59")
            .registered(M1, DIESEL, 5).expect("COMPLIANT")
            .explains("policy brussels v2", "next step for it: diesel-euro-5 from 2026-01-01"),
        bru("diesel Euro 5 car on 2026-01-01 00:00: warning").at("2026-01-01 00:00")
            .registered(M1, DIESEL, 5).expect("WARNING").explains("diesel-euro-5", "warnings only until 2026-03-31"),
        bru("diesel Euro 5 car on 2026-03-31 23:59: still a warning").at("2026-03-31 23:59")
            .registered(M1, DIESEL, 5).expect("WARNING").explains("warnings only until 2026-03-31"),
        bru("diesel Euro 5 car on 2026-04-01 00:00: fined").at("2026-04-01 00:00")
            .registered(M1, DIESEL, 5).expect("ISSUE EMISSION_BAN 35000").explains("diesel-euro-5"),
        bru("petrol Euro 2 car on 2025-12-31 23:59: compliant").at("2025-12-31 23:59")
            .registered(M1, PETROL, 2).expect("COMPLIANT").explains("next step for it: petrol-euro-2 from 2026-01-01"),
        bru("petrol Euro 2 car on 2026-01-01 00:00: warning").at("2026-01-01 00:00")
            .registered(M1, PETROL, 2).expect("WARNING").explains("petrol-euro-2", "warnings only until 2026-03-31"),
        bru("petrol Euro 2 car on 2026-03-31 23:59: still a warning").at("2026-03-31 23:59")
            .registered(M1, PETROL, 2).expect("WARNING"),
        bru("petrol Euro 2 car on 2026-04-01 00:00: fined").at("2026-04-01 00:00")
            .registered(M1, PETROL, 2).expect("ISSUE EMISSION_BAN 35000").explains("petrol-euro-2"),
        bru("LPG Euro 2 car follows petrol: warning in March 2026").at("2026-03-15 12:00")
            .registered(M1, LPG, 2).expect("WARNING"),
        bru("diesel-hybrid Euro 5 van on 2026-04-01: fined").at("2026-04-01 08:00")
            .registered(N1, HYBRID_DIESEL, 5).expect("ISSUE EMISSION_BAN 35000"),
        bru("diesel Euro V minibus (M2) on 2026-01-01: warning").at("2026-01-01 10:00")
            .registered(M2, DIESEL, 5).expect("WARNING").explains("bus-diesel-euro-5"),
        bru("diesel Euro V coach (M3) on 2026-04-01: fined").at("2026-04-01 10:00")
            .registered(M3, DIESEL, 5).expect("ISSUE EMISSION_BAN 35000").explains("bus-diesel-euro-5"),
        bru("diesel Euro 6 car in the warning period: compliant (the step stops at Euro 5)").at("2026-02-01 10:00")
            .registered(M1, DIESEL, 6).expect("COMPLIANT"),
        bru("diesel Euro 5 car with a day pass in the warning period: permitted, no warning").at("2026-02-01 10:00")
            .registered(M1, DIESEL, 5).permits(p -> p.dayPass("dp-w", "2026-02-01", "2026-02-01 08:00"))
            .expect("PERMITTED").explains("dp-w"),
        // --- which version decides: the one in force at the capture time ---
        bru("read of 2025-09-21 23:59 is decided by v1 (next step 2027)").at("2025-09-21 23:59")
            .registered(M1, DIESEL, 5).expect("COMPLIANT")
            .explains("policy brussels v1", "next step for it: diesel-euro-5 from 2027-01-01"),
        bru("read of 2025-09-22 00:00 is decided by v2 (next step 2026)").at("2025-09-22 00:00")
            .registered(M1, DIESEL, 5).expect("COMPLIANT")
            .explains("policy brussels v2", "next step for it: diesel-euro-5 from 2026-01-01"),
        bru("a 2024 read is decided by v1").at("2024-05-03 10:00")
            .registered(M1, PETROL, 2).expect("COMPLIANT").explains("policy brussels v1", "petrol-euro-2 from 2027-01-01"),
        // --- warning-only period of the 2018 start ---
        bru("diesel Euro 1 on the last warning-only day (2018-09-30)").at("2018-09-30 22:00")
            .registered(M1, DIESEL, 1).expect("WARNING").explains("warnings only until 2018-09-30"),
        bru("diesel Euro 1 on the first fine day (2018-10-01)").at("2018-10-01 08:00")
            .registered(M1, DIESEL, 1).expect("ISSUE EMISSION_BAN 35000"),
        bru("diesel Euro 2 in 2019 gets no warning: its step has no warning period").at("2019-01-02 08:00")
            .registered(M1, DIESEL, 2).expect("ISSUE EMISSION_BAN 35000"),
        bru("before the zone existed (2017-12-31) no policy is in force").at("2017-12-31 12:00")
            .registered(M1, DIESEL, 0).expect("NO_POLICY_IN_FORCE"),
        // --- exemptions ---
        bru("electric car exempt even after petrol and diesel are out (2036)").at("2036-01-01 09:00")
            .registered(M1, ELECTRIC, 0).expect("EXEMPT").explains("fuel ELECTRIC is exempt"),
        bru("hydrogen van exempt").at("2031-05-05 09:00").registered(N1, HYDROGEN, 0).expect("EXEMPT"),
        bru("motorcycle (L) exempt").at("2024-05-03 09:00").registered(L, PETROL, 0).expect("EXEMPT").explains("category L"),
        bru("truck N2 exempt").at("2024-05-03 09:00").registered(N2, DIESEL, 1).expect("EXEMPT"),
        bru("truck N3 exempt").at("2024-05-03 09:00").registered(N3, DIESEL, 0).expect("EXEMPT"),
        bru("priority vehicle exempt").at("2024-05-03 09:00")
            .registered(priority(vehicle("BE:1ABC234", M1, DIESEL, 1))).expect("EXEMPT").explains("priority"),
        bru("historic plate, 29 years old: not yet historic").at("2024-05-03 10:00")
            .registered(firstRegistered(vehicle("BE:1ABC234", M1, DIESEL, 0), "1994-05-04", true))
            .expect("ISSUE EMISSION_BAN 35000"),
        bru("historic plate, 30 years old to the day: exempt").at("2024-05-03 10:00")
            .registered(firstRegistered(vehicle("BE:1ABC234", M1, DIESEL, 0), "1994-05-03", true))
            .expect("EXEMPT").explains("historic vehicle: 30 years"),
        bru("45 years old without a historic plate: not exempt").at("2024-05-03 10:00")
            .registered(firstRegistered(vehicle("BE:1ABC234", M1, PETROL, 0), "1979-01-01", false))
            .expect("ISSUE EMISSION_BAN 35000"),
        bru("individual exemption valid at the read").at("2024-06-30 23:00").registered(M1, DIESEL, 3)
            .permits(p -> p.exemption("ex-7", "2024-01-01 00:00", "2024-07-01 00:00", "adapted vehicle"))
            .expect("EXEMPT").explains("ex-7", "adapted vehicle"),
        bru("individual exemption expired the day before").at("2024-07-01 10:00").registered(M1, DIESEL, 3)
            .permits(p -> p.exemption("ex-7", "2024-01-01 00:00", "2024-07-01 00:00", "adapted vehicle"))
            .expect("ISSUE EMISSION_BAN 35000"),
        bru("individual exemption granted during the grace window").at("2024-05-03 10:00").registered(M1, DIESEL, 3)
            .laterPermits(p -> p.exemption("ex-8", "2024-05-01 00:00", null, "medical"))
            .expect("DROP INDIVIDUAL_EXEMPTION").explains("ex-8"),
        // --- day passes ---
        bru("day pass for the day of the read").at("2024-05-03 14:00").registered(M1, DIESEL, 3)
            .permits(p -> p.dayPass("dp-1", "2024-05-03", "2024-05-03 09:00"))
            .expect("PERMITTED").explains("dp-1"),
        bru("05:59 next morning is still covered by the day pass").at("2024-05-04 05:59").registered(M1, DIESEL, 3)
            .permits(p -> p.dayPass("dp-1", "2024-05-03", "2024-05-03 09:00"))
            .expect("PERMITTED").explains("dp-1", "valid until 2024-05-04 06:00"),
        bru("06:01 next morning is not covered by the previous day's pass").at("2024-05-04 06:01").registered(M1, DIESEL, 3)
            .permits(p -> p.dayPass("dp-1", "2024-05-03", "2024-05-03 09:00"))
            .expect("ISSUE EMISSION_BAN 35000"),
        bru("day pass bought 23:59 the day after the visit: in time").at("2024-05-03 14:00").registered(M1, DIESEL, 3)
            .laterPermits(p -> p.dayPass("dp-2", "2024-05-03", "2024-05-04 23:59"))
            .expect("DROP DAY_PASS_IN_TIME").explains("dp-2"),
        bru("day pass bought 00:01 two days after the visit: too late").at("2024-05-03 14:00").registered(M1, DIESEL, 3)
            .laterPermits(p -> p.dayPass("dp-2", "2024-05-03", "2024-05-05 00:01"))
            .expect("ISSUE EMISSION_BAN 35000").explains("after its purchase deadline 2024-05-05 00:00"),
        bru("8th day pass of the year is honoured").at("2024-01-09 10:00").registered(M1, DIESEL, 3)
            .permits(p -> eightPassesFrom2ToJan9(p))
            .expect("PERMITTED").explains("dp-jan-9", "day 8 of 8"),
        bru("9th day pass of the year is not honoured").at("2024-01-10 10:00").registered(M1, DIESEL, 3)
            .permits(p -> eightPassesFrom2ToJan9(p).dayPass("dp-jan-10", "2024-01-10", "2024-01-10 08:00"))
            .expect("ISSUE EMISSION_BAN 35000").explains("day pass day 9 of 2024"),
        bru("passes of the previous year do not count toward this year's 8").at("2024-01-02 10:00").registered(M1, DIESEL, 3)
            .permits(p -> {
              for (int d = 20; d <= 28; d++) p.dayPass("dp-dec-" + d, "2023-12-" + d, "2023-12-" + d + " 08:00");
              p.dayPass("dp-new", "2024-01-02", "2024-01-02 08:00");
            })
            .expect("PERMITTED").explains("dp-new", "day 1 of 8"),
        // --- fine limits: no new fine within 3 months ---
        bru("fined 2024-03-15: the day before 3 months have passed (2024-06-14) no new fine").at("2024-06-14 10:00")
            .registered(M1, DIESEL, 3).finedOn("2024-03-15")
            .expect("DROP FINE_LIMIT_MINIMUM_GAP").explains("previous fine was on 2024-03-15", "no new fine is allowed before 2024-06-15"),
        bru("fined 2024-03-15: 3 months later to the day (2024-06-15) fined again").at("2024-06-15 10:00")
            .registered(M1, DIESEL, 3).finedOn("2024-03-15").expect("ISSUE EMISSION_BAN 35000"),
        bru("already fined earlier the same day").at("2024-06-15 18:00")
            .registered(M1, DIESEL, 3).finedOn("2024-06-15").expect("DROP ALREADY_FINED_THAT_DAY"),
        // --- foreign vehicles ---
        bru("German car, not registered, not in the register").at("2024-05-03 10:00").plate("DE:BAB1234")
            .expect("ISSUE UNREGISTERED_FOREIGN 15000").explains("must register"),
        bru("German car registered the next evening (in time), compliant").at("2024-05-03 10:00").plate("DE:BAB1234")
            .laterPermits(p -> p.registration("reg-1", "2024-05-04 20:00", null))
            .registeredByDecision(vehicle("DE:BAB1234", M1, PETROL, 6))
            .expect("DROP REGISTERED_IN_TIME").explains("reg-1"),
        bru("German car registered two days later: too late").at("2024-05-03 10:00").plate("DE:BAB1234")
            .laterPermits(p -> p.registration("reg-1", "2024-05-05 20:00", null))
            .registeredByDecision(vehicle("DE:BAB1234", M1, PETROL, 6))
            .expect("ISSUE UNREGISTERED_FOREIGN 15000").explains("after the deadline 2024-05-05 00:00"),
        bru("German car registered in time but its diesel Euro 4 is banned").at("2024-05-03 10:00").plate("DE:BAB1234")
            .laterPermits(p -> p.registration("reg-1", "2024-05-04 20:00", null))
            .registeredByDecision(vehicle("DE:BAB1234", M1, DIESEL, 4))
            .expect("ISSUE EMISSION_BAN 35000").explains("reg-1", "diesel-euro-4"),
        bru("German car registered in time, register data never arrived: unknown vehicle").at("2024-05-03 10:00").plate("DE:BAB1234")
            .laterPermits(p -> p.registration("reg-1", "2024-05-04 20:00", null))
            .expect("DROP REGISTERED_IN_TIME_VEHICLE_UNKNOWN"),
        bru("German car registered last year, compliant").at("2024-05-03 10:00")
            .registered(vehicle("DE:BAB1234", M1, DIESEL, 6))
            .permits(p -> p.registration("reg-0", "2023-02-01 10:00", null))
            .expect("COMPLIANT").explains("reg-0"),
        bru("German car whose 3-year registration expired").at("2024-05-03 10:00")
            .registered(vehicle("DE:BAB1234", M1, DIESEL, 6))
            .permits(p -> p.registration("reg-0", "2021-02-01 10:00", null))
            .expect("ISSUE UNREGISTERED_FOREIGN 15000").explains("expired at 2024-02-01"),
        bru("French electric car must register too").at("2024-05-03 10:00")
            .registered(vehicle("FR:AB123CD", M1, ELECTRIC, 0))
            .expect("ISSUE UNREGISTERED_FOREIGN 15000"),
        bru("French truck (N3) is out of scope: no registration needed").at("2024-05-03 10:00")
            .registered(vehicle("FR:AB123CD", N3, DIESEL, 3)).expect("EXEMPT"),
        bru("German car without registration but with a day pass").at("2024-05-03 10:00").plate("DE:BAB1234")
            .permits(p -> p.dayPass("dp-3", "2024-05-03", "2024-05-02 12:00"))
            .expect("PERMITTED").explains("dp-3"),
        bru("Dutch car needs no registration: compliant").at("2024-05-03 10:00")
            .registered(vehicle("NL:12ABC3", M1, PETROL, 5)).expect("COMPLIANT"),
        bru("Dutch car needs no registration but its Euro norm is checked").at("2024-05-03 10:00")
            .registered(vehicle("NL:12ABC3", M1, DIESEL, 3)).expect("ISSUE EMISSION_BAN 35000"),
        bru("Dutch plate unknown to the register").at("2024-05-03 10:00").plate("NL:12ABC3").expect("UNKNOWN_VEHICLE"),
        // --- identification: confidence, fuzzy plates, unknown plates ---
        bru("confidence 0.79 (under 0.80): banned vehicle goes to review, not a fine").at("2024-05-03 10:00")
            .registered(M1, DIESEL, 3).confidence(0.79).expect("MANUAL_REVIEW EMISSION_BAN 35000").explains("OCR confidence 0.79"),
        bru("confidence 0.80 is enough for an automatic fine").at("2024-05-03 10:00")
            .registered(M1, DIESEL, 3).confidence(0.80).expect("ISSUE EMISSION_BAN 35000"),
        bru("low confidence but compliant: nothing to review").at("2024-05-03 10:00")
            .registered(M1, PETROL, 6).confidence(0.40).expect("COMPLIANT"),
        bru("misread B as 8: fuzzy match to a banned vehicle goes to review with its score").at("2024-05-03 10:00")
            .registered(M1, DIESEL, 3).plate("BE:1A8C234")
            .expect("MANUAL_REVIEW EMISSION_BAN 35000").explains("fuzzy register match, score 1"),
        bru("fuzzy match to a compliant vehicle: compliant").at("2024-05-03 10:00")
            .registered(M1, PETROL, 6).plate("BE:1A8C234").expect("COMPLIANT"),
        bru("fuzzy match with a day pass bought in time: dropped, no review").at("2024-05-03 10:00")
            .registered(M1, DIESEL, 3).plate("BE:1A8C234")
            .laterPermits(p -> p.dayPass("dp-4", "2024-05-03", "2024-05-04 08:00"))
            .expect("DROP DAY_PASS_IN_TIME"),
        bru("plate unknown to the register").at("2024-05-03 10:00").plate("BE:2XYZ987").expect("UNKNOWN_VEHICLE"),
        bru("register entry without fuel").at("2024-05-03 10:00")
            .registered(vehicle("BE:1ABC234", M1, null, 3)).expect("UNKNOWN_VEHICLE").explains("lacks the fuel"));
  }

  private static RuleCase.Local eightPassesFrom2ToJan9(RuleCase.Local p) {
    for (int d = 2; d <= 9; d++) p.dayPass("dp-jan-" + d, "2024-01-0" + d, "2024-01-0" + d + " 08:00");
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(RuleCase rule) {
    rule.run();
  }
}
