package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.jobs.domain.BrusselsLez2026;
import io.lezflow.jobs.domain.Fuel;
import io.lezflow.jobs.domain.Outcome;
import io.lezflow.jobs.domain.ReadEvent;
import io.lezflow.jobs.domain.Sighting;
import io.lezflow.jobs.domain.VehicleCategory;
import io.lezflow.jobs.domain.VehicleFacts;
import io.lezflow.jobs.domain.VehicleHasher;
import io.lezflow.jobs.domain.ViolationRecord;
import io.lezflow.schemas.ViolationIds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EnforcementFunction} alone, on the RocksDB state backend with generic types disabled:
 * output, side output, state entries and timers after each step.
 */
class EnforcementFunctionTest {
  private static final String SECRET = "harness-secret-0123456789";
  private static final Duration HOLD = Duration.ofSeconds(60);
  private static final String BANNED = "BE:1ABC234";
  private static final String CLEAN = "BE:2XYZ987";
  /** 2026-03-10 09:00 in Brussels. */
  private static final long DAY_1_MORNING = Instant.parse("2026-03-10T08:00:00Z").toEpochMilli();
  private static final long DAY_1_EVENING = Instant.parse("2026-03-10T22:30:00Z").toEpochMilli(); // 23:30 CET, same day
  private static final long DAY_2_JUST_AFTER_MIDNIGHT = Instant.parse("2026-03-10T23:10:00Z").toEpochMilli(); // 00:10 CET

  private KeyedTwoInputStreamOperatorTestHarness<String, ReadEvent, VehicleFacts, Sighting> harness;
  private int sequence;

  @BeforeEach
  void openHarness() throws Exception {
    harness = new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new EnforcementFunction(BrusselsLez2026.RULE, HOLD, SECRET)),
        new EventTimes.ReadVehicleKey(),
        new EventTimes.RegisterVehicleKey(),
        Types.STRING);
    harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void readBeforeItsVehicleIsHeldThenDecidedWhenTheRegisterEntryArrives() throws Exception {
    ReadEvent read = read(BANNED, DAY_1_MORNING);
    harness.processElement1(read, read.capturedAtMs);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(awaiting(BANNED)).containsExactly(read);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processElement2(diesel(BANNED, 3), 0L);

    assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
      assertThat(s.readId).isEqualTo(read.readId);
      assertThat(s.outcome).isEqualTo(Outcome.VIOLATION);
      assertThat(s.zoneId).isEqualTo("BRU");
      assertThat(s.vehicleHash).isEqualTo(new VehicleHasher(SECRET).hash(BANNED));
    });
    assertThat(violations()).extracting(v -> v.violationId)
        .containsExactly(ViolationIds.of("BRU", BANNED, LocalDate.parse("2026-03-10")));
    assertThat(awaiting(BANNED)).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(vehicle(BANNED)).isEqualTo(diesel(BANNED, 3));
  }

  @Test
  void secondReadOnTheSameEnforcementDayGivesNoSecondViolation() throws Exception {
    harness.processElement2(diesel(BANNED, 4), 0L);
    harness.processElement1(read(BANNED, DAY_1_MORNING), DAY_1_MORNING);
    harness.processElement1(read(BANNED, DAY_1_EVENING), DAY_1_EVENING);

    assertThat(harness.extractOutputValues()).extracting(s -> s.outcome).containsExactly(Outcome.VIOLATION, Outcome.VIOLATION);
    assertThat(violations()).singleElement().satisfies(v -> {
      assertThat(v.enforcementDay).isEqualTo("2026-03-10");
      assertThat(v.firstSeenAtMs).isEqualTo(DAY_1_MORNING);
    });
    assertThat(lastViolationDay(BANNED).get("BRU")).isEqualTo(LocalDate.parse("2026-03-10").toEpochDay());
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void theNextEnforcementDayInBrusselsGivesASecondViolation() throws Exception {
    harness.processElement2(diesel(BANNED, 4), 0L);
    harness.processElement1(read(BANNED, DAY_1_MORNING), DAY_1_MORNING);
    harness.processElement1(read(BANNED, DAY_2_JUST_AFTER_MIDNIGHT), DAY_2_JUST_AFTER_MIDNIGHT);

    assertThat(violations()).extracting(v -> v.violationId).containsExactly(
        ViolationIds.of("BRU", BANNED, LocalDate.parse("2026-03-10")),
        ViolationIds.of("BRU", BANNED, LocalDate.parse("2026-03-11")));
    assertThat(lastViolationDay(BANNED).get("BRU")).isEqualTo(LocalDate.parse("2026-03-11").toEpochDay());
  }

  @Test
  void fineMemoryExpiresAfterItsTtlSoItDoesNotOutliveTheDaysItGuards() throws Exception {
    harness.setStateTtlProcessingTime(0L);
    harness.processElement2(diesel(BANNED, 4), 0L);
    harness.processElement1(read(BANNED, DAY_1_MORNING), DAY_1_MORNING);
    assertThat(lastViolationDay(BANNED).get("BRU")).isNotNull();

    harness.setStateTtlProcessingTime(EnforcementFunction.LAST_VIOLATION_TTL.toMillis() + 1);

    assertThat(lastViolationDay(BANNED).get("BRU")).isNull();
    assertThat(vehicle(BANNED)).isNotNull(); // the register entry has no TTL: it is the register
  }

  @Test
  void holdExpiryDecidesUnknownVehicleAndLeavesNoStateOrTimer() throws Exception {
    ReadEvent read = read(BANNED, DAY_1_MORNING);
    harness.processElement1(read, read.capturedAtMs);

    harness.processBothWatermarks(new Watermark(DAY_1_MORNING + HOLD.toMillis() - 1));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(awaiting(BANNED)).hasSize(1);

    harness.processBothWatermarks(new Watermark(DAY_1_MORNING + HOLD.toMillis()));

    assertThat(harness.extractOutputValues()).singleElement()
        .satisfies(s -> assertThat(s.outcome).isEqualTo(Outcome.UNKNOWN_VEHICLE));
    assertThat(violations()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void onlyReadsWhoseHoldIsOverAreGivenUpTheOthersWaitForTheRegister() throws Exception {
    ReadEvent early = read(BANNED, DAY_1_MORNING);
    ReadEvent later = read(BANNED, DAY_1_MORNING + 30_000);
    harness.processElement1(later, later.capturedAtMs);
    harness.processElement1(early, early.capturedAtMs);
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    harness.processBothWatermarks(new Watermark(DAY_1_MORNING + HOLD.toMillis()));

    assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
      assertThat(s.readId).isEqualTo(early.readId);
      assertThat(s.outcome).isEqualTo(Outcome.UNKNOWN_VEHICLE);
    });
    assertThat(awaiting(BANNED)).containsExactly(later);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processElement2(diesel(BANNED, 2), 0L);

    assertThat(harness.extractOutputValues()).extracting(s -> s.readId + "=" + s.outcome)
        .containsExactly(early.readId + "=UNKNOWN_VEHICLE", later.readId + "=VIOLATION");
    assertThat(awaiting(BANNED)).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void readWhoseHoldIsAlreadyOverIsDecidedAtOnceWithoutState() throws Exception {
    harness.processBothWatermarks(new Watermark(DAY_1_EVENING));

    harness.processElement1(read(BANNED, DAY_1_MORNING), DAY_1_MORNING);

    assertThat(harness.extractOutputValues()).extracting(s -> s.outcome).containsExactly(Outcome.UNKNOWN_VEHICLE);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void deletedVehicleIsForgottenAndItsNextReadWaitsForTheRegisterAgain() throws Exception {
    harness.processElement2(diesel(BANNED, 3), 0L);
    assertThat(vehicle(BANNED)).isNotNull();

    harness.processElement2(VehicleFacts.deletion(BANNED, 10L), 0L);

    assertThat(vehicle(BANNED)).isNull();
    assertThat(keyedStateEntries()).isZero();

    harness.processElement1(read(BANNED, DAY_1_MORNING), DAY_1_MORNING);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.processBothWatermarks(new Watermark(DAY_1_MORNING + HOLD.toMillis()));

    assertThat(harness.extractOutputValues()).extracting(s -> s.outcome).containsExactly(Outcome.UNKNOWN_VEHICLE);
    assertThat(violations()).isEmpty();
  }

  @Test
  void compliantReadsLeaveOnlyTheRegisterFactsBehind() throws Exception {
    harness.processElement2(diesel(CLEAN, 6), 0L);
    harness.processElement1(read(CLEAN, DAY_1_MORNING), DAY_1_MORNING);
    harness.processElement1(read(CLEAN, DAY_1_EVENING), DAY_1_EVENING);

    assertThat(harness.extractOutputValues()).extracting(s -> s.outcome).containsExactly(Outcome.COMPLIANT, Outcome.COMPLIANT);
    assertThat(violations()).isEmpty();
    assertThat(lastViolationDay(CLEAN).isEmpty()).isTrue();
    assertThat(keyedStateEntries()).isEqualTo(1); // the register entry
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void vehiclesAreKeptApart() throws Exception {
    harness.processElement2(diesel(BANNED, 3), 0L);
    harness.processElement1(read(CLEAN, DAY_1_MORNING), DAY_1_MORNING);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(awaiting(CLEAN)).hasSize(1);
    assertThat(awaiting(BANNED)).isEmpty();
    assertThat(vehicle(CLEAN)).isNull();
  }

  private ReadEvent read(String vehicleKey, long capturedAtMs) {
    String readId = "bru-cam-0001:" + (++sequence);
    String plate = vehicleKey.substring(3);
    return new ReadEvent(readId, "bru-cam-0001", capturedAtMs, plate, "BE", vehicleKey, 0.95f, "img/" + sequence,
        "0f".repeat(32), capturedAtMs + 10);
  }

  private static VehicleFacts diesel(String vehicleKey, int euro) {
    return VehicleFacts.of(vehicleKey, VehicleCategory.M1, Fuel.DIESEL, euro, "2008-01-15", false, false, 1_000L);
  }

  private List<ViolationRecord> violations() {
    List<ViolationRecord> out = new ArrayList<>();
    var side = harness.getSideOutput(EnforcementFunction.VIOLATIONS);
    if (side != null) side.forEach((StreamRecord<ViolationRecord> r) -> out.add(r.getValue()));
    return out;
  }

  private List<ReadEvent> awaiting(String key) throws Exception {
    ListState<ReadEvent> state = state(key, EnforcementFunction.awaitingVehicleDescriptor());
    List<ReadEvent> out = new ArrayList<>();
    Iterable<ReadEvent> values = state.get();
    if (values != null) values.forEach(out::add);
    return out;
  }

  private VehicleFacts vehicle(String key) throws Exception {
    ValueState<VehicleFacts> state = state(key, EnforcementFunction.vehicleDescriptor());
    return state.value();
  }

  private MapState<String, Long> lastViolationDay(String key) throws Exception {
    return state(key, EnforcementFunction.lastViolationDayDescriptor());
  }

  /** Keys holding an entry in any of the function's states (the harness's own count is heap-only). */
  private long keyedStateEntries() {
    var backend = harness.getOperator().<String>getKeyedStateBackend();
    long entries = 0;
    for (String name : List.of(EnforcementFunction.VEHICLE_STATE, EnforcementFunction.AWAITING_STATE, EnforcementFunction.LAST_VIOLATION_STATE)) {
      try (var keys = backend.getKeys(name, VoidNamespace.INSTANCE)) {
        entries += keys.count();
      }
    }
    return entries;
  }

  private <S extends State> S state(String key, StateDescriptor<S, ?> descriptor) throws Exception {
    harness.getOperator().setCurrentKey(key);
    return harness.getOperator().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
  }
}
