package io.lezflow.rules.decision;

import static io.lezflow.rules.decision.RuleCase.vehicle;
import static io.lezflow.rules.model.Fuel.DIESEL;
import static io.lezflow.rules.model.Fuel.ELECTRIC;
import static io.lezflow.rules.model.Fuel.PETROL;
import static io.lezflow.rules.model.VehicleCategory.L;
import static io.lezflow.rules.model.VehicleCategory.M1;
import static io.lezflow.rules.model.VehicleCategory.N1;
import static io.lezflow.rules.model.VehicleCategory.N3;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Antwerp (escalating repeat fines within 12 months) and Ghent (at most one fine per day). */
class FlandersRulesTest {

  private static RuleCase antwerp(String name) {
    return RuleCase.in("antwerp", name);
  }

  private static RuleCase ghent(String name) {
    return RuleCase.in("ghent", name);
  }

  static Stream<RuleCase> antwerpCases() {
    return Stream.of(
        antwerp("before the zone existed (2017-01-31)").at("2017-01-31 12:00")
            .registered(M1, PETROL, 0).expect("NO_POLICY_IN_FORCE"),
        antwerp("petrol Euro 0 banned from the first day (2017-02-01)").at("2017-02-01 00:00")
            .registered(M1, PETROL, 0).expect("ISSUE EMISSION_BAN 15000"),
        antwerp("diesel Euro 5 the day before the 2025 step").at("2024-12-31 23:59")
            .registered(M1, DIESEL, 5).expect("COMPLIANT"),
        antwerp("diesel Euro 5 the day the 2025 step starts").at("2025-01-01 00:00")
            .registered(M1, DIESEL, 5).expect("ISSUE EMISSION_BAN 15000").explains("diesel-euro-4-5"),
        antwerp("petrol Euro 2 banned from 2025, Euro 3 not").at("2025-03-03 10:00")
            .registered(N1, PETROL, 2).expect("ISSUE EMISSION_BAN 15000"),
        antwerp("trucks are covered in Flanders: N3 diesel Euro 5 in 2025").at("2025-03-03 10:00")
            .registered(N3, DIESEL, 5).expect("ISSUE EMISSION_BAN 15000"),
        antwerp("motorcycles are not covered").at("2025-03-03 10:00")
            .registered(L, PETROL, 0).expect("EXEMPT"),
        antwerp("repeat the day before the anniversary of a fine: escalated").at("2025-03-09 10:00")
            .registered(M1, DIESEL, 3).finedOn("2024-03-10").expect("ISSUE EMISSION_BAN 25000").explains("repeat fine EUR 250.00"),
        antwerp("repeat on the anniversary of a fine: base fine again").at("2025-03-10 10:00")
            .registered(M1, DIESEL, 3).finedOn("2024-03-10").expect("ISSUE EMISSION_BAN 15000"),
        antwerp("third fine within 12 months").at("2025-01-15 10:00")
            .registered(M1, DIESEL, 3).finedOn("2024-06-01", "2024-09-01").expect("ISSUE EMISSION_BAN 35000"),
        antwerp("fourth fine within 12 months stays at the top amount").at("2025-01-15 10:00")
            .registered(M1, DIESEL, 3).finedOn("2024-06-01", "2024-09-01", "2024-12-01").expect("ISSUE EMISSION_BAN 35000"),
        antwerp("no minimum gap in Antwerp: fined again the next day, escalated").at("2025-02-02 10:00")
            .registered(M1, DIESEL, 3).finedOn("2025-02-01").expect("ISSUE EMISSION_BAN 25000"),
        antwerp("second read the same day as a fine").at("2025-02-01 17:00")
            .registered(M1, DIESEL, 3).finedOn("2025-02-01").expect("DROP ALREADY_FINED_THAT_DAY"),
        antwerp("Dutch car needs no registration").at("2025-03-03 10:00")
            .registered(vehicle("NL:12ABC3", M1, DIESEL, 6)).expect("COMPLIANT"),
        antwerp("Luxembourg car not registered").at("2025-03-03 10:00").plate("LU:AB1234")
            .expect("ISSUE UNREGISTERED_FOREIGN 15000"),
        antwerp("day pass bought the day after the visit").at("2025-03-03 10:00").registered(M1, DIESEL, 4)
            .laterPermits(p -> p.dayPass("dp-a", "2025-03-03", "2025-03-04 19:00"))
            .expect("DROP DAY_PASS_IN_TIME").explains("dp-a"));
  }

  static Stream<RuleCase> ghentCases() {
    return Stream.of(
        ghent("before the zone existed (2019-12-31)").at("2019-12-31 23:59")
            .registered(M1, DIESEL, 3).expect("NO_POLICY_IN_FORCE"),
        ghent("diesel Euro 3 banned from the first day (2020-01-01)").at("2020-01-01 00:00")
            .registered(M1, DIESEL, 3).expect("ISSUE EMISSION_BAN 15000"),
        ghent("diesel Euro 4 the day before the 2025 step").at("2024-12-31 12:00")
            .registered(M1, DIESEL, 4).expect("COMPLIANT"),
        ghent("diesel Euro 4 the day the 2025 step starts").at("2025-01-01 12:00")
            .registered(M1, DIESEL, 4).expect("ISSUE EMISSION_BAN 15000"),
        ghent("petrol Euro 3 allowed in 2025").at("2025-06-01 12:00")
            .registered(M1, PETROL, 3).expect("COMPLIANT"),
        ghent("first read of the day: fined").at("2025-06-02 08:00")
            .registered(M1, DIESEL, 3).expect("ISSUE EMISSION_BAN 15000"),
        ghent("twice in a day: the second read is not fined again").at("2025-06-02 17:30")
            .registered(M1, DIESEL, 3).finedOn("2025-06-02").expect("DROP ALREADY_FINED_THAT_DAY").explains("at most one"),
        ghent("the next day: fined again, no escalation in Ghent").at("2025-06-03 08:00")
            .registered(M1, DIESEL, 3).finedOn("2025-06-02").expect("ISSUE EMISSION_BAN 15000"),
        ghent("electric car exempt").at("2025-06-03 08:00")
            .registered(M1, ELECTRIC, 0).expect("EXEMPT"),
        ghent("French car registered the next evening, compliant").at("2025-06-03 08:00").plate("FR:AB123CD")
            .laterPermits(p -> p.registration("reg-g", "2025-06-04 21:30", null))
            .registeredByDecision(vehicle("FR:AB123CD", M1, PETROL, 6))
            .expect("DROP REGISTERED_IN_TIME"),
        ghent("French car registered two days later").at("2025-06-03 08:00").plate("FR:AB123CD")
            .laterPermits(p -> p.registration("reg-g", "2025-06-05 09:00", null))
            .registeredByDecision(vehicle("FR:AB123CD", M1, PETROL, 6))
            .expect("ISSUE UNREGISTERED_FOREIGN 15000"),
        ghent("low confidence goes to review").at("2025-06-03 08:00")
            .registered(M1, DIESEL, 2).confidence(0.5).expect("MANUAL_REVIEW EMISSION_BAN 15000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("antwerpCases")
  void antwerp(RuleCase rule) {
    rule.run();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ghentCases")
  void ghent(RuleCase rule) {
    rule.run();
  }
}
