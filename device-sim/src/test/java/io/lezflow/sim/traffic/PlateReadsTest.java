package io.lezflow.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.Direction;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlateReadsTest {

  @ParameterizedTest(name = "{0} {1} separators={2} -> {3}")
  @CsvSource({
      "BE, 1-ABC-234, true,  1-ABC-234",
      "BE, 1-ABC-234, false, 1ABC234",
      "NL, AB-123-C,  false, AB123C",
      "FR, AB-123-CD, true,  AB-123-CD",
      "DE, B-AB 1234, false, BAB1234",
      "DE, B-AB 1234, true,  B-AB 1234",
  })
  void aReadCarriesThePlateAsTheCameraPrintsItAndItsEvidence(String country, String plate, boolean separators, String printed) {
    VehicleRecord vehicle = VehicleRecord.newBuilder().setCountry(country).setPlate(plate)
        .setVehicleKey(VehicleKeys.of(country, plate)).build();
    Passage passage = new Passage(0, 2, Direction.DIRECTION_INBOUND, 0.93f, separators);

    PlateRead read = PlateReads.capture("bru-cam-0007", 12, 1_764_000_000_000L, vehicle, passage);

    assertThat(read.getReadId()).isEqualTo("bru-cam-0007:12");
    assertThat(read.getCameraId()).isEqualTo("bru-cam-0007");
    assertThat(read.getSequence()).isEqualTo(12);
    assertThat(read.getCapturedAtMs()).isEqualTo(1_764_000_000_000L);
    assertThat(read.getPlateText()).isEqualTo(printed);
    assertThat(VehicleKeys.of(read.getPlateCountry(), read.getPlateText())).isEqualTo(vehicle.getVehicleKey());
    assertThat(read.getConfidence()).isEqualTo(0.93f);
    assertThat(read.getLane()).isEqualTo(2);
    assertThat(read.getEvidence().getImageKey()).isEqualTo("bru-cam-0007/12.png");
    assertThat(read.getEvidence().getImageSha256()).matches("[0-9a-f]{64}")
        .isEqualTo(PlateReads.sha256Hex("bru-cam-0007:12"))
        .isNotEqualTo(PlateReads.capture("bru-cam-0007", 13, 0, vehicle, passage).getEvidence().getImageSha256());
    assertThat(read.getPublishedAtMs()).isZero();
  }
}
