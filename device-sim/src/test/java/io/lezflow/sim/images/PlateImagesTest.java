package io.lezflow.sim.images;

import io.lezflow.sim.traffic.Passage;
import io.lezflow.sim.traffic.PlateReads;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.schemas.v1.Direction;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlateImagesTest {
  private static final PlateRead READ = PlateReads.capture("bru-cam-0007", 12, 1_764_000_000_000L,
      VehicleRecord.newBuilder().setCountry("BE").setPlate("1-ABC-234").setVehicleKey("BE:1ABC234").build(),
      new Passage(0, 1, Direction.DIRECTION_INBOUND, 0.93f, true));

  @Test
  void theSameReadRendersTheSameSmallPng() throws Exception {
    byte[] png = PlateImages.render(READ);

    assertThat(PlateImages.render(READ.toBuilder().build())).isEqualTo(png);
    assertThat(png).hasSizeBetween(200, 4096);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(decoded.getWidth()).isEqualTo(PlateImages.WIDTH);
    assertThat(decoded.getHeight()).isEqualTo(PlateImages.HEIGHT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"plate text", "country", "camera", "capture time", "sequence", "a very long plate"})
  void whatTheImageShowsChangesItsBytes(String what) {
    UnaryOperator<PlateRead.Builder> change = switch (what) {
      case "plate text" -> b -> b.setPlateText("1-ABC-235");
      case "country" -> b -> b.setPlateCountry("NL");
      case "camera" -> b -> b.setCameraId("bru-cam-0008");
      case "capture time" -> b -> b.setCapturedAtMs(READ.getCapturedAtMs() + 1000);
      case "sequence" -> b -> b.setSequence(13);
      default -> b -> b.setPlateText("WWWWWWWWWWWWWWWWWWWW");
    };

    assertThat(PlateImages.render(change.apply(READ.toBuilder()).build())).isNotEqualTo(PlateImages.render(READ));
  }

  @Test
  void theReadCarriesTheHashOfItsImage() throws Exception {
    byte[] png = PlateImages.render(READ);

    PlateRead withImage = PlateReads.withImage(READ, png);

    assertThat(withImage.getEvidence().getImageSha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)))
        .isNotEqualTo(READ.getEvidence().getImageSha256());
    assertThat(withImage.getEvidence().getImageKey()).isEqualTo("bru-cam-0007/12.png");
  }
}
