package io.lezflow.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTimelineTest {

  private static ZonePolicy base() throws PolicyValidationException {
    return ShippedPolicies.file("brussels").versions().get(0);
  }

  private static ZonePolicy version(ZonePolicy p, int version, String effectiveFrom) {
    return new ZonePolicy(p.zoneId(), version, p.name(), Instant.parse(effectiveFrom), p.timeZone(), p.currency(),
        p.enforcement(), p.domesticCountries(), p.manualReviewBelowConfidence(), p.banSteps(), p.enforcementWindows(),
        p.chargeFreeDays(), p.exemptions(), p.fines(), p.fineLimits(), p.dayPass(), p.foreignRegistration(),
        p.dailyCharge(), p.sources());
  }

  @ParameterizedTest(name = "at {0}: version {1}")
  @CsvSource({
    "2017-12-31T22:59:59Z, 0",
    "2017-12-31T23:00:00Z, 1",
    "2024-12-31T23:59:59Z, 1",
    "2025-01-01T00:00:00Z, 2",
    "2026-05-31T23:59:59Z, 2",
    "2026-06-01T00:00:00Z, 3",
  })
  void theHighestVersionAlreadyEffectiveIsInForce(String at, int expectedVersion) throws PolicyValidationException {
    ZonePolicy v1 = base();
    PolicyTimeline timeline = PolicyTimeline.of(
        v1, version(v1, 2, "2025-01-01T00:00:00Z"), version(v1, 3, "2026-06-01T00:00:00Z"));
    Optional<ZonePolicy> inForce = timeline.inForceAt(Instant.parse(at));
    assertThat(inForce.map(ZonePolicy::version).orElse(0)).isEqualTo(expectedVersion);
  }

  @Test
  void aNewerVersionWithAnEarlierEffectiveTimeSupersedesOlderOnes() throws PolicyValidationException {
    ZonePolicy v1 = base();
    PolicyTimeline timeline = PolicyTimeline.of(v1, version(v1, 2, "2025-01-01T00:00:00Z"))
        .with(version(v1, 3, "2024-06-01T00:00:00Z"));
    assertThat(timeline.inForceAt(Instant.parse("2025-02-01T00:00:00Z")).orElseThrow().version()).isEqualTo(3);
    assertThat(timeline.inForceAt(Instant.parse("2024-05-01T00:00:00Z")).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void republishingAVersionReplacesIt() throws PolicyValidationException {
    ZonePolicy v1 = base();
    PolicyTimeline timeline = PolicyTimeline.of(v1).with(version(v1, 1, "2019-01-01T00:00:00Z"));
    assertThat(timeline.versions()).hasSize(1);
    assertThat(timeline.inForceAt(Instant.parse("2018-06-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void refusesMixedZonesAndDuplicateVersions() throws PolicyValidationException {
    ZonePolicy brussels = base();
    ZonePolicy ghent = ShippedPolicies.file("ghent").versions().get(0);
    assertThatThrownBy(() -> PolicyTimeline.of(brussels, ghent)).hasMessageContaining("zones");
    assertThatThrownBy(() -> PolicyTimeline.of(brussels, brussels)).hasMessageContaining("given twice");
    assertThatThrownBy(() -> PolicyTimeline.of(brussels).with(ghent)).hasMessageContaining("ghent");
  }

  @Test
  void londonRaisedItsPenaltyWithVersionTwo() throws PolicyValidationException {
    PolicyTimeline london = ShippedPolicies.file("london-ulez").timeline();
    assertThat(london.inForceAt(Instant.parse("2025-01-26T23:59:59Z")).orElseThrow().version()).isEqualTo(1);
    assertThat(london.inForceAt(Instant.parse("2025-01-27T00:00:00Z")).orElseThrow().version()).isEqualTo(2);
  }
}
