package io.lezflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.kafka.WireMapping.ReadRejection;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.PermitKind;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.schemas.v1.ZonePolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Kafka deserializers: wire records to the enforcement's records, never an exception on bad input. */
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
  void vehicleRecordBecomesARegisterChangeUnderItsNormalisedKeyAtItsUpdateTime() throws Exception {
    VehicleRecord record = VehicleRecord.newBuilder()
        .setVehicleKey("be:1-abc-234").setPlate("1-ABC-234").setCountry("BE")
        .setCategory(io.lezflow.schemas.v1.VehicleCategory.VEHICLE_CATEGORY_N1)
        .setFuel(io.lezflow.schemas.v1.Fuel.FUEL_HYBRID_DIESEL)
        .setEuroNorm(4).setFirstRegistration("2009-04-01").setUpdatedAtMs(99L).setCritAir(3).build();

    List<KeyedChange> out = deserialize(new ReferenceDeserializers.Vehicles(), Topics.VEHICLES, "BE:1ABC234", record.toByteArray());

    assertThat(out).singleElement().satisfies(change -> {
      assertThat(change.kind).isEqualTo(KeyedChange.Kind.VEHICLE);
      assertThat(change.vehicleKey).isEqualTo("BE:1ABC234");
      assertThat(change.eventTimeMs).isEqualTo(99L);
      assertThat(VehicleRecord.parseFrom(change.payload)).isEqualTo(record.toBuilder().setVehicleKey("BE:1ABC234").build());
    });
  }

  @Test
  void deletedRecordAndKafkaTombstoneBecomeDeletions() {
    var deserializer = new ReferenceDeserializers.Vehicles();
    VehicleRecord deleted = VehicleRecord.newBuilder().setVehicleKey("NL:XY12ZZ").setDeleted(true).setUpdatedAtMs(7L).build();

    assertThat(deserialize(deserializer, Topics.VEHICLES, "NL:XY12ZZ", deleted.toByteArray()))
        .containsExactly(new KeyedChange(KeyedChange.Kind.VEHICLE_DELETED, "NL:XY12ZZ", null, 7L, null));
    assertThat(deserialize(deserializer, Topics.VEHICLES, "nl:xy-12-zz", null)).singleElement().satisfies(c -> {
      assertThat(c.kind).isEqualTo(KeyedChange.Kind.VEHICLE_DELETED);
      assertThat(c.vehicleKey).isEqualTo("NL:XY12ZZ");
      assertThat(c.eventTimeMs).isEqualTo(RECORD_TIMESTAMP);
    });
    assertThat(deserializer.rejectedCount()).isZero();
  }

  @Test
  void vehicleKeyIsNormalisedFromPlateAndCountryWhenTheKeyFieldIsMissingOrEmpty() {
    VehicleRecord record = VehicleRecord.newBuilder().setPlate("xy-12-zz").setCountry("nl")
        .setCategory(io.lezflow.schemas.v1.VehicleCategory.VEHICLE_CATEGORY_M1).build();

    assertThat(WireMapping.toVehicleChange(record, 1L).vehicleKey).isEqualTo("NL:XY12ZZ");
    assertThat(WireMapping.toVehicleChange(record.toBuilder().setVehicleKey("NL:").build(), 1L).vehicleKey).isEqualTo("NL:XY12ZZ");
    assertThat(WireMapping.toVehicleChange(VehicleRecord.newBuilder().setCountry("BE").build(), 1L)).isNull();
  }

  @Test
  void permitBecomesAPermitChangeUnderItsNormalisedVehicleKey() throws Exception {
    Permit permit = Permit.newBuilder().setPermitId("P-1").setVehicleKey("be:1-abc-234").setZoneId("brussels")
        .setKind(PermitKind.PERMIT_KIND_DAY_PASS).setValidFromMs(1_000L).setIssuedAtMs(500L).build();

    // Keyed by permit id on the topic: the vehicle comes from the permit itself.
    List<KeyedChange> out = deserialize(new ReferenceDeserializers.Permits(), Topics.PERMITS, "P-1", permit.toByteArray());

    assertThat(out).singleElement().satisfies(change -> {
      assertThat(change.kind).isEqualTo(KeyedChange.Kind.PERMIT);
      assertThat(change.permitId).isEqualTo("P-1");
      assertThat(change.vehicleKey).isEqualTo("BE:1ABC234");
      assertThat(change.eventTimeMs).isEqualTo(500L);
      assertThat(Permit.parseFrom(change.payload).getVehicleKey()).isEqualTo("BE:1ABC234");
    });
  }

  @Test
  void twoPermitsOfOneVehicleUnderTheirOwnIdsBecomeTwoChangesOfThatVehicle() {
    var deserializer = new ReferenceDeserializers.Permits();
    Permit registration = Permit.newBuilder().setPermitId("REG-1").setVehicleKey("fr:ab-123-cd").setZoneId("brussels")
        .setKind(PermitKind.PERMIT_KIND_FOREIGN_REGISTRATION).setIssuedAtMs(100L).build();
    Permit dayPass = Permit.newBuilder().setPermitId("PASS-1").setVehicleKey("FR:AB123CD").setZoneId("brussels")
        .setKind(PermitKind.PERMIT_KIND_DAY_PASS).setIssuedAtMs(200L).build();

    List<KeyedChange> out = new ArrayList<>();
    out.addAll(deserialize(deserializer, Topics.PERMITS, "REG-1", registration.toByteArray()));
    out.addAll(deserialize(deserializer, Topics.PERMITS, "PASS-1", dayPass.toByteArray()));

    assertThat(out).extracting(c -> c.kind + " " + c.permitId + " " + c.vehicleKey)
        .containsExactly("PERMIT REG-1 FR:AB123CD", "PERMIT PASS-1 FR:AB123CD");
    assertThat(deserializer.rejectedCount()).isZero();
  }

  @Test
  void permitsWithoutIdOrVehicleAndPermitTombstonesAreSkippedAndCounted() {
    var deserializer = new ReferenceDeserializers.Permits();
    Permit noId = Permit.newBuilder().setVehicleKey("BE:1ABC234").build();
    Permit noVehicle = Permit.newBuilder().setPermitId("P-2").setVehicleKey("BE:").build();

    assertThat(deserialize(deserializer, Topics.PERMITS, "P-1", noId.toByteArray())).isEmpty();
    assertThat(deserialize(deserializer, Topics.PERMITS, "P-2", noVehicle.toByteArray())).isEmpty();
    // A tombstone's key is a permit id: it names no vehicle, so no keyed state could apply it.
    assertThat(deserialize(deserializer, Topics.PERMITS, "P-3", null)).isEmpty();
    assertThat(deserializer.rejectedCount()).isEqualTo(3);
    assertThat(deserializer.skipReason(record(Topics.PERMITS, "P-3", null)))
        .isEqualTo(ReferenceDeserializers.Permits.TOMBSTONE_REASON).contains("revoked=true");
    assertThat(deserializer.skipReason(record(Topics.PERMITS, "P-1", noId.toByteArray()))).isEqualTo("names nothing to key it by");
  }

  @Test
  void policyBecomesAControlChangeNamedByZoneAndVersionAtItsPublicationTime() {
    ZonePolicy policy = ZonePolicy.newBuilder().setZoneId("brussels").setVersion(3).setPolicyJson("{}").build();

    assertThat(deserialize(new ReferenceDeserializers.Policies(), Topics.ZONE_POLICIES, "brussels@v3", policy.toByteArray()))
        .containsExactly(new ControlChange(ControlChange.Kind.POLICY, "brussels@v3", RECORD_TIMESTAMP, policy.toByteArray()));
  }

  @Test
  void cameraRegistrationAndItsTombstoneBecomeCameraChanges() {
    var deserializer = new ReferenceDeserializers.Cameras();
    CameraRegistration camera = CameraRegistration.newBuilder().setCameraId("bru-cam-0001").setZoneId("brussels")
        .setActive(true).setUpdatedAtMs(42L).build();

    assertThat(deserialize(deserializer, Topics.CAMERAS, "bru-cam-0001", camera.toByteArray()))
        .containsExactly(new ControlChange(ControlChange.Kind.CAMERA, "bru-cam-0001", 42L, camera.toByteArray()));
    assertThat(deserialize(deserializer, Topics.CAMERAS, "bru-cam-0001", null))
        .containsExactly(new ControlChange(ControlChange.Kind.CAMERA_REMOVED, "bru-cam-0001", RECORD_TIMESTAMP, null));
  }

  @Test
  void garbageOnEveryReferenceTopicIsSkippedAndCountedNeverThrown() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, 0x7f};
    var vehicles = new ReferenceDeserializers.Vehicles();
    var permits = new ReferenceDeserializers.Permits();
    var policies = new ReferenceDeserializers.Policies();
    var cameras = new ReferenceDeserializers.Cameras();

    assertThat(deserialize(vehicles, Topics.VEHICLES, "BE:1", garbage)).isEmpty();
    assertThat(deserialize(permits, Topics.PERMITS, "BE:1", garbage)).isEmpty();
    assertThat(deserialize(policies, Topics.ZONE_POLICIES, "x", garbage)).isEmpty();
    assertThat(deserialize(cameras, Topics.CAMERAS, "c", garbage)).isEmpty();
    assertThat(List.of(vehicles.rejectedCount(), permits.rejectedCount(), policies.rejectedCount(), cameras.rejectedCount()))
        .containsExactly(1L, 1L, 1L, 1L);
  }

  private static final long RECORD_TIMESTAMP = 1_773_000_000_000L;

  private static List<ReadEvent> deserializeRead(byte[] value, PlateReadDeserializer deserializer) {
    List<ReadEvent> out = new ArrayList<>();
    deserializer.deserialize(new ConsumerRecord<>(Topics.PLATE_READS, 3, 17L, "BE:1ABC234".getBytes(StandardCharsets.UTF_8), value),
        new ListCollector<>(out));
    return out;
  }

  private static <T> List<T> deserialize(ReferenceDeserializer<T> deserializer, String topic, String key, byte[] value) {
    List<T> out = new ArrayList<>();
    deserializer.deserialize(record(topic, key, value), new ListCollector<>(out));
    return out;
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ConsumerRecord<>(topic, 0, 5L, RECORD_TIMESTAMP,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, value == null ? 0 : value.length,
        key.getBytes(StandardCharsets.UTF_8), value, new org.apache.kafka.common.header.internals.RecordHeaders(),
        java.util.Optional.empty());
  }
}
