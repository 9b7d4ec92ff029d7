package io.lezflow.police.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.police.Connections;
import io.lezflow.schemas.CameraNetwork;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry file loads into table cameras and can be changed at runtime by loading again. */
class CameraDirectoryTest {
  TestDatabase database;
  CameraDirectory directory;

  @BeforeEach
  void fresh() {
    database = TestServices.freshDatabase();
    directory = new CameraDirectory(Connections.of(database.jdbcUrl(), database.user(), database.password()));
  }

  @AfterEach
  void drop() {
    database.close();
  }

  @Test
  void theBrusselsNetworkLoadsAndAReloadAppliesChanges() {
    List<CameraNetwork.Site> network = CameraNetwork.brussels();
    assertThat(directory.load(network)).isEqualTo(new CameraDirectory.LoadReport(330, 0));
    assertThat(directory.cameras(null)).hasSize(330);
    assertThat(directory.cameras("5343")).hasSize(55).allSatisfy(c -> {
      assertThat(c.policeZone()).isEqualTo("5343");
      assertThat(c.state()).isEqualTo("UNKNOWN");
      assertThat(c.active()).isTrue();
    });

    // Camera 1 moves across the street; camera 330 is taken down.
    CameraNetwork.Site first = network.get(0);
    CameraNetwork.Site moved = new CameraNetwork.Site(first.cameraId(), first.policeZone(), first.policeZoneName(), first.lezZone(),
        first.latitude() + 0.0002, first.longitude(), "OUTBOUND", first.street());
    List<CameraNetwork.Site> changed = new java.util.ArrayList<>(network.subList(1, 329));
    changed.add(0, moved);
    assertThat(directory.load(changed)).isEqualTo(new CameraDirectory.LoadReport(329, 1));
    CameraDirectory.CameraView one = directory.cameras(first.policeZone()).get(0);
    assertThat(one.latitude()).isEqualTo(first.latitude() + 0.0002);
    assertThat(one.direction()).isEqualTo("OUTBOUND");
    assertThat(directory.cameras(null)).filteredOn(c -> !c.active()).extracting(CameraDirectory.CameraView::cameraId)
        .containsExactly(network.get(329).cameraId());
  }
}
