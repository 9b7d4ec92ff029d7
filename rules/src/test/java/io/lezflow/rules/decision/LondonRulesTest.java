package io.lezflow.rules.decision;

import static io.lezflow.rules.decision.RuleCase.firstRegistered;
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

/** London ULEZ: a daily charge payable until midnight of the third day after travel; a penalty if unpaid. */
class LondonRulesTest {

  private static RuleCase lon(String name) {
    return RuleCase.in("london-ulez", name);
  }

  static Stream<RuleCase> cases() {
    return Stream.of(
        lon("before ULEZ started (2019-04-07)").at("2019-04-07 12:00").registered(M1, PETROL, 3).expect("NO_POLICY_IN_FORCE"),
        lon("petrol Euro 3 on the first ULEZ day, charge never paid").at("2019-04-08 07:00")
            .registered(M1, PETROL, 3).expect("ISSUE UNPAID_CHARGE 16000").explains("petrol-below-euro-4"),
        lon("petrol Euro 4 is compliant").at("2024-05-03 12:00").registered(M1, PETROL, 4).expect("COMPLIANT"),
        lon("diesel Euro 5 van owes the charge").at("2024-05-03 12:00").registered(N1, DIESEL, 5).expect("ISSUE UNPAID_CHARGE 16000"),
        lon("diesel Euro 6 is compliant").at("2024-05-03 12:00").registered(M1, DIESEL, 6).expect("COMPLIANT"),
        lon("charge paid in advance for the day").at("2024-05-03 12:00").registered(M1, DIESEL, 5)
            .permits(p -> p.chargePaid("pay-1", "2024-05-03", "2024-05-01 10:00"))
            .expect("PERMITTED").explains("pay-1"),
        lon("charge paid at 23:59 on the third day after travel: in time").at("2024-05-03 12:00").registered(M1, DIESEL, 5)
            .laterPermits(p -> p.chargePaid("pay-2", "2024-05-03", "2024-05-06 23:59"))
            .expect("DROP CHARGE_PAID_IN_TIME").explains("pay-2"),
        lon("charge paid at 00:01 on the fourth day after travel: too late").at("2024-05-03 12:00").registered(M1, DIESEL, 5)
            .laterPermits(p -> p.chargePaid("pay-2", "2024-05-03", "2024-05-07 00:01"))
            .expect("ISSUE UNPAID_CHARGE 16000").explains("after the deadline 2024-05-07 00:00"),
        lon("charge paid for another day does not count").at("2024-05-03 12:00").registered(M1, DIESEL, 5)
            .permits(p -> p.chargePaid("pay-3", "2024-05-02", "2024-05-02 10:00"))
            .expect("ISSUE UNPAID_CHARGE 16000"),
        lon("one charge per day: second unpaid read of a penalised day").at("2024-05-03 21:00")
            .registered(M1, DIESEL, 5).finedOn("2024-05-03").expect("DROP ALREADY_FINED_THAT_DAY"),
        lon("penalty the day before the 2025 increase (v1)").at("2025-01-26 23:59")
            .registered(M1, DIESEL, 5).expect("ISSUE UNPAID_CHARGE 16000"),
        lon("penalty from the 2025 increase (v2)").at("2025-01-27 00:00")
            .registered(M1, DIESEL, 5).expect("ISSUE UNPAID_CHARGE 18000").explains("policy london-ulez v2"),
        lon("Christmas Day is charge-free").at("2024-12-25 12:00")
            .registered(M1, DIESEL, 4).expect("OUTSIDE_ENFORCEMENT_WINDOW").explains("charge-free"),
        lon("Boxing Day is charged").at("2024-12-26 12:00")
            .registered(M1, DIESEL, 4).expect("ISSUE UNPAID_CHARGE 16000"),
        lon("motorcycle Euro 2 owes the charge").at("2024-05-03 12:00").registered(L, PETROL, 2).expect("ISSUE UNPAID_CHARGE 16000"),
        lon("motorcycle Euro 3 is compliant").at("2024-05-03 12:00").registered(L, PETROL, 3).expect("COMPLIANT"),
        lon("lorry (N3) falls under the London LEZ, not ULEZ").at("2024-05-03 12:00").registered(N3, DIESEL, 4).expect("EXEMPT"),
        lon("electric car").at("2024-05-03 12:00").registered(M1, ELECTRIC, 0).expect("EXEMPT"),
        lon("historic vehicle tax class: 40 years old").at("2024-05-03 12:00")
            .registered(firstRegistered(vehicle("GB:AB12CDE", M1, PETROL, 0), "1984-05-03", true)).expect("EXEMPT"),
        lon("39 years old with a historic plate still owes the charge").at("2024-05-03 12:00")
            .registered(firstRegistered(vehicle("GB:AB12CDE", M1, PETROL, 0), "1984-05-04", true))
            .expect("ISSUE UNPAID_CHARGE 16000"),
        lon("foreign plate unknown to the register: no foreign registration scheme modelled").at("2024-05-03 12:00")
            .plate("FR:AB123CD").expect("UNKNOWN_VEHICLE"),
        lon("low confidence, unpaid: review").at("2024-05-03 12:00").registered(M1, DIESEL, 5).confidence(0.6)
            .expect("MANUAL_REVIEW UNPAID_CHARGE 16000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(RuleCase rule) {
    rule.run();
  }
}
