package io.lezflow.rules.decision;

import static io.lezflow.rules.decision.RuleCase.firstRegistered;
import static io.lezflow.rules.decision.RuleCase.priority;
import static io.lezflow.rules.decision.RuleCase.used;
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

import io.lezflow.rules.model.VehicleUse;
import io.lezflow.rules.model.ViolationType;
import io.lezflow.rules.policy.FineRule;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.ZonePolicy;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Brussels LEZ: Euro-norm calendar, fixed warning periods and the 2026 warning-first rule, exemptions
 * with their validity, the dated day-pass allowance, foreign registration, the 3-month fine gap,
 * amounts per version. Boundaries are tested on both sides.
 */
class BrusselsRulesTest {

  private static RuleCase bru(String name) {
    return RuleCase.in("brussels", name);
  }

  static Stream<RuleCase> cases() {
    return Stream.of(
        // --- the calendar: the day before a step vs the day it starts ---
        bru("diesel Euro 2 car the day before its ban (2018-12-31)").at("2018-12-31 23:59")
            .registered(M1, DIESEL, 2).expect("COMPLIANT"),
        bru("diesel Euro 2 car the day its ban starts (2019-01-01): warning period").at("2019-01-01 00:01")
            .registered(M1, DIESEL, 2).expect("WARNING").fineableFrom("2019-04-01").explains("diesel-euro-2"),
        bru("diesel Euro 4 van the day before its ban (2021-12-31)").at("2021-12-31 12:00")
            .registered(N1, DIESEL, 4).expect("COMPLIANT").explains("next step for it: diesel-euro-4 from 2022-01-01"),
        bru("diesel Euro 4 van the day its ban starts (2022-01-01): warning period").at("2022-01-01 12:00")
            .registered(N1, DIESEL, 4).expect("WARNING").fineableFrom("2022-07-01"),
        // Was COMPLIANT while the step stood postponed to 2027 (v1); the postponement was struck down (v2).
        bru("diesel Euro 5 warned in September, fined on 2026-12-31 (the postponement to 2027 was struck down)").at("2026-12-31 18:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-09-01")
            .expect("ISSUE EMISSION_BAN 35000").explains("policy brussels v2", "diesel-euro-5"),
        bru("diesel Euro 5 warned in September still fined on 2027-01-01, the struck-down postponement date").at("2027-01-01 09:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-09-01").expect("ISSUE EMISSION_BAN 35000"),
        bru("diesel Euro 6 allowed on 2029-12-31").at("2029-12-31 09:00")
            .registered(M1, DIESEL, 6).expect("COMPLIANT"),
        bru("every diesel banned from 2030-01-01").at("2030-01-01 09:00")
            .registered(M1, DIESEL, 6).expect("ISSUE EMISSION_BAN 35000").explains("diesel-out"),
        bru("petrol Euro 1 the day before its ban (2018-12-31)").at("2018-12-31 09:00")
            .registered(M1, PETROL, 1).expect("COMPLIANT"),
        bru("petrol Euro 1 banned from 2019-01-01: warning period").at("2019-01-01 09:00")
            .registered(M1, PETROL, 1).expect("WARNING").fineableFrom("2019-04-01"),
        bru("petrol Euro 1 fined from 2019-04-01").at("2019-04-01 09:00")
            .registered(M1, PETROL, 1).expect("ISSUE EMISSION_BAN 35000"),
        // Was COMPLIANT while the step stood postponed to 2027 (v1); the postponement was struck down (v2).
        bru("petrol Euro 2 warned in February, fined in June 2026").at("2026-06-01 09:00")
            .registered(M1, PETROL, 2).warnedOn("2026-02-01").expect("ISSUE EMISSION_BAN 35000").explains("petrol-euro-2"),
        // --- the 2025 step, reinstated (v2) from 2026-01-01: warning first, fineable 3 months after the warning ---
        bru("diesel Euro 5 car on 2025-12-31 23:59: compliant").at("2025-12-31 23:59")
            .registered(M1, DIESEL, 5).expect("COMPLIANT")
            .explains("policy brussels v2", "next step for it: diesel-euro-5 from 2026-01-01"),
        bru("diesel Euro 5 car, first detection on 2026-01-01 00:00: a warning, no fine").at("2026-01-01 00:00")
            .registered(M1, DIESEL, 5).expect("WARNING").fineableFrom("2026-04-01")
            .explains("diesel-euro-5", "first detection under this step", "fineable from 2026-04-01"),
        bru("first seen 20 March 2026: a warning, fineable from 20 June (not 1 April)").at("2026-03-20 08:30")
            .registered(M1, DIESEL, 5).expect("WARNING").fineableFrom("2026-06-20"),
        bru("first seen in October 2026, long after the step started: still a warning first").at("2026-10-05 08:30")
            .registered(M1, DIESEL, 5).expect("WARNING").fineableFrom("2027-01-05"),
        bru("warned 20 March, seen again the same day: already warned, no second warning").at("2026-03-20 17:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-03-20").expect("ALREADY_WARNED").fineableFrom("2026-06-20"),
        bru("warned 20 March, seen 1 April: warned, not yet fineable").at("2026-04-01 09:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-03-20").expect("WARNED_NOT_YET_FINEABLE").fineableFrom("2026-06-20")
            .explains("warned on 2026-03-20", "not fineable before 2026-06-20"),
        bru("warned 20 March, seen 2 months 29 days later (19 June 23:59): not yet fineable").at("2026-06-19 23:59")
            .registered(M1, DIESEL, 5).warnedOn("2026-03-20").expect("WARNED_NOT_YET_FINEABLE").fineableFrom("2026-06-20"),
        bru("warned 20 March, seen 3 months later (20 June 00:00): fined").at("2026-06-20 00:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-03-20").expect("ISSUE EMISSION_BAN 35000").explains("step diesel-euro-5"),
        bru("only the first warning starts the clock: a later one does not delay the fine").at("2026-06-20 10:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-03-20", "2026-05-02").expect("ISSUE EMISSION_BAN 35000"),
        bru("warned 30 November: fineable from 28 February (the month has no 30th)").at("2027-02-27 10:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-11-30").expect("WARNED_NOT_YET_FINEABLE").fineableFrom("2027-02-28"),
        bru("a fine since the step started counts as warned: fined, no new warning").at("2026-11-10 10:00")
            .registered(M1, DIESEL, 5).finedOn("2026-07-01").expect("ISSUE EMISSION_BAN 35000"),
        bru("fined 20 June after the warning: no second fine before 20 September").at("2026-09-19 10:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-03-20").finedOn("2026-06-20")
            .expect("DROP FINE_LIMIT_MINIMUM_GAP").explains("no new fine is allowed before 2026-09-20"),
        bru("fined 20 June after the warning: fined again on 20 September").at("2026-09-20 10:00")
            .registered(M1, DIESEL, 5).warnedOn("2026-03-20").finedOn("2026-06-20").expect("ISSUE EMISSION_BAN 35000"),
        bru("a warning before the step started does not count (a 2022 warning for the Euro 4 step)").at("2026-02-01 10:00")
            .registered(M1, DIESEL, 5).warnedOn("2022-03-01").expect("WARNING").fineableFrom("2026-05-01"),
        bru("petrol Euro 2 car on 2025-12-31 23:59: compliant").at("2025-12-31 23:59")
            .registered(M1, PETROL, 2).expect("COMPLIANT").explains("next step for it: petrol-euro-2 from 2026-01-01"),
        bru("petrol Euro 2 car, first detection 2026-01-01: a warning").at("2026-01-01 00:00")
            .registered(M1, PETROL, 2).expect("WARNING").fineableFrom("2026-04-01").explains("petrol-euro-2"),
        bru("LPG Euro 2 car follows petrol: a warning first").at("2026-03-15 12:00")
            .registered(M1, LPG, 2).expect("WARNING").fineableFrom("2026-06-15"),
        bru("diesel-hybrid Euro 5 van, warned in January, fined in April").at("2026-04-15 08:00")
            .registered(N1, HYBRID_DIESEL, 5).warnedOn("2026-01-10").expect("ISSUE EMISSION_BAN 35000"),
        bru("diesel Euro V minibus (M2) on 2026-01-01: warning").at("2026-01-01 10:00")
            .registered(M2, DIESEL, 5).expect("WARNING").explains("bus-diesel-euro-5"),
        bru("diesel Euro V coach (M3) warned in January, fined in May").at("2026-05-01 10:00")
            .registered(M3, DIESEL, 5).warnedOn("2026-01-02").expect("ISSUE EMISSION_BAN 35000").explains("bus-diesel-euro-5"),
        bru("diesel Euro 6 car in 2026: compliant (the step stops at Euro 5)").at("2026-02-01 10:00")
            .registered(M1, DIESEL, 6).expect("COMPLIANT"),
        bru("diesel Euro 5 car with a day pass: permitted, no warning").at("2026-02-01 10:00")
            .registered(M1, DIESEL, 5).permits(p -> p.dayPass("dp-w", "2026-02-01", "2026-02-01 08:00"))
            .expect("PERMITTED").explains("dp-w"),
        bru("diesel Euro 4 car in 2026 (the 2022 step, long past its warnings): fined at once").at("2026-02-01 10:00")
            .registered(M1, DIESEL, 4).expect("ISSUE EMISSION_BAN 35000").explains("step diesel-euro-4"),
        // --- motorcycles (L) and lorries (N2/N3): out of scope until 2025-12-31, in the 2026 step ---
        bru("motorcycle Euro 2 on 2025-12-31: exempt (L out of scope until then)").at("2025-12-31 12:00")
            .registered(L, PETROL, 2).expect("EXEMPT").explains("category L is exempt", "until 2025-12-31"),
        bru("motorcycle Euro 2 on 2026-01-01: a warning first").at("2026-01-01 12:00")
            .registered(L, PETROL, 2).expect("WARNING").fineableFrom("2026-04-01").explains("moto-euro-2"),
        bru("motorcycle Euro 2 warned in January, fined in April").at("2026-04-02 12:00")
            .registered(L, PETROL, 2).warnedOn("2026-01-02").expect("ISSUE EMISSION_BAN 35000"),
        bru("motorcycle Euro 3 on 2026-01-01: compliant").at("2026-01-01 12:00")
            .registered(L, PETROL, 3).expect("COMPLIANT"),
        bru("lorry N3 diesel Euro V on 2025-12-31: exempt").at("2025-12-31 12:00")
            .registered(N3, DIESEL, 5).expect("EXEMPT"),
        bru("lorry N3 diesel Euro V on 2026-01-01: a warning first").at("2026-01-01 12:00")
            .registered(N3, DIESEL, 5).expect("WARNING").explains("lorry-diesel-euro-5"),
        bru("lorry N2 diesel Euro V warned in January, fined in April").at("2026-04-10 12:00")
            .registered(N2, DIESEL, 5).warnedOn("2026-01-05").expect("ISSUE EMISSION_BAN 35000"),
        bru("lorry N3 diesel Euro VI in 2026: compliant").at("2026-06-01 12:00")
            .registered(N3, DIESEL, 6).expect("COMPLIANT"),
        bru("lorry N3 petrol Euro 2 in 2026: compliant (no source names a petrol-lorry row)").at("2026-06-01 12:00")
            .registered(N3, PETROL, 2).expect("COMPLIANT"),
        bru("French lorry from 2026 is in scope: it must register").at("2026-03-03 10:00")
            .registered(vehicle("FR:AB123CD", N3, DIESEL, 6)).expect("ISSUE UNREGISTERED_FOREIGN 15000"),
        bru("French lorry in 2025 was out of scope: no registration needed").at("2025-11-03 10:00")
            .registered(vehicle("FR:AB123CD", N3, DIESEL, 6)).expect("EXEMPT"),
        // --- which version decides: the one in force at the capture time ---
        bru("read of 2025-09-21 23:59 is decided by v1 (next step 2027)").at("2025-09-21 23:59")
            .registered(M1, DIESEL, 5).expect("COMPLIANT")
            .explains("policy brussels v1", "next step for it: diesel-euro-5 from 2027-01-01"),
        bru("read of 2025-09-22 00:00 is decided by v2 (next step 2026)").at("2025-09-22 00:00")
            .registered(M1, DIESEL, 5).expect("COMPLIANT")
            .explains("policy brussels v2", "next step for it: diesel-euro-5 from 2026-01-01"),
        bru("a 2024 read is decided by v1").at("2024-05-03 10:00")
            .registered(M1, PETROL, 2).expect("COMPLIANT").explains("policy brussels v1", "petrol-euro-2 from 2027-01-01"),
        // --- fixed warning periods: the last warning day and the first fine day of each ---
        bru("diesel Euro 1 on the last warning-only day (2018-09-30)").at("2018-09-30 22:00")
            .registered(M1, DIESEL, 1).expect("WARNING").fineableFrom("2018-10-01").explains("warnings only until 2018-09-30"),
        bru("diesel Euro 1 on the first fine day (2018-10-01)").at("2018-10-01 08:00")
            .registered(M1, DIESEL, 1).expect("ISSUE EMISSION_BAN 35000"),
        bru("diesel Euro 2 on the last warning day of its step (2019-03-31)").at("2019-03-31 23:59")
            .registered(M1, DIESEL, 2).expect("WARNING").fineableFrom("2019-04-01"),
        bru("diesel Euro 2 on the first fine day of its step (2019-04-01)").at("2019-04-01 00:00")
            .registered(M1, DIESEL, 2).expect("ISSUE EMISSION_BAN 35000"),
        bru("diesel Euro 3: 2020-03-31, last day of the January-March warnings").at("2020-03-31 18:00")
            .registered(M1, DIESEL, 3).expect("WARNING").fineableFrom("2020-04-01").explains("warnings only until 2020-03-31"),
        bru("diesel Euro 3: 2020-04-01, first fine day").at("2020-04-01 08:00")
            .registered(M1, DIESEL, 3).expect("ISSUE EMISSION_BAN 35000").explains("step diesel-euro-3"),
        bru("diesel Euro 3 warned earlier the same day in the warning period: already warned").at("2020-02-10 18:00")
            .registered(M1, DIESEL, 3).warnedOn("2020-02-10").expect("ALREADY_WARNED").fineableFrom("2020-04-01"),
        bru("diesel Euro 3 warned the day before: a new day, a new warning").at("2020-02-11 08:00")
            .registered(M1, DIESEL, 3).warnedOn("2020-02-10").expect("WARNING"),
        bru("diesel Euro 4: 2022-06-30, last day of the warnings (until end of June)").at("2022-06-30 23:59")
            .registered(M1, DIESEL, 4).expect("WARNING").fineableFrom("2022-07-01").explains("warnings only until 2022-06-30"),
        bru("diesel Euro 4: 2022-07-01, first fine day").at("2022-07-01 00:00")
            .registered(M1, DIESEL, 4).expect("ISSUE EMISSION_BAN 35000").explains("step diesel-euro-4"),
        bru("a 2021 read replays under the 2021 rules (v1): diesel Euro 4 still allowed").at("2021-06-15 10:00")
            .registered(M1, DIESEL, 4).expect("COMPLIANT").explains("policy brussels v1"),
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
        // vehicle adapted for a disabled person: an individual exemption valid 5 years, [2024-01-01, 2029-01-01)
        bru("adapted vehicle, the day before its exemption starts").at("2023-12-31 23:59").registered(M1, DIESEL, 3)
            .permits(p -> adaptedVehicleExemption(p)).expect("ISSUE EMISSION_BAN 35000"),
        bru("adapted vehicle, the day its exemption starts").at("2024-01-01 00:00").registered(M1, DIESEL, 3)
            .permits(p -> adaptedVehicleExemption(p)).expect("EXEMPT").explains("ex-7", "adapted for a disabled person"),
        bru("adapted vehicle, the last day of its exemption").at("2028-12-31 23:59").registered(M1, DIESEL, 3)
            .permits(p -> adaptedVehicleExemption(p)).expect("EXEMPT").explains("ex-7"),
        bru("adapted vehicle, the day after its exemption ended").at("2029-01-01 00:00").registered(M1, DIESEL, 3)
            .permits(p -> adaptedVehicleExemption(p)).expect("ISSUE EMISSION_BAN 35000"),
        // derogation until delivery: a compliant car ordered before 2025-12-31, delivered 2026-05-12
        bru("ordered a compliant car in 2025: the day before the derogation (2025-12-31) the old car is still allowed")
            .at("2025-12-31 10:00").registered(M1, DIESEL, 5).permits(p -> orderedCarDerogation(p)).expect("COMPLIANT"),
        bru("ordered a compliant car in 2025: exempt on the step's first day").at("2026-01-01 10:00")
            .registered(M1, DIESEL, 5).permits(p -> orderedCarDerogation(p)).expect("EXEMPT").explains("ex-order-1"),
        bru("ordered a compliant car in 2025: exempt the day before delivery").at("2026-05-11 23:59")
            .registered(M1, DIESEL, 5).permits(p -> orderedCarDerogation(p)).expect("EXEMPT").explains("until delivery"),
        bru("ordered a compliant car in 2025: on delivery day the old car is no longer exempt (a warning first)")
            .at("2026-05-12 08:00").registered(M1, DIESEL, 5).permits(p -> orderedCarDerogation(p))
            .expect("WARNING").fineableFrom("2026-08-12"),
        // exempt uses (a derogation granted on request, carried by the register)
        bru("army vehicle exempt").at("2024-05-03 09:00")
            .registered(used(vehicle("BE:1ABC234", N1, DIESEL, 2), VehicleUse.ARMY)).expect("EXEMPT").explains("army vehicles are exempt"),
        bru("market vehicle exempt").at("2024-05-03 09:00")
            .registered(used(vehicle("BE:1ABC234", N1, DIESEL, 2), VehicleUse.MARKET)).expect("EXEMPT").explains("market vehicles"),
        bru("maintenance vehicle exempt").at("2024-05-03 09:00")
            .registered(used(vehicle("BE:1ABC234", N1, DIESEL, 2), VehicleUse.MAINTENANCE)).expect("EXEMPT"),
        bru("the same van as an ordinary vehicle is fined").at("2024-05-03 09:00")
            .registered(vehicle("BE:1ABC234", N1, DIESEL, 2)).expect("ISSUE EMISSION_BAN 35000"),
        bru("oldtimer with an O plate, the day before its 30th anniversary: not yet historic").at("2024-05-02 10:00")
            .registered(firstRegistered(vehicle("BE:1ABC234", M1, DIESEL, 0), "1994-05-03", true))
            .expect("ISSUE EMISSION_BAN 35000"),
        bru("oldtimer with an O plate, 30 years the day after").at("2024-05-04 10:00")
            .registered(firstRegistered(vehicle("BE:1ABC234", M1, DIESEL, 0), "1994-05-03", true))
            .expect("EXEMPT").explains("historic vehicle: 30 years"),
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
        // the yearly allowance: 8 days until 2022-07-14, 24 from 2022-07-15 (the day of the pass decides)
        bru("2021: the 8th day pass of the year is honoured").at("2021-03-08 10:00").registered(M1, DIESEL, 3)
            .permits(p -> passes(p, 2021, 8)).expect("PERMITTED").explains("day 8 of 8"),
        bru("2021: the 9th day pass of the year is not honoured").at("2021-03-09 10:00").registered(M1, DIESEL, 3)
            .permits(p -> passes(p, 2021, 9)).expect("ISSUE EMISSION_BAN 35000").explains("day pass day 9 of 2021", "at most 8"),
        bru("2022-07-14: a 9th pass is still refused (8 a year until that day)").at("2022-07-14 10:00").registered(M1, DIESEL, 3)
            .permits(p -> passes(p, 2022, 8).dayPass("dp-9", "2022-07-14", "2022-07-14 08:00"))
            .expect("ISSUE EMISSION_BAN 35000").explains("day pass day 9 of 2022", "at most 8 days"),
        bru("2022-07-15: a 9th pass is honoured (24 a year from that day)").at("2022-07-15 10:00").registered(M1, DIESEL, 3)
            .permits(p -> passes(p, 2022, 8).dayPass("dp-9", "2022-07-15", "2022-07-15 08:00"))
            .expect("PERMITTED").explains("dp-9", "day 9 of 24"),
        bru("2023: the 24th day pass of the year is honoured").at("2023-03-24 10:00").registered(M1, DIESEL, 3)
            .permits(p -> passes(p, 2023, 24)).expect("PERMITTED").explains("day 24 of 24"),
        bru("2023: the 25th day pass of the year is not honoured").at("2023-03-25 10:00").registered(M1, DIESEL, 3)
            .permits(p -> passes(p, 2023, 25)).expect("ISSUE EMISSION_BAN 35000").explains("day pass day 25 of 2023", "at most 24"),
        bru("history says 23 days used this year: today's pass is the 24th, honoured").at("2024-06-01 10:00").registered(M1, DIESEL, 3)
            .dayPassesUsed(days(2024, 23)).permits(p -> p.dayPass("dp-jun", "2024-06-01", "2024-06-01 07:00"))
            .expect("PERMITTED").explains("day 24 of 24"),
        bru("history says 24 days used this year: today's pass is the 25th, refused").at("2024-06-01 10:00").registered(M1, DIESEL, 3)
            .dayPassesUsed(days(2024, 24)).permits(p -> p.dayPass("dp-jun", "2024-06-01", "2024-06-01 07:00"))
            .expect("ISSUE EMISSION_BAN 35000").explains("day pass day 25 of 2024"),
        bru("a day both in the history and among the permits counts once").at("2024-03-25 10:00").registered(M1, DIESEL, 3)
            .dayPassesUsed(days(2024, 23)).permits(p -> passes(p, 2024, 23).dayPass("dp-25", "2024-03-25", "2024-03-25 07:00"))
            .expect("PERMITTED").explains("day 24 of 24"),
        bru("passes of the previous year do not count toward this year's 24").at("2024-01-02 10:00").registered(M1, DIESEL, 3)
            .permits(p -> {
              for (int d = 20; d <= 28; d++) p.dayPass("dp-dec-" + d, "2023-12-" + d, "2023-12-" + d + " 08:00");
              p.dayPass("dp-new", "2024-01-02", "2024-01-02 08:00");
            })
            .expect("PERMITTED").explains("dp-new", "day 1 of 24"),
        // --- a fine amount changed by a later version: the version in force at the capture time prices it ---
        bru("2026-12-31 23:59: EUR 350 under v2").at("2026-12-31 23:59").timeline(withLowerFinesFrom2027())
            .registered(M1, DIESEL, 4).expect("ISSUE EMISSION_BAN 35000").explains("policy brussels v2"),
        bru("2027-01-01 00:00: EUR 200 under v3").at("2027-01-01 00:00").timeline(withLowerFinesFrom2027())
            .registered(M1, DIESEL, 4).expect("ISSUE EMISSION_BAN 20000").explains("policy brussels v3", "EUR 200.00"),
        bru("unregistered foreign vehicle 2027-01-01: EUR 100 under v3").at("2027-01-01 10:00").timeline(withLowerFinesFrom2027())
            .plate("DE:BAB1234").expect("ISSUE UNREGISTERED_FOREIGN 10000"),
        bru("a 2024 read replayed after v3 was published still costs EUR 350").at("2024-05-03 10:00").timeline(withLowerFinesFrom2027())
            .registered(M1, DIESEL, 4).expect("ISSUE EMISSION_BAN 35000").explains("policy brussels v1"),
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

  /** Day passes bought in time for the first {@code n} days from 1 March of {@code year}. */
  private static RuleCase.Local passes(RuleCase.Local p, int year, int n) {
    for (String day : days(year, n)) p.dayPass("dp-" + day, day, day + " 07:00");
    return p;
  }

  /** The first {@code n} days from 1 March of {@code year}, ISO. */
  private static String[] days(int year, int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> LocalDate.of(year, 3, 1).plusDays(i).toString())
        .toArray(String[]::new);
  }

  private static RuleCase.Local adaptedVehicleExemption(RuleCase.Local p) {
    return p.exemption("ex-7", "2024-01-01 00:00", "2029-01-01 00:00", "vehicle adapted for a disabled person");
  }

  private static RuleCase.Local orderedCarDerogation(RuleCase.Local p) {
    return p.exemption("ex-order-1", "2026-01-01 00:00", "2026-05-12 00:00",
        "derogation until delivery: compliant car ordered on 2025-11-20, before 2025-12-31");
  }

  /** Shipped v1 and v2, and a v3 from 2027-01-01 whose only change is the amounts (EUR 200 / EUR 100). */
  private static PolicyTimeline withLowerFinesFrom2027() {
    PolicyTimeline shipped = RuleCase.timeline("brussels");
    ZonePolicy v2 = shipped.version(2).orElseThrow();
    ZonePolicy v3 = new ZonePolicy(v2.zoneId(), 3, v2.name(), LocalDate.of(2027, 1, 1).atStartOfDay(v2.timeZone()).toInstant(),
        v2.timeZone(), v2.currency(), v2.enforcement(), v2.domesticCountries(), v2.manualReviewBelowConfidence(),
        v2.banSteps(), v2.enforcementWindows(), v2.chargeFreeDays(), v2.exemptions(),
        List.of(new FineRule(ViolationType.EMISSION_BAN, Set.of(), 20000), new FineRule(ViolationType.UNREGISTERED_FOREIGN, Set.of(), 10000)),
        v2.fineLimits(), v2.dayPass(), v2.foreignRegistration(), v2.dailyCharge(), v2.sources());
    return shipped.with(v3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(RuleCase rule) {
    rule.run();
  }
}
