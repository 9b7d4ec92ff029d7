package io.lezflow.sim.reference;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.CameraRegistration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CameraRegistryTest {
  private static final SimulatorConfig FLEET = SimulatorConfig.defaults("tcp://127.0.0.1:1883");

  @Test
  void oneActiveRegistrationPerCameraInTheConfiguredZone() {
    List<CameraRegistration> registry = CameraRegistry.of(FLEET);
    assertThat(registry).hasSize(330);
    for (int n = 1; n <= 330; n++) {
      CameraRegistration r = registry.get(n - 1);
      assertThat(r.getCameraId()).isEqualTo(FLEET.cameraId(n));
      assertThat(r.getZoneId()).isEqualTo("BRU");
      assertThat(r.getActive()).isTrue();
      assertThat(r.getName()).contains(r.getCameraId()).contains(r.getPoliceZone());
    }
    assertThat(CameraRegistry.of(FLEET.withZoneId("brussels").withCameras(2))).allMatch(r -> r.getZoneId().equals("brussels"));
  }

  @ParameterizedTest(name = "camera {0} -> police zone {1}")
  @CsvSource({"1, 5339", "2, 5340", "3, 5341", "4, 5342", "5, 5343", "6, 5344", "7, 5339", "330, 5344"})
  void policeZonesGoRoundTheSixBrusselsZones(int camera, String policeZone) {
    assertThat(CameraRegistry.of(FLEET).get(camera - 1).getPoliceZone()).isEqualTo(policeZone);
  }

  @Test
  void everyPoliceZoneGetsItsShare() {
    Map<String, Long> perZone = CameraRegistry.of(FLEET).stream()
        .collect(Collectors.groupingBy(CameraRegistration::getPoliceZone, Collectors.counting()));
    assertThat(perZone).containsOnlyKeys("5339", "5340", "5341", "5342", "5343", "5344");
    assertThat(perZone.values()).allMatch(count -> count == 55);
  }

  @Test
  void camerasStandInsideTheBrusselsRegionNearTheirPoliceZone() {
    for (CameraRegistration r : CameraRegistry.of(FLEET)) {
      assertThat(r.getLatitude()).isBetween(50.79, 50.91);
      assertThat(r.getLongitude()).isBetween(4.28, 4.48);
      BrusselsPoliceZone zone = Arrays.stream(BrusselsPoliceZone.values())
          .filter(z -> z.code.equals(r.getPoliceZone())).findFirst().orElseThrow();
      assertThat(Math.abs(r.getLatitude() - zone.centreLatitude)).isLessThanOrEqualTo(zone.latitudeSpread + 1e-6);
      assertThat(Math.abs(r.getLongitude() - zone.centreLongitude)).isLessThanOrEqualTo(zone.longitudeSpread + 1e-6);
    }
    // Not all on one spot: positions differ from camera to camera.
    assertThat(CameraRegistry.of(FLEET).stream().map(CameraRegistration::getLatitude).distinct().count()).isGreaterThan(300);
  }

  @Test
  void theRegistryIsDeterministicAndACamerasPlaceDoesNotDependOnTheFleetSize() {
    assertThat(CameraRegistry.of(FLEET)).isEqualTo(CameraRegistry.of(FLEET));
    Map<String, CameraRegistration> small = CameraRegistry.of(FLEET.withCameras(10)).stream()
        .collect(Collectors.toMap(CameraRegistration::getCameraId, Function.identity()));
    assertThat(CameraRegistry.of(FLEET).subList(0, 10)).allMatch(r -> r.equals(small.get(r.getCameraId())));
    assertThat(CameraRegistry.of(FLEET.withSeed(43)).get(0).getLatitude()).isNotEqualTo(CameraRegistry.of(FLEET).get(0).getLatitude());
  }

  @Test
  void registeredBeforeAnyRead() {
    long startOfLez = LocalDate.of(2018, 1, 1).atStartOfDay(VehiclePopulation.BRUSSELS).toInstant().toEpochMilli();
    assertThat(CameraRegistry.of(FLEET)).allMatch(r -> r.getUpdatedAtMs() == startOfLez);
    assertThat(startOfLez).isLessThan(System.currentTimeMillis());
  }
}
