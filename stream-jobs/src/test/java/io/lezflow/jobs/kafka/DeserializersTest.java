package io.lezflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.jobs.domain.Fuel;
import io.lezflow.jobs.domain.ReadEvent;
import io.lezflow.jobs.domain.VehicleCategory;
import io.lezflow.jobs.domain.VehicleFacts;
import io.lezflow.jobs.kafka.WireMapping.ReadRejection;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class DeserializersTest {

  private static PlateRead.Builder goodRead() {
    return PlateRead.newBuilder()
        .setReadId("bru-cam-0003:42")
        .setCameraId("bru-cam-0003")
        .setSequence(42)
        .setCapturedAtMs(1_773_144_000_000L)
        .setPlateText("1-abc-234")
        .setPlateCountry("be")
        .setConfidence(0.93f)
        .setEvidence(Evidence.newBuilder().setImageKey("img/42.jpg").setImageSha256("cd".repeat(32)))
        .setPublishedAtMs(1_773_144_000_250L);
  }

  @Test
  void plateReadBecomesAReadEventWithANormalisedVehicleKey() {
    List<ReadEvent> out = deserializeRead(goodRead().build().toByteArray(), new PlateReadDeserializer());

    assertThat(out).singleElement().satisfies(read -> {
      assertThat(read.readId).isEqualTo("bru-cam-0003:42");
      assertThat(read.cameraId).isEqualTo("bru-cam-0003");
      assertThat(read.capturedAtMs).isEqualTo(1_773_144_000_000L);
      assertThat(read.plateText).isEqualTo("1-abc-234");
      assertThat(read.country).isEqualTo("BE");
      assertThat(read.vehicleKey).isEqualTo("BE:1ABC234");
      assertThat(read.confidence).isEqualTo(0.93f);
      assertThat(read.imageKey).isEqualTo("img/42.jpg");
      assertThat(read.imageSha256).isEqualTo("cd".repeat(32));
      assertThat(read.publishedAtMs).isEqualTo(1_773_144_000_250L);
    });
  }

  static Stream<Arguments> unenforceableReads() {
    return Stream.of(
        Arguments.of((UnaryOperator<PlateRead.Builder>) b -> b.clearReadId(), ReadRejection.MISSING_READ_ID),
        Arguments.of((UnaryOperator<PlateRead.Builder>) b -> b.clearCameraId(), ReadRejection.MISSING_CAMERA_ID),
        Arguments.of((UnaryOperator<PlateRead.Builder>) b -> b.setCapturedAtMs(0), ReadRejection.MISSING_CAPTURE_TIME),
        Arguments.of((UnaryOperator<PlateRead.Builder>) b -> b.setPlateText(" - . "), ReadRejection.EMPTY_PLATE));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unenforceableReads")
  void unenforceableReadIsSkippedAndCountedByReason(UnaryOperator<PlateRead.Builder> damage, ReadRejection reason) {
    PlateReadDeserializer deserializer = new PlateReadDeserializer();

    List<ReadEvent> out = deserializeRead(damage.apply(goodRead()).build().toByteArray(), deserializer);

    assertThat(out).isEmpty();
    assertThat(deserializer.rejectedCount(reason)).isEqualTo(1);
    EnumSet.complementOf(EnumSet.of(reason)).forEach(other -> assertThat(deserializer.rejectedCount(other)).isZero());
  }

  @Test
  void garbageAndNullValuesAreSkippedAndCountedNotThrown() {
    PlateReadDeserializer deserializer = new PlateReadDeserializer();

    assertThat(deserializeRead(new byte[] {(byte) 0xff, 0x01, 0x02, (byte) 0x80}, deserializer)).isEmpty();
    assertThat(deserializeRead(null, deserializer)).isEmpty();
    assertThat(deserializeRead(goodRead().build().toByteArray(), deserializer)).hasSize(1);

    assertThat(deserializer.rejectedCount(ReadRejection.UNPARSABLE)).isEqualTo(2);
  }

  @Test
  void vehicleRecordBecomesFacts() {
    VehicleRecord record = VehicleRecord.newBuilder()
        .setVehicleKey("BE:1ABC234").setPlate("1-ABC-234").setCountry("BE")
        .setCategory(io.lezflow.schemas.v1.VehicleCategory.VEHICLE_CATEGORY_N1)
        .setFuel(io.lezflow.schemas.v1.Fuel.FUEL_HYBRID_DIESEL)
        .setEuroNorm(4).setFirstRegistration("2009-04-01").setHistoricPlate(true).setPriorityVehicle(true)
        .setUpdatedAtMs(99L).setCritAir(3).build();

    List<VehicleFacts> out = deserializeVehicle("BE:1ABC234", record.toByteArray(), new VehicleRecordDeserializer());

    VehicleFacts expected = VehicleFacts.of("BE:1ABC234", VehicleCategory.N1, Fuel.HYBRID_DIESEL, 4, "2009-04-01", true, true, 99L);
    expected.critAir = 3;
    assertThat(out).containsExactly(expected);
  }

  @Test
  void deletedRecordAndKafkaTombstoneBecomeDeletions() {
    VehicleRecordDeserializer deserializer = new VehicleRecordDeserializer();
    VehicleRecord deleted = VehicleRecord.newBuilder().setVehicleKey("NL:XY12ZZ").setDeleted(true).setUpdatedAtMs(7L).build();

    assertThat(deserializeVehicle("NL:XY12ZZ", deleted.toByteArray(), deserializer))
        .containsExactly(VehicleFacts.deletion("NL:XY12ZZ", 7L));
    assertThat(deserializeVehicle("NL:XY12ZZ", null, deserializer))
        .singleElement().satisfies(f -> {
          assertThat(f.deleted).isTrue();
          assertThat(f.vehicleKey).isEqualTo("NL:XY12ZZ");
        });
  }

  @Test
  void vehicleKeyIsNormalisedFromTheRecordWhenKeyFieldIsMissing() {
    VehicleRecord record = VehicleRecord.newBuilder().setPlate("xy-12-zz").setCountry("nl")
        .setCategory(io.lezflow.schemas.v1.VehicleCategory.VEHICLE_CATEGORY_M1).build();

    assertThat(WireMapping.toVehicleFacts(record).vehicleKey).isEqualTo("NL:XY12ZZ");
    assertThat(WireMapping.toVehicleFacts(VehicleRecord.newBuilder().setCountry("BE").build())).isNull();
  }

  @Test
  void garbageVehicleRecordIsSkippedAndCounted() {
    VehicleRecordDeserializer deserializer = new VehicleRecordDeserializer();

    assertThat(deserializeVehicle("BE:1", new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}, deserializer)).isEmpty();
    assertThat(deserializer.rejectedCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(value = io.lezflow.schemas.v1.VehicleCategory.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
  void everyWireCategoryMapsToTheSameNamedDomainCategory(io.lezflow.schemas.v1.VehicleCategory wire) {
    VehicleCategory domain = WireMapping.category(wire);
    String expected = wire == io.lezflow.schemas.v1.VehicleCategory.VEHICLE_CATEGORY_UNSPECIFIED
        ? "UNKNOWN" : wire.name().substring("VEHICLE_CATEGORY_".length());
    assertThat(domain.name()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(value = io.lezflow.schemas.v1.Fuel.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
  void everyWireFuelMapsToTheSameNamedDomainFuel(io.lezflow.schemas.v1.Fuel wire) {
    String expected = wire == io.lezflow.schemas.v1.Fuel.FUEL_UNSPECIFIED ? "UNKNOWN" : wire.name().substring("FUEL_".length());
    assertThat(WireMapping.fuel(wire).name()).isEqualTo(expected);
  }

  private static List<ReadEvent> deserializeRead(byte[] value, PlateReadDeserializer deserializer) {
    List<ReadEvent> out = new ArrayList<>();
    deserializer.deserialize(new ConsumerRecord<>(Topics.PLATE_READS, 3, 17L, "BE:1ABC234".getBytes(StandardCharsets.UTF_8), value),
        new ListCollector<>(out));
    return out;
  }

  private static List<VehicleFacts> deserializeVehicle(String key, byte[] value, VehicleRecordDeserializer deserializer) {
    List<VehicleFacts> out = new ArrayList<>();
    deserializer.deserialize(new ConsumerRecord<>(Topics.VEHICLES, 1, 5L, key.getBytes(StandardCharsets.UTF_8), value),
        new ListCollector<>(out));
    return out;
  }
}
