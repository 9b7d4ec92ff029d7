package io.lezflow.rules.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.ReadFacts;
import io.lezflow.rules.facts.VehicleHistory;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.schemas.v1.Violation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a stream processor wrapping the decider relies on: decision times, ids, determinism, errors. */
class DeciderContractTest {

  private static final EnforcementDecider DECIDER = new EnforcementDecider();
  private static final Map<String, PolicyTimeline> TIMELINES;

  static {
    try {
      TIMELINES = ShippedPolicies.timelines();
    } catch (PolicyValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Decision banned(String zone, String key, Fuel fuel, int euro, String localTime) {
    PolicyTimeline timeline = TIMELINES.get(zone);
    ZoneId tz = timeline.versions().get(0).timeZone();
    Instant t = LocalDateTime.parse(localTime).atZone(tz).toInstant();
    ReadFacts read = new ReadFacts("cam:1", "cam", zone, t, key, key.substring(0, 2), 0.99f, "");
    VehicleFacts v = new VehicleFacts(key, VehicleCategory.M1, fuel, euro, null, LocalDate.of(2005, 1, 1), false, io.lezflow.rules.model.VehicleUse.ORDINARY);
    return DECIDER.evaluate(read, VehicleMatch.exact(v), Permits.none(), timeline);
  }

  @ParameterizedTest(name = "{0}: read at {1} (local) is decided at {2} (local)")
  @CsvSource({
    // Brussels: until midnight at the end of the day after the visit (day pass purchase window).
    "brussels,    2024-05-03T14:00, 2024-05-05T00:00",
    // A read between 00:00 and 06:00 is its own calendar day's violation, with that day's window.
    "brussels,    2024-05-04T03:00, 2024-05-06T00:00",
    // Across the switch to summer time (2024-03-31): still local midnight.
    "brussels,    2024-03-30T23:30, 2024-04-01T00:00",
    // London: until midnight at the end of the third day after travel (payment deadline).
    "london-ulez, 2024-05-03T14:00, 2024-05-07T00:00",
    // Paris: nothing can be bought afterwards, so it can be decided at once.
    "paris,       2025-03-05T10:00, 2025-03-05T10:00",
  })
  void candidatesWaitExactlyUntilTheirGraceWindowCloses(String zone, String readAt, String decideAt) {
    String key = zone.equals("london-ulez") ? "GB:AB12CDE" : zone.equals("paris") ? "FR:AB123CD" : "BE:1ABC234";
    Decision d = banned(zone, key, Fuel.DIESEL, zone.equals("paris") ? 4 : 3, readAt);
    assertThat(d.outcome()).isEqualTo(Outcome.CANDIDATE);
    ZoneId tz = TIMELINES.get(zone).versions().get(0).timeZone();
    assertThat(d.candidate().decideAt()).isEqualTo(LocalDateTime.parse(decideAt).atZone(tz).toInstant());
    assertThat(d.enforcementDay()).isEqualTo(LocalDate.parse(readAt.substring(0, 10)));
  }

  @ParameterizedTest(name = "{0}: read at {1} (local), margin {2}: finalised at {3} (local)")
  @CsvSource({
    // A grace window: its end plus the permit arrival margin (a pass bought at 23:59 is on its way).
    "brussels, 2024-05-03T14:00, PT5M, 2024-05-05T00:05",
    "brussels, 2024-05-03T14:00, PT0S, 2024-05-05T00:00",
    // No grace window (nothing can be bought afterwards): at once, whatever the margin.
    "paris,    2025-03-05T10:00, PT5M, 2025-03-05T10:00",
  })
  void aCandidateIsFinalisedAtTheEndOfItsGraceWindowPlusTheMarginOrAtOnce(
      String zone, String readAt, String margin, String finaliseAt) {
    Decision d = banned(zone, zone.equals("paris") ? "FR:AB123CD" : "BE:1ABC234", Fuel.DIESEL, zone.equals("paris") ? 4 : 3, readAt);
    ZoneId tz = TIMELINES.get(zone).versions().get(0).timeZone();
    assertThat(d.candidate().finaliseAt(java.time.Duration.parse(margin)))
        .isEqualTo(LocalDateTime.parse(finaliseAt).atZone(tz).toInstant());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      the version in force at the read is there         | all     | ISSUE
      only versions effective after the read remain     | later   | DROP NO_POLICY_IN_FORCE
      the zone has no timeline at all any more          | none    | DROP NO_POLICY_IN_FORCE
      """)
  void aCandidateWhoseZoneLostTheVersionInForceAtTheReadIsDroppedNeverFined(String name, String versions, String expected) {
    Decision d = banned("brussels", "BE:1ABC234", Fuel.DIESEL, 3, "2024-05-03T14:00");
    PolicyTimeline all = TIMELINES.get("brussels");
    PolicyTimeline timeline = switch (versions) {
      case "all" -> all;
      case "later" -> PolicyTimeline.of(all.versions().stream()
          .filter(p -> p.effectiveFrom().isAfter(d.candidate().capturedAt())).toList());
      default -> null;
    };

    FinalDecision fin = DECIDER.finalise(d.candidate(), null, Permits.none(), VehicleHistory.none(), timeline);

    assertThat(fin.outcome() + (fin.dropReason() == null ? "" : " " + fin.dropReason())).isEqualTo(expected);
    assertThat(fin.violationId()).isEqualTo(d.violationId());
    if (fin.dropReason() == DropReason.NO_POLICY_IN_FORCE) {
      assertThat(fin.fineCents()).isZero();
      assertThat(fin.policyVersion()).isZero();
      assertThat(fin.rule()).isEqualTo("brussels:no-policy");
      assertThat(fin.explanation()).contains("not finalised").contains("brussels").doesNotContain("1ABC234");
    }
  }

  @Test
  void twoReadsOfOneVehicleOnOneDayShareTheViolationId() {
    Decision morning = banned("brussels", "BE:1ABC234", Fuel.DIESEL, 3, "2024-05-03T07:00");
    Decision evening = banned("brussels", "BE:1ABC234", Fuel.DIESEL, 3, "2024-05-03T23:59");
    Decision nextDay = banned("brussels", "BE:1ABC234", Fuel.DIESEL, 3, "2024-05-04T00:00");
    assertThat(morning.violationId()).isEqualTo(evening.violationId()).isNotEqualTo(nextDay.violationId());
    assertThat(morning.violationId()).startsWith("brussels-2024-05-03-").doesNotContain("1ABC234");
  }

  @Test
  void theSameInputsGiveTheSameDecision() {
    Decision a = banned("antwerp", "BE:1ABC234", Fuel.DIESEL, 3, "2025-03-03T10:00");
    Decision b = banned("antwerp", "BE:1ABC234", Fuel.DIESEL, 3, "2025-03-03T10:00");
    assertThat(a).isEqualTo(b);
  }

  @Test
  void anIssuedFineBecomesAWireViolationWithItsEvidence() {
    Decision d = banned("brussels", "BE:1ABC234", Fuel.DIESEL, 3, "2024-05-03T14:00");
    ZonePolicy policy = TIMELINES.get("brussels").inForceAt(d.candidate().capturedAt()).orElseThrow();
    FinalDecision fin = DECIDER.finalise(d.candidate(), Permits.none(), VehicleHistory.none(), policy);
    Violation v = fin.toViolation();
    assertThat(v.getViolationId()).isEqualTo(d.violationId());
    assertThat(v.getFineCents()).isEqualTo(35000);
    assertThat(v.getCurrency()).isEqualTo("EUR");
    assertThat(v.getPolicyVersion()).isEqualTo(1);
    assertThat(v.getRule()).isEqualTo("brussels@v1:ban-step/diesel-euro-3");
    assertThat(v.getPlateText()).isEqualTo("1ABC234");
    assertThat(v.getEnforcementDay()).isEqualTo("2024-05-03");
    assertThat(v.getReadIdsList()).containsExactly("cam:1");
    assertThat(v.getNeedsReview()).isFalse();
  }

  @Test
  void aWarningBecomesAWireViolationWithoutAFine() {
    Decision d = banned("brussels", "BE:1ABC234", Fuel.DIESEL, 1, "2018-06-01T10:00");
    assertThat(d.outcome()).isEqualTo(Outcome.WARNING);
    Violation v = d.toWarningViolation("EUR").build();
    assertThat(v.getWarningOnly()).isTrue();
    assertThat(v.getFineCents()).isZero();
    assertThat(v.getViolationId()).isEqualTo(d.violationId());
  }

  @Test
  void refusesAPolicyOfAnotherZone() {
    ReadFacts read = new ReadFacts("cam:1", "cam", "ghent", Instant.parse("2025-01-01T10:00:00Z"), "BE:1ABC234", "BE", 1f, "");
    ZonePolicy brussels = TIMELINES.get("brussels").versions().get(0);
    assertThatThrownBy(() -> DECIDER.evaluate(read, VehicleMatch.none(), Permits.none(), brussels))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghent").hasMessageContaining("brussels");
  }

  @Test
  void candidateBytesSurviveAndCorruptBytesAreRefused() {
    Decision d = banned("brussels", "BE:1ABC234", Fuel.DIESEL, 3, "2024-05-03T14:00");
    byte[] bytes = CandidateCodec.encode(d.candidate());
    assertThat(CandidateCodec.decode(bytes)).isEqualTo(d.candidate());
    assertThatThrownBy(() -> CandidateCodec.decode(java.util.Arrays.copyOf(bytes, 20)))
        .isInstanceOf(IllegalArgumentException.class);
    bytes[0] = 9;
    assertThatThrownBy(() -> CandidateCodec.decode(bytes)).hasMessageContaining("version 9");
  }
}
