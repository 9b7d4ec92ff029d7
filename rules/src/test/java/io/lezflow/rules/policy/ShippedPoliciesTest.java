package io.lezflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.rules.policy.json.PolicyFile;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.rules.policy.json.ZonePolicyJson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShippedPoliciesTest {

  static Iterable<String> zones() {
    return ShippedPolicies.ZONES;
  }

  @ParameterizedTest(name = "{0}.json parses and validates")
  @MethodSource("zones")
  void eachShippedFileParsesAndValidates(String zone) throws PolicyValidationException {
    PolicyFile file = ShippedPolicies.file(zone);
    assertThat(file.zoneId()).isEqualTo(zone);
    assertThat(file.notes()).as("a file says where its rules come from").isNotEmpty();
    assertThat(file.versions()).isNotEmpty().allSatisfy(v -> {
      assertThat(v.zoneId()).isEqualTo(zone);
      assertThat(v.banSteps()).allSatisfy(step -> assertThat(step.source()).isNotBlank());
      assertThat(v.sources()).containsKey("fines");
    });
  }

  @ParameterizedTest(name = "{0}: every version survives JSON and the wire unchanged")
  @MethodSource("zones")
  void everyVersionRoundTripsThroughCanonicalJsonAndProto(String zone) throws PolicyValidationException {
    for (ZonePolicy version : ShippedPolicies.file(zone).versions()) {
      assertThat(ZonePolicyJson.parseVersion("round trip", ZonePolicyJson.toJson(version))).isEqualTo(version);
      var wire = ZonePolicyJson.toProto(version, zone + ".json");
      assertThat(wire.getEffectiveFromMs()).isEqualTo(version.effectiveFrom().toEpochMilli());
      assertThat(ZonePolicyJson.fromProto(wire)).isEqualTo(version);
    }
  }

  @Test
  void theFiveCitiesUseTheThreeEnforcementKinds() throws PolicyValidationException {
    Map<String, PolicyTimeline> timelines = ShippedPolicies.timelines();
    assertThat(timelines).containsOnlyKeys("brussels", "antwerp", "ghent", "london-ulez", "paris");
    Instant now = Instant.parse("2025-06-01T10:00:00Z");
    assertThat(timelines.get("brussels").inForceAt(now).orElseThrow().enforcement()).isEqualTo(EnforcementKind.BAN_WITH_FINE);
    assertThat(timelines.get("london-ulez").inForceAt(now).orElseThrow().enforcement()).isEqualTo(EnforcementKind.DAILY_CHARGE);
    assertThat(timelines.get("paris").inForceAt(now).orElseThrow().enforcement()).isEqualTo(EnforcementKind.TIME_WINDOWED);
  }

  @Test
  void brusselsCarriesTheDesignFacts() throws PolicyValidationException {
    ZonePolicy brussels = ShippedPolicies.file("brussels").versions().get(0);
    assertThat(brussels.fineFor(io.lezflow.rules.model.ViolationType.EMISSION_BAN, io.lezflow.rules.model.VehicleCategory.M1))
        .isEqualTo(35000);
    assertThat(brussels.fineFor(io.lezflow.rules.model.ViolationType.UNREGISTERED_FOREIGN, null)).isEqualTo(15000);
    assertThat(brussels.dayPass().orElseThrow().maxDaysPerCalendarYear()).isEqualTo(8);
    assertThat(brussels.foreignRegistration().orElseThrow().exemptCountries()).containsExactly("NL");
    assertThat(brussels.banSteps()).filteredOn(s -> s.id().equals("diesel-euro-5"))
        .singleElement().satisfies(s -> assertThat(s.bannedFrom()).isEqualTo(LocalDate.of(2027, 1, 1)));
  }
}
