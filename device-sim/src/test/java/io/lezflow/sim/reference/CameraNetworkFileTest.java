package io.lezflow.sim.reference;

import io.lezflow.sim.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.schemas.CameraNetwork;
import io.lezflow.schemas.v1.CameraRegistration;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shipped camera network file is the default fleet's registry: the cameras the simulator runs
 * are the cameras the police see in table {@code cameras}, at the same places, in the same zones.
 */
class CameraNetworkFileTest {

  @Test
  void theShippedFileIsTheDefaultFleet() {
    List<CameraNetwork.Site> sites = CameraNetwork.brussels();
    List<CameraRegistration> fleet = CameraRegistry.of(SimulatorConfig.defaults("tcp://127.0.0.1:1883"));

    assertThat(sites).hasSize(330);
    for (int i = 0; i < sites.size(); i++) {
      CameraNetwork.Site site = sites.get(i);
      CameraRegistration camera = fleet.get(i);
      assertThat(site.cameraId()).isEqualTo(camera.getCameraId());
      assertThat(site.policeZone()).isEqualTo(camera.getPoliceZone());
      assertThat(site.latitude()).isEqualTo(camera.getLatitude());
      assertThat(site.longitude()).isEqualTo(camera.getLongitude());
    }
  }

  @Test
  void everyOneOfTheSixPoliceZonesHasItsShareUnderItsRealName() {
    Map<String, Long> perZone = CameraNetwork.brussels().stream()
        .collect(Collectors.groupingBy(s -> s.policeZone() + " " + s.policeZoneName(), Collectors.counting()));
    assertThat(perZone).hasSize(6).allSatisfy((zone, n) -> assertThat(n).isEqualTo(55L));
    assertThat(perZone.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(BrusselsPoliceZone.values()).map(z -> z.code + " " + z.displayName).toList());
  }

  @Test
  void aBadLineIsRefusedWithItsNumber() {
    String csv = CameraNetwork.HEADER + "\nbru-cam-0001,5339,X,brussels,50.8,4.3,INBOUND,Rue\nbru-cam-0002,5339,X,brussels,north,4.3,INBOUND,Rue\n";
    assertThatThrownBy(() -> CameraNetwork.parse(new StringReader(csv), "test.csv"))
        .hasMessage("camera network test.csv line 3: latitude must be a number in [-90.0, 90.0], was 'north'");
  }
}
