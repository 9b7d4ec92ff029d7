package io.lezflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.rules.policy.json.PolicyFile;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleUse;
import java.time.Period;
import java.util.List;
import io.lezflow.rules.policy.json.ZonePolicyJson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
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
    assertThat(brussels.dayPass().orElseThrow().maxDaysPerCalendarYear(LocalDate.of(2022, 7, 14))).isEqualTo(8);
    assertThat(brussels.foreignRegistration().orElseThrow().exemptCountries()).containsExactly("NL");
    assertThat(brussels.banSteps()).filteredOn(s -> s.id().equals("diesel-euro-5"))
        .singleElement().satisfies(s -> assertThat(s.bannedFrom()).isEqualTo(LocalDate.of(2027, 1, 1)));
  }

  @Test
  void brusselsV2ReinstatesThePostponedStepWarningFirstAndBringsInMotorcyclesAndLorries() throws PolicyValidationException {
    PolicyTimeline timeline = ShippedPolicies.timelines().get("brussels");
    ZonePolicy v1 = timeline.version(1).orElseThrow();
    ZonePolicy v2 = timeline.version(2).orElseThrow();
    Set<String> moved = Set.of("diesel-euro-5", "petrol-euro-2", "bus-diesel-euro-5");
    Set<String> added = Set.of("lorry-diesel-euro-5", "moto-euro-2");
    // Every step v1 postponed to 2027 is one that v2 moves; no other step of v1 ever said 2027.
    assertThat(v1.banSteps()).filteredOn(s -> s.bannedFrom().equals(LocalDate.of(2027, 1, 1)))
        .extracting(BanStep::id).containsExactlyInAnyOrderElementsOf(moved);
    WarningFirst threeMonths = new WarningFirst(Period.ofMonths(3), Period.ofMonths(3));
    assertThat(v2.banSteps()).filteredOn(s -> moved.contains(s.id()) || added.contains(s.id())).hasSize(5).allSatisfy(s -> {
      assertThat(s.bannedFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
      assertThat(s.warningPeriod()).isNull();
      assertThat(s.warningFirst()).isEqualTo(threeMonths);
      assertThat(s.source()).contains("Brussels Times, 27/12/2025");
    });
    assertThat(v2.banSteps()).filteredOn(s -> !moved.contains(s.id()) && !added.contains(s.id()))
        .containsExactlyElementsOf(v1.banSteps().stream().filter(s -> !moved.contains(s.id())).toList());
    assertThat(v2.effectiveFrom()).isEqualTo(Instant.parse("2025-09-21T22:00:00Z")); // 2025-09-22 00:00 Brussels
    assertThat(v2.fines()).isEqualTo(v1.fines());
    assertThat(v2.fineLimits()).isEqualTo(v1.fineLimits());
    assertThat(v2.dayPass()).isEqualTo(v1.dayPass());
    assertThat(v2.foreignRegistration()).isEqualTo(v1.foreignRegistration());
    assertThat(v1.exemptions().categories()).containsExactlyInAnyOrder(VehicleCategory.L, VehicleCategory.N2, VehicleCategory.N3);
    assertThat(v2.exemptions().categories()).isEmpty();
    assertThat(v2.exemptions().categoriesUntil()).containsOnlyKeys(VehicleCategory.L, VehicleCategory.N2, VehicleCategory.N3)
        .allSatisfy((c, until) -> assertThat(until).isEqualTo(LocalDate.of(2025, 12, 31)));
    assertThat(v2.exemptions().uses()).isEqualTo(v1.exemptions().uses())
        .containsExactlyInAnyOrder(VehicleUse.PRIORITY, VehicleUse.ARMY, VehicleUse.MARKET, VehicleUse.MAINTENANCE);
    assertThat(timeline.inForceAt(Instant.parse("2025-09-21T21:59:59Z")).orElseThrow().version()).isEqualTo(1);
    assertThat(timeline.inForceAt(Instant.parse("2026-11-28T12:00:00Z")).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void brusselsDayPassAllowanceIs8Until2022_07_14And24From2022_07_15() throws PolicyValidationException {
    for (ZonePolicy v : ShippedPolicies.file("brussels").versions()) {
      var pass = v.dayPass().orElseThrow();
      assertThat(pass.maxDaysPerCalendarYear(LocalDate.of(2018, 1, 1))).isEqualTo(8);
      assertThat(pass.maxDaysPerCalendarYear(LocalDate.of(2022, 7, 14))).isEqualTo(8);
      assertThat(pass.maxDaysPerCalendarYear(LocalDate.of(2022, 7, 15))).isEqualTo(24);
      assertThat(pass.maxDaysPerCalendarYear(LocalDate.of(2026, 12, 3))).isEqualTo(24);
      assertThat(pass.allowances()).allSatisfy(a -> assertThat(a.source()).isNotBlank());
    }
  }

  /** Every document a shipped policy cites is a file of this repository (users have nothing else). */
  @Test
  void everyDocumentAShippedPolicyCitesIsInTheRepository() {
    java.util.regex.Pattern document = java.util.regex.Pattern.compile("[\\w./-]+\\.md\\b");
    java.nio.file.Path repository = java.nio.file.Path.of("..").toAbsolutePath().normalize();
    int cited = 0;
    for (String zone : List.of("brussels", "antwerp", "ghent", "london-ulez", "paris")) {
      var m = document.matcher(ShippedPolicies.text(zone));
      while (m.find()) {
        String ref = m.group();
        cited++;
        assertThat(ref).as(zone + " cites " + ref).doesNotStartWith("/").doesNotStartWith("..");
        assertThat(repository.resolve(ref)).as(zone + " cites " + ref).isRegularFile();
      }
    }
    assertThat(cited).as("the policies cite the repository's design notes").isPositive();
  }
}
