package io.lezflow.sim.reference;

import io.lezflow.sim.traffic.VehiclePopulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.PermitKind;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForeignRegistrationsTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  @ParameterizedTest(name = "{0} plate, deleted={1} -> registered={2}")
  @CsvSource({
      "BE, false, false",
      "NL, false, false",
      "FR, false, true",
      "DE, false, true",
      "LU, false, true",
      "FR, true,  false",
      "'', false, false",
  })
  void onlyForeignNonDutchVehiclesAreRegistered(String country, boolean deleted, boolean registered) {
    VehicleRecord vehicle = VehicleRecord.newBuilder().setVehicleKey(country + ":AB123CD").setCountry(country).setDeleted(deleted).build();
    assertThat(ForeignRegistrations.of(List.of(vehicle), "BRU", TODAY)).hasSize(registered ? 1 : 0);
  }

  @ParameterizedTest(name = "today {0}: valid [{1}, {2})")
  @CsvSource({
      "2026-11-28, 2025-11-28T00:00+01:00, 2028-11-28T00:00+01:00",
      // summer time on both ends
      "2026-07-01, 2025-07-01T00:00+02:00, 2028-07-01T00:00+02:00",
      // a leap day: a year before and two after fall on 28 February
      "2028-02-29, 2027-02-28T00:00+01:00, 2030-02-28T00:00+01:00",
  })
  void aRegistrationIsValidFromAYearBeforeTodayForThreeYearsAndIssuedWhenItBecameValid(LocalDate today, String from, String until) {
    VehicleRecord vehicle = VehicleRecord.newBuilder().setVehicleKey("FR:AB123CD").setCountry("FR").build();
    Permit permit = ForeignRegistrations.of(List.of(vehicle), "brussels", today).get(0);
    assertThat(permit.getKind()).isEqualTo(PermitKind.PERMIT_KIND_FOREIGN_REGISTRATION);
    assertThat(permit.getZoneId()).isEqualTo("brussels");
    assertThat(permit.getVehicleKey()).isEqualTo("FR:AB123CD");
    assertThat(permit.getValidFromMs()).isEqualTo(ZonedDateTime.parse(from).toInstant().toEpochMilli());
    assertThat(permit.getValidUntilMs()).isEqualTo(ZonedDateTime.parse(until).toInstant().toEpochMilli());
    assertThat(permit.getIssuedAtMs()).isEqualTo(permit.getValidFromMs());
    assertThat(permit.getRevoked()).isFalse();
  }

  @Test
  void thePopulationsForeignVehiclesAreAllRegisteredWithDeterministicIdsThatHideThePlate() {
    List<VehicleRecord> population = VehiclePopulation.generate(42, 20_000, TODAY);
    List<Permit> permits = ForeignRegistrations.of(population, "BRU", TODAY);
    Set<String> foreign = population.stream().filter(v -> !v.getCountry().equals("BE") && !v.getCountry().equals("NL"))
        .map(VehicleRecord::getVehicleKey).collect(Collectors.toSet());
    assertThat(foreign).isNotEmpty();
    assertThat(permits.stream().map(Permit::getVehicleKey).collect(Collectors.toSet())).isEqualTo(foreign);
    assertThat(permits).hasSize(foreign.size());
    assertThat(permits.stream().map(Permit::getPermitId).distinct().count()).isEqualTo(permits.size());
    assertThat(ForeignRegistrations.of(population, "BRU", TODAY)).isEqualTo(permits);
    for (Permit p : permits) {
      String plate = p.getVehicleKey().substring(3);
      assertThat(p.getPermitId()).startsWith("reg-BRU-2025-11-28-").doesNotContain(plate);
    }
    // Another zone, other ids: a permit of one zone never shadows another's.
    assertThat(ForeignRegistrations.of(population, "GHENT", TODAY).get(0).getPermitId()).isNotEqualTo(permits.get(0).getPermitId());
  }
}
