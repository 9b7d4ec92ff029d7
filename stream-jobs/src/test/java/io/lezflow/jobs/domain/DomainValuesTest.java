package io.lezflow.jobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.schemas.ViolationIds;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainValuesTest {

  @Test
  void violationRecordCarriesTheDeterministicIdAndTheEvidence() {
    ReadEvent read = EnforcementDeciderTest.read(java.time.Instant.parse("2026-03-09T23:30:00Z").toEpochMilli());
    Decision decision = new EnforcementDecider().decide(read, EnforcementDeciderTest.vehicle(VehicleCategory.M1, Fuel.DIESEL, 3), BrusselsLez2026.RULE);

    ViolationRecord v = ViolationRecord.of(read, decision);

    assertThat(v.violationId).isEqualTo(ViolationIds.of("BRU", "BE:1ABC234", LocalDate.parse("2026-03-10")));
    assertThat(v.enforcementDay).isEqualTo("2026-03-10");
    assertThat(v.readIds).containsExactly(read.readId);
    assertThat(v.firstSeenAtMs).isEqualTo(read.capturedAtMs);
    assertThat(v.fineCents).isEqualTo(35_000);
    assertThat(v.currency).isEqualTo("EUR");
    assertThat(v.violationType).isEqualTo("EMISSION_BAN");
    assertThat(v.plateText).isEqualTo("1-ABC-234");
    assertThat(v.imageSha256).isEqualTo(read.imageSha256);
    assertThat(v.toString()).doesNotContain("1ABC234").doesNotContain("1-ABC-234");
  }

  @Test
  void onlyAViolationBecomesAViolationRecord() {
    ReadEvent read = EnforcementDeciderTest.read(1_770_000_000_000L);
    Decision compliant = new EnforcementDecider().decide(read, EnforcementDeciderTest.vehicle(VehicleCategory.M1, Fuel.DIESEL, 6), BrusselsLez2026.RULE);

    assertThatThrownBy(() -> ViolationRecord.of(read, compliant)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vehicleHashIsHmacSha256OfTheVehicleKey() {
    // Expected value computed independently: printf 'BE:1ABC234' | openssl dgst -sha256 -hmac 'lezflow-test-secret-0123456789'
    VehicleHasher hasher = new VehicleHasher("lezflow-test-secret-0123456789");

    assertThat(HexFormat.of().formatHex(hasher.hash("BE:1ABC234")))
        .isEqualTo("271ffc178d33f1a608288331cc7258b156187bbd52926433c75ae9d0373785eb");
    assertThat(hasher.hash("BE:1ABC235")).isNotEqualTo(hasher.hash("BE:1ABC234"));
    assertThat(new VehicleHasher("another-secret-0123456789").hash("BE:1ABC234")).isNotEqualTo(hasher.hash("BE:1ABC234"));
  }

  @Test
  void vehicleHashRefusesAShortSecret() {
    assertThatThrownBy(() -> new VehicleHasher("short")).hasMessageContaining("at least 16 bytes");
  }

  @Test
  void zoneRuleRefusesContradictionsAndUnknownTimeZones() {
    assertThatThrownBy(() -> new ZoneRule("X", "r", 1, "Europe/Brussels", Set.of(VehicleCategory.M1), Map.of(),
            Set.of(VehicleCategory.M1), Set.of(), 0, false, 0, "EUR"))
        .hasMessageContaining("both covers and exempts");
    assertThatThrownBy(() -> new ZoneRule("X", "r", 1, "Mars/Olympus", Set.of(), Map.of(), Set.of(), Set.of(), 0, false, 0, "EUR"))
        .hasMessageContaining("timeZone");
  }

  @Test
  void logStringsCarryNoPlate() {
    ReadEvent read = EnforcementDeciderTest.read(1L);
    VehicleFacts facts = EnforcementDeciderTest.vehicle(VehicleCategory.M1, Fuel.DIESEL, 3);

    assertThat(read.toString()).doesNotContain("ABC");
    assertThat(facts.toString()).doesNotContain("ABC");
  }
}
