package io.lezflow.rules.decision;

import static io.lezflow.rules.decision.RuleCase.firstRegistered;
import static io.lezflow.rules.decision.RuleCase.vehicle;
import static io.lezflow.rules.decision.RuleCase.withCritAir;
import static io.lezflow.rules.model.Fuel.DIESEL;
import static io.lezflow.rules.model.Fuel.ELECTRIC;
import static io.lezflow.rules.model.Fuel.PETROL;
import static io.lezflow.rules.model.VehicleCategory.M1;
import static io.lezflow.rules.model.VehicleCategory.N3;

import io.lezflow.rules.model.CritAir;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Paris ZFE: Crit'Air classes, light vehicles on weekdays 08:00-20:00, heavy vehicles every day. */
class ParisRulesTest {

  private static RuleCase paris(String name) {
    return RuleCase.in("paris", name);
  }

  // 2025-03-05 is a Wednesday, 2025-03-08 a Saturday. Diesel Euro 4 is Crit'Air 3.
  static Stream<RuleCase> cases() {
    return Stream.of(
        paris("Crit'Air 3 car on a weekday at 07:59: outside the hours").at("2025-03-05 07:59")
            .registered(M1, DIESEL, 4).expect("OUTSIDE_ENFORCEMENT_WINDOW").explains("outside the enforcement hours"),
        paris("Crit'Air 3 car on a weekday at 08:00").at("2025-03-05 08:00")
            .registered(M1, DIESEL, 4).expect("ISSUE TIME_WINDOW_BAN 6800").explains("crit-air-3"),
        paris("Crit'Air 3 car on a weekday at 19:59").at("2025-03-05 19:59")
            .registered(M1, DIESEL, 4).expect("ISSUE TIME_WINDOW_BAN 6800"),
        paris("Crit'Air 3 car on a weekday at 20:00: outside the hours").at("2025-03-05 20:00")
            .registered(M1, DIESEL, 4).expect("OUTSIDE_ENFORCEMENT_WINDOW"),
        paris("Crit'Air 3 car on a Saturday: light vehicles only on weekdays").at("2025-03-08 10:00")
            .registered(M1, DIESEL, 4).expect("OUTSIDE_ENFORCEMENT_WINDOW"),
        paris("Crit'Air 4 truck on a Saturday: heavy vehicles every day").at("2025-03-08 10:00")
            .registered(N3, DIESEL, 4).expect("ISSUE TIME_WINDOW_BAN 13500"),
        paris("Crit'Air 3 car the last weekday before its step (2024-12-31)").at("2024-12-31 10:00")
            .registered(M1, DIESEL, 4).expect("COMPLIANT"),
        paris("Crit'Air 3 car the first weekday of its step (2025-01-02)").at("2025-01-02 10:00")
            .registered(M1, DIESEL, 4).expect("ISSUE TIME_WINDOW_BAN 6800"),
        paris("Crit'Air 5 car the day before its step (2017-06-30)").at("2017-06-30 10:00")
            .registered(M1, DIESEL, 2).expect("COMPLIANT"),
        paris("Crit'Air 5 car the first weekday of its step (2017-07-03)").at("2017-07-03 10:00")
            .registered(M1, DIESEL, 2).expect("ISSUE TIME_WINDOW_BAN 6800"),
        paris("unclassified petrol car (Euro 1) in 2017").at("2017-02-01 10:00")
            .registered(M1, PETROL, 1).expect("ISSUE TIME_WINDOW_BAN 6800").explains("unclassified"),
        paris("the Crit'Air class on record wins over the derived one").at("2025-03-05 10:00")
            .registered(withCritAir(vehicle("FR:AB123CD", M1, DIESEL, 4), CritAir.CRIT_AIR_2)).expect("COMPLIANT"),
        paris("Crit'Air 2 diesel Euro 6 is allowed").at("2025-03-05 10:00")
            .registered(M1, DIESEL, 6).expect("COMPLIANT"),
        paris("electric car").at("2025-03-05 10:00").registered(M1, ELECTRIC, 0).expect("EXEMPT"),
        paris("collection vehicle (30 years, historic registration)").at("2025-03-05 10:00")
            .registered(firstRegistered(vehicle("FR:AB123CD", M1, PETROL, 0), "1990-01-01", true)).expect("EXEMPT"),
        paris("low confidence in the hours: review").at("2025-03-05 10:00")
            .registered(M1, DIESEL, 4).confidence(0.7).expect("MANUAL_REVIEW TIME_WINDOW_BAN 6800"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(RuleCase rule) {
    rule.run();
  }
}
