package io.lezflow.rules.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.rules.model.CritAir;
import io.lezflow.rules.model.Fuel;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.schemas.plates.PlateMatcher;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.PermitKind;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire messages become rule facts without losing or inventing anything. */
class WireFactsTest {

  private static ZonePolicy brussels() throws Exception {
    return ShippedPolicies.file("brussels").versions().get(0);
  }

  private static long ms(String zoned) {
    return ZonedDateTime.parse(zoned).toInstant().toEpochMilli();
  }

  @Test
  void aReadIsNormalisedToItsVehicleKey() {
    PlateRead read = PlateRead.newBuilder().setReadId("cam-1:7").setCameraId("cam-1").setCapturedAtMs(1_700_000_000_000L)
        .setPlateText("1-abc-234").setPlateCountry("be").setConfidence(0.91f)
        .setEvidence(Evidence.newBuilder().setImageSha256("ff".repeat(32))).build();
    ReadFacts facts = ReadFacts.fromProto(read, "brussels");
    assertThat(facts.vehicleKey()).isEqualTo("BE:1ABC234");
    assertThat(facts.country()).isEqualTo("BE");
    assertThat(facts.plate()).isEqualTo("1ABC234");
    assertThat(facts.capturedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(facts.imageSha256()).hasSize(64);
    assertThat(ReadFacts.fromProto(read.toBuilder().setPlateCountry("").build(), "brussels").country()).isEqualTo("XX");
  }

  @Test
  void aRegisterRecordBecomesVehicleFacts() {
    VehicleRecord record = VehicleRecord.newBuilder().setVehicleKey("BE:1ABC234")
        .setCategory(io.lezflow.schemas.v1.VehicleCategory.VEHICLE_CATEGORY_N1)
        .setFuel(io.lezflow.schemas.v1.Fuel.FUEL_HYBRID_DIESEL).setEuroNorm(5).setFirstRegistration("2011-03-04")
        .setHistoricPlate(true).setCritAir(-1).build();
    VehicleFacts facts = VehicleFacts.fromRecord(record);
    assertThat(facts.category()).isEqualTo(VehicleCategory.N1);
    assertThat(facts.fuel()).isEqualTo(Fuel.HYBRID_DIESEL);
    assertThat(facts.euroNorm()).isEqualTo(5);
    assertThat(facts.critAir()).isNull();
    assertThat(facts.critAirOrDerived()).isEqualTo(CritAir.CRIT_AIR_2);
    assertThat(facts.firstRegistration()).isEqualTo(LocalDate.of(2011, 3, 4));
    assertThat(facts.historicPlate()).isTrue();

    VehicleFacts sparse = VehicleFacts.fromRecord(VehicleRecord.newBuilder().setVehicleKey("BE:1ABC234")
        .setFirstRegistration("not a date").setCritAir(3).build());
    assertThat(sparse.complete()).isFalse();
    assertThat(sparse.firstRegistration()).isNull();
    assertThat(sparse.critAir()).isEqualTo(CritAir.CRIT_AIR_3);
    assertThat(VehicleFacts.fromRecord(VehicleRecord.newBuilder().setVehicleKey("BE:1").setEuroNorm(-5).build()).euroNorm())
        .as("an unsigned value beyond 2^31 does not crash").isEqualTo(7);
  }

  @Test
  void theRegisterIsMatchedThroughTheOcrFoldedKey() {
    VehicleRecord real = VehicleRecord.newBuilder().setVehicleKey("BE:1ABC234")
        .setCategory(io.lezflow.schemas.v1.VehicleCategory.VEHICLE_CATEGORY_M1)
        .setFuel(io.lezflow.schemas.v1.Fuel.FUEL_DIESEL).setEuroNorm(3).build();
    VehicleMatch fuzzy = VehicleMatch.fromRegister(PlateMatcher.match("BE:1A8C234", List.of(real), VehicleRecord::getVehicleKey));
    assertThat(fuzzy.kind()).isEqualTo(VehicleMatch.Kind.FUZZY);
    assertThat(fuzzy.score()).isEqualTo(1);
    assertThat(fuzzy.vehicle().vehicleKey()).isEqualTo("BE:1ABC234");
    assertThat(VehicleMatch.fromRegister(PlateMatcher.match("BE:1ABC234", List.of(real), VehicleRecord::getVehicleKey)).kind())
        .isEqualTo(VehicleMatch.Kind.EXACT);
    assertThat(VehicleMatch.fromRegister(PlateMatcher.match("BE:9ZZZ999", List.of(real), VehicleRecord::getVehicleKey)).isNone())
        .isTrue();
  }

  @Test
  void permitsOfTheZoneAreKeptWithTheirLocalDays() throws Exception {
    ZonePolicy brussels = brussels();
    List<Permit> wire = List.of(
        Permit.newBuilder().setPermitId("dp-1").setZoneId("brussels").setKind(PermitKind.PERMIT_KIND_DAY_PASS)
            .setValidFromMs(ms("2024-05-03T00:00+02:00[Europe/Brussels]"))
            .setValidUntilMs(ms("2024-05-04T06:00+02:00[Europe/Brussels]"))
            .setIssuedAtMs(ms("2024-05-04T21:00+02:00[Europe/Brussels]")).build(),
        Permit.newBuilder().setPermitId("dp-other-zone").setZoneId("antwerp").setKind(PermitKind.PERMIT_KIND_DAY_PASS)
            .setValidFromMs(ms("2024-05-03T00:00+02:00[Europe/Brussels]")).build(),
        Permit.newBuilder().setPermitId("dp-revoked").setZoneId("brussels").setKind(PermitKind.PERMIT_KIND_DAY_PASS)
            .setRevoked(true).setValidFromMs(ms("2024-05-05T00:00+02:00[Europe/Brussels]")).build(),
        Permit.newBuilder().setPermitId("ex-1").setZoneId("brussels").setKind(PermitKind.PERMIT_KIND_EXEMPTION)
            .setValidFromMs(ms("2024-01-01T00:00+01:00[Europe/Brussels]")).setReason("medical").build(),
        Permit.newBuilder().setPermitId("reg-1").setZoneId("brussels").setKind(PermitKind.PERMIT_KIND_FOREIGN_REGISTRATION)
            .setValidFromMs(ms("2024-02-01T10:00+01:00[Europe/Brussels]")).build(),
        Permit.newBuilder().setPermitId("unknown-kind").setZoneId("brussels").setKindValue(99).build());
    Permits permits = Permits.fromProto(wire, brussels);
    assertThat(permits.dayPasses()).singleElement().satisfies(p -> {
      assertThat(p.permitId()).isEqualTo("dp-1");
      assertThat(p.day()).isEqualTo(LocalDate.of(2024, 5, 3));
      assertThat(p.issuedAt()).isEqualTo(Instant.ofEpochMilli(ms("2024-05-04T21:00+02:00[Europe/Brussels]")));
    });
    assertThat(permits.exemptions()).singleElement().satisfies(e -> {
      assertThat(e.validUntil()).as("open-ended").isNull();
      assertThat(e.reason()).isEqualTo("medical");
    });
    assertThat(permits.foreignRegistrations()).singleElement().satisfies(r -> {
      assertThat(r.validUntil()).isNull();
      assertThat(r.issuedAt()).as("missing issued_at is the start of validity").isEqualTo(r.validFrom());
    });
    assertThat(permits.chargePayments()).isEmpty();
  }

  @Test
  void historyKeepsSortedDistinctFineDays() {
    VehicleHistory history = VehicleHistory.ofFineDays(LocalDate.of(2024, 5, 3), LocalDate.of(2024, 1, 2))
        .withFine(LocalDate.of(2024, 5, 3));
    assertThat(history.fineDays()).containsExactly(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 5, 3));
    assertThat(history.keepFrom(LocalDate.of(2024, 2, 1)).fineDays()).containsExactly(LocalDate.of(2024, 5, 3));
  }
}
