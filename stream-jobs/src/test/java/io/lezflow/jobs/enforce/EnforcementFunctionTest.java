package io.lezflow.jobs.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.jobs.EnforcementSettings;
import io.lezflow.jobs.VehicleHasher;
import io.lezflow.jobs.kafka.WireMapping;
import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.KeyedEvent;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.Sighting;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.rules.policy.json.ZonePolicyJson;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.ViolationIds;
import io.lezflow.schemas.plates.OcrFold;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.HistoryKind;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.VehicleHistoryEntry;
import io.lezflow.schemas.v1.PermitKind;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EnforcementFunction} alone, on the RocksDB state backend with generic types disabled:
 * after each step its main output (decisions), side outputs (sightings, violations, late reads),
 * keyed state entries, broadcast state and event-time timers — down to no state and no timer left
 * once everything has been decided and its retention has run out.
 */
class EnforcementFunctionTest {
  private static final String SECRET = "harness-secret-0123456789";
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
  /**
   * The hold-until-watermark path: what a replay does for every read, and a live run for reads whose
   * register entry, camera or policy is not in state yet. {@link #LIVE} covers the immediate path.
   */
  private static final EnforcementSettings SETTINGS =
      EnforcementSettings.defaults(SECRET).withEventTimeMode(EnforcementSettings.EventTimeMode.REPLAY);
  private static final EnforcementSettings LIVE = EnforcementSettings.defaults(SECRET);
  private static final long LATENESS = SETTINGS.allowedLateness().toMillis();
  private static final long MARGIN = SETTINGS.permitArrivalMargin().toMillis();

  private static final String BANNED = "BE:1ABC234";
  private static final String CLEAN = "BE:2XYZ987";
  private static final String CAMERA = "bru-cam-0001";

  /** Monday 2 November 2026, 08:15 in Brussels. */
  private static final long MONDAY_MORNING = brussels("2026-11-02T08:15");
  /** The grace window of a Monday read closes at 00:00 on Wednesday (a day pass is buyable until the end of Tuesday). */
  private static final long MONDAY_DUE = brussels("2026-11-04T00:00") + MARGIN;

  private KeyedBroadcastOperatorTestHarness<String, KeyedEvent, ControlChange, DecisionRecord> harness;
  private int sequence;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness();
    harness.open();
    broadcastShippedPolicy("brussels");
    broadcastShippedPolicy("paris");
    harness.processBroadcastElement(camera(CAMERA, "brussels", true), 0L);
    harness.processBroadcastElement(camera("par-cam-0001", "paris", true), 0L);
    harness.getOutput().clear(); // the policies' CONTROL decisions
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void aReadOfAKnownVehicleIsDecidedOnArrivalAndACompliantOneLeavesOnlyTheRegisterBehind() throws Exception {
    useLiveHarness();
    register(vehicle(CLEAN, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 6));
    ReadEvent read = read(CLEAN, MONDAY_MORNING, 0.95f);
    harness.processElement(keyed(read), read.capturedAtMs);

    assertThat(decisions()).singleElement().satisfies(d -> {
      assertThat(d.stage).isEqualTo(DecisionRecord.Stage.READ);
      assertThat(d.outcome).isEqualTo("COMPLIANT");
      assertThat(d.zoneId).isEqualTo("brussels");
      // November 2026: the shipped v2 (the reinstated 2025 step, effective 2025-09-22) is in force.
      assertThat(d.policyVersion).isEqualTo(2);
      assertThat(d.rule).isEqualTo("brussels@v2:compliant");
    });
    assertThat(sightings()).singleElement().satisfies(s -> {
      assertThat(s.outcome).isEqualTo("COMPLIANT");
      assertThat(s.vehicleHash).isEqualTo(new VehicleHasher(SECRET).hash(CLEAN));
    });
    assertThat(violations()).isEmpty();
    assertThat(state(CLEAN, KeyState.heldReadsDescriptor())).isEmpty();
    assertThat(state(CLEAN, KeyState.seenReadsDescriptor())).containsEntry(read.readId, MONDAY_MORNING);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // forget the read id after the allowed lateness

    harness.watermark(MONDAY_MORNING + LATENESS + io.lezflow.rules.ledger.KeyClock.CLEANUP_GRANULARITY_MS);

    assertThat(state(CLEAN, KeyState.seenReadsDescriptor())).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keysWithState()).containsExactly(KeyState.REGISTER_STATE + "=" + OcrFold.keyOfVehicleKey(CLEAN));
  }

  @Test
  void aReadThatOvertakesItsRegisterEntryIsHeldAndDecidedWhenTheEntryArrives() throws Exception {
    useLiveHarness();
    ReadEvent read = read(CLEAN, MONDAY_MORNING, 0.95f);
    harness.processElement(keyed(read), read.capturedAtMs);

    assertThat(decisions()).isEmpty();
    assertThat(state(CLEAN, KeyState.heldReadsDescriptor())).containsOnlyKeys(read.readId);
    assertThat(harness.numEventTimeTimers()).isEqualTo(2); // decide at capture; forget the id after the lateness

    // The entry arrives long before event time reaches the read (at the end of traffic it never would).
    register(vehicle(CLEAN, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 6));

    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("COMPLIANT");
    assertThat(state(CLEAN, KeyState.heldReadsDescriptor())).isEmpty();

    // The read's own timer finds nothing left to decide.
    harness.watermark(MONDAY_MORNING);
    assertThat(decisions()).hasSize(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void aLiveReadThatOvertakesItsCamerasRegistrationIsDecidedShortlyAfterTheCameraArrives() throws Exception {
    useLiveHarness();
    register(vehicle(CLEAN, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 6));
    ReadEvent base = read(CLEAN, MONDAY_MORNING, 0.95f);
    ReadEvent read = new ReadEvent("bru-cam-0777:1", "bru-cam-0777", base.capturedAtMs, base.plateText, base.country, base.vehicleKey,
        base.confidence, base.imageKey, base.imageSha256, base.publishedAtMs);
    harness.setProcessingTime(1_000);
    harness.processElement(keyed(read), read.capturedAtMs);
    assertThat(decisions()).isEmpty(); // the camera is not registered yet

    harness.setProcessingTime(1_000 + EnforcementFunction.LIVE_RECHECK_MS);
    assertThat(decisions()).as("still no camera: still held").isEmpty();
    assertThat(state(CLEAN, KeyState.heldReadsDescriptor())).containsOnlyKeys(read.readId);

    harness.processBroadcastElement(camera("bru-cam-0777", "brussels", true), 0L);
    harness.setProcessingTime(1_000 + 2 * EnforcementFunction.LIVE_RECHECK_MS);

    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("COMPLIANT");
    assertThat(state(CLEAN, KeyState.heldReadsDescriptor())).isEmpty();
    assertThat(harness.numProcessingTimeTimers()).as("nothing held: no more looking").isZero();
  }

  @Test
  void aLiveReadOfAVehicleNoEntryEverArrivesForWaitsForTheWatermark() throws Exception {
    useLiveHarness();
    ReadEvent read = read(CLEAN, MONDAY_MORNING, 0.95f);
    harness.processElement(keyed(read), read.capturedAtMs);
    // Another vehicle's entry under another key releases nothing here.
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    harness.watermark(MONDAY_MORNING - 1);
    assertThat(decisions()).isEmpty();
    assertThat(state(CLEAN, KeyState.heldReadsDescriptor())).containsOnlyKeys(read.readId);

    harness.watermark(MONDAY_MORNING);

    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("UNKNOWN_VEHICLE");
    assertThat(state(CLEAN, KeyState.heldReadsDescriptor())).isEmpty();
  }

  @Test
  void aCandidateWaitsForItsGraceWindowThenIsIssuedAndItsFineIsRememberedUntilItNoLongerLimits() throws Exception {
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    ReadEvent read = read(BANNED, MONDAY_MORNING, 0.95f);
    harness.processElement(keyed(read), read.capturedAtMs);
    harness.watermark(MONDAY_MORNING);

    String violationId = ViolationIds.of("brussels", BANNED, LocalDate.parse("2026-11-02"));
    assertThat(decisions()).singleElement().satisfies(d -> {
      assertThat(d.outcome).isEqualTo("CANDIDATE");
      assertThat(d.violationId).isEqualTo(violationId);
      assertThat(d.decideAtMs).isEqualTo(brussels("2026-11-04T00:00"));
    });
    assertThat(state(BANNED, KeyState.pendingDescriptor())).containsOnlyKeys(violationId);
    assertThat(state(BANNED, KeyState.pendingDescriptor()).get(violationId).dueAtMs).isEqualTo(MONDAY_DUE);
    // The store sees the candidate at once, while a day pass may still be bought.
    assertThat(lifecycle()).singleElement().satisfies(v -> {
      assertThat(v.status).isEqualTo(ViolationRecord.AWAITING_GRACE);
      assertThat(v.violationId).isEqualTo(violationId);
      assertThat(v.decideAtMs).isEqualTo(brussels("2026-11-04T00:00"));
      assertThat(v.fineCents).isZero();
    });

    harness.watermark(MONDAY_DUE - 1);
    assertThat(decisions()).hasSize(1);
    assertThat(violations()).isEmpty();

    harness.watermark(MONDAY_DUE);

    assertThat(decisions()).last().satisfies(d -> {
      assertThat(d.stage).isEqualTo(DecisionRecord.Stage.FINAL);
      assertThat(d.outcome).isEqualTo("ISSUE");
      assertThat(d.fineCents).isEqualTo(35_000);
    });
    assertThat(violations()).singleElement().satisfies(v -> {
      assertThat(v.violationId).isEqualTo(violationId);
      assertThat(v.zoneId).isEqualTo("brussels");
      assertThat(v.vehicleKey).isEqualTo(BANNED);
      assertThat(v.violationType).isEqualTo("EMISSION_BAN");
      assertThat(v.rule).isEqualTo("brussels@v2:ban-step/diesel-euro-4");
      assertThat(v.policyVersion).isEqualTo(2);
      assertThat(v.fineCents).isEqualTo(35_000);
      assertThat(v.currency).isEqualTo("EUR");
      assertThat(v.readIds).containsExactly(read.readId);
      assertThat(v.firstSeenAtMs).isEqualTo(MONDAY_MORNING);
      assertThat(v.warningOnly).isFalse();
      assertThat(v.needsReview).isFalse();
    });
    assertThat(state(BANNED, KeyState.pendingDescriptor())).isEmpty();
    assertThat(ledger(BANNED).historyOf(BANNED, "brussels").fineDays()).containsExactly(LocalDate.parse("2026-11-02"));
    // ... and published for the history topic, so a restarted job on fresh state knows it.
    assertThat(history()).singleElement().satisfies(h -> {
      assertThat(h.getKind()).isEqualTo(HistoryKind.HISTORY_KIND_FINE);
      assertThat(h.getDay()).isEqualTo("2026-11-02");
      assertThat(h.getViolationId()).isEqualTo(violationId);
    });

    // The fine is remembered for the fine limits (400 days), then forgotten with its timer.
    harness.watermark(brussels("2027-11-01T00:00"));
    assertThat(ledger(BANNED).historyOf(BANNED, "brussels").fineDays()).hasSize(1);
    harness.watermark(brussels("2027-12-08T00:00"));
    assertThat(ledger(BANNED).hasHistory()).isFalse();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keysWithState()).containsExactly(KeyState.REGISTER_STATE + "=" + OcrFold.keyOfVehicleKey(BANNED));
  }

  @Test
  void aCandidateWhoseZoneNoLongerHasAVersionInForceAtTheReadIsDroppedByTheRulesAndItsRowSettled() throws Exception {
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    ReadEvent read = read(BANNED, MONDAY_MORNING, 0.95f);
    harness.processElement(keyed(read), read.capturedAtMs);
    harness.watermark(MONDAY_MORNING);
    assertThat(decisions()).singleElement().satisfies(d -> assertThat(d.outcome).isEqualTo("CANDIDATE"));

    // Every Brussels version is published again, effective only from 2027: none covers the read.
    Instant later = Instant.ofEpochMilli(brussels("2027-01-01T00:00"));
    for (ZonePolicy v : ShippedPolicies.file("brussels").versions()) {
      ZonePolicy moved = new ZonePolicy(v.zoneId(), v.version(), v.name(), later, v.timeZone(), v.currency(),
          v.enforcement(), v.domesticCountries(), v.manualReviewBelowConfidence(), v.banSteps(), v.enforcementWindows(),
          v.chargeFreeDays(), v.exemptions(), v.fines(), v.fineLimits(), v.dayPass(), v.foreignRegistration(),
          v.dailyCharge(), v.sources());
      harness.processBroadcastElement(new ControlChange(ControlChange.Kind.POLICY, "brussels@v" + v.version(), 0L,
          ZonePolicyJson.toProto(moved, "test").toByteArray()), 0L);
    }
    harness.watermark(MONDAY_DUE);

    String violationId = ViolationIds.of("brussels", BANNED, LocalDate.parse("2026-11-02"));
    assertThat(decisions()).last().satisfies(d -> {
      assertThat(d.stage).isEqualTo(DecisionRecord.Stage.FINAL);
      assertThat(d.outcome).isEqualTo("DROP");
      assertThat(d.dropReason).isEqualTo("NO_POLICY_IN_FORCE");
      assertThat(d.violationId).isEqualTo(violationId);
      assertThat(d.fineCents).isZero();
      assertThat(d.explanation).contains("not finalised").doesNotContain("1ABC234");
    });
    assertThat(violations()).isEmpty();
    assertThat(lifecycle()).last().satisfies(v -> {
      assertThat(v.status).isEqualTo(ViolationRecord.DROPPED);
      assertThat(v.dropReason).isEqualTo("NO_POLICY_IN_FORCE");
    });
    assertThat(history()).isEmpty();
    assertThat(state(BANNED, KeyState.pendingDescriptor())).isEmpty();
  }

  @Test
  void aDayPassBoughtWithinTheGraceWindowDropsTheCandidateAndIsKeptForTheYearlyLimit() throws Exception {
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    harness.processElement(keyed(read(BANNED, MONDAY_MORNING, 0.95f)), MONDAY_MORNING);
    harness.watermark(MONDAY_MORNING);
    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("CANDIDATE");

    // Bought on Tuesday evening, before the end of the day after the visit.
    Permit pass = dayPass("PASS-1", BANNED, LocalDate.parse("2026-11-02"), brussels("2026-11-03T21:30"));
    harness.processElement(keyed(WireMapping.toPermitChange(pass, 0L)), 0L);
    assertThat(state(BANNED, KeyState.permitsDescriptor())).containsOnlyKeys("PASS-1");

    harness.watermark(MONDAY_DUE);

    assertThat(decisions()).last().satisfies(d -> {
      assertThat(d.outcome).isEqualTo("DROP");
      assertThat(d.dropReason).isEqualTo("DAY_PASS_IN_TIME");
      assertThat(d.explanation).contains("PASS-1");
    });
    assertThat(violations()).isEmpty();
    assertThat(lifecycle()).extracting(v -> v.status + " " + v.dropReason)
        .containsExactly("AWAITING_GRACE null", "DROPPED DAY_PASS_IN_TIME");
    // No fine; the pass used is the vehicle's history (the yearly allowance after the permit is gone).
    assertThat(ledger(BANNED).historyOf(BANNED, "brussels").fineDays()).isEmpty();
    assertThat(ledger(BANNED).historyOf(BANNED, "brussels").dayPassDays()).containsExactly(LocalDate.parse("2026-11-02"));
    // The pass counts towards 2026's 8 days until the year is over.
    harness.watermark(brussels("2026-12-31T23:00"));
    assertThat(state(BANNED, KeyState.permitsDescriptor())).containsOnlyKeys("PASS-1");
    harness.watermark(brussels("2027-01-09T00:00"));
    assertThat(state(BANNED, KeyState.permitsDescriptor())).isEmpty();
    // The day used stays in the vehicle's history (for the allowance, and the history topic) until its retention ends.
    assertThat(ledger(BANNED).historyOf(BANNED, "brussels").dayPassDays()).hasSize(1);
    assertThat(history()).extracting(h -> h.getKind() + " " + h.getDay()).containsExactly("HISTORY_KIND_DAY_PASS 2026-11-02");
    harness.watermark(brussels("2027-12-08T00:00"));
    assertThat(ledger(BANNED).isEmpty()).isTrue();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aDayPassBoughtAfterItsDeadlineDoesNotSaveTheVehicle() throws Exception {
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    harness.processElement(keyed(read(BANNED, MONDAY_MORNING, 0.95f)), MONDAY_MORNING);
    Permit late = dayPass("PASS-LATE", BANNED, LocalDate.parse("2026-11-02"), brussels("2026-11-04T00:01"));
    harness.processElement(keyed(WireMapping.toPermitChange(late, 0L)), 0L);

    harness.watermark(MONDAY_DUE);

    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("CANDIDATE", "ISSUE");
    assertThat(decisions().get(1).explanation).contains("PASS-LATE", "after its purchase deadline");
    assertThat(violations()).hasSize(1);
  }

  @Test
  void twoDayPassesOfOneVehicleReadBackFromThePermitsTopicBothApply() throws Exception {
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    ReadEvent monday = read(BANNED, MONDAY_MORNING, 0.95f);
    ReadEvent tuesday = read(BANNED, brussels("2026-11-03T10:00"), 0.95f);
    harness.processElement(keyed(monday), monday.capturedAtMs);
    harness.processElement(keyed(tuesday), tuesday.capturedAtMs);
    // Each day needs its own pass (Monday's is over at 06:00 on Tuesday). Both come through the
    // permits topic's deserializer under their own Kafka keys, the permit ids: had the topic been
    // keyed by vehicle, compaction would have kept only the later one and Monday would be fined.
    var permitsTopic = new io.lezflow.jobs.kafka.ReferenceDeserializers.Permits();
    List<KeyedChange> readBack = new ArrayList<>();
    for (Permit pass : List.of(
        dayPass("PASS-MON", BANNED, LocalDate.parse("2026-11-02"), brussels("2026-11-02T07:00")),
        dayPass("PASS-TUE", BANNED, LocalDate.parse("2026-11-03"), brussels("2026-11-03T20:00")))) {
      permitsTopic.deserialize(new org.apache.kafka.clients.consumer.ConsumerRecord<>(io.lezflow.schemas.Topics.PERMITS, 0,
          readBack.size(), pass.getPermitId().getBytes(java.nio.charset.StandardCharsets.UTF_8), pass.toByteArray()),
          new org.apache.flink.api.common.functions.util.ListCollector<>(readBack));
    }
    assertThat(readBack).extracting(c -> c.vehicleKey).containsExactly(BANNED, BANNED);
    for (KeyedChange change : readBack) harness.processElement(keyed(change), 0L);
    assertThat(state(BANNED, KeyState.permitsDescriptor())).containsOnlyKeys("PASS-MON", "PASS-TUE");

    harness.watermark(tuesday.capturedAtMs);

    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("PERMITTED", "PERMITTED");
    assertThat(decisions().get(0).explanation).contains("PASS-MON");
    assertThat(decisions().get(1).explanation).contains("PASS-TUE");
    assertThat(violations()).isEmpty();
  }

  @Test
  void theReadsOfOneDayMakeOneViolationAndAFineTheNextDayIsStoppedByTheThreeMonthGap() throws Exception {
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    ReadEvent evening = read(BANNED, brussels("2026-11-02T19:00"), 0.90f);
    ReadEvent morning = read(BANNED, MONDAY_MORNING, 0.95f);
    ReadEvent tuesday = read(BANNED, brussels("2026-11-03T09:00"), 0.95f);
    harness.processElement(keyed(evening), evening.capturedAtMs); // out of capture order
    harness.processElement(keyed(morning), morning.capturedAtMs);
    harness.processElement(keyed(tuesday), tuesday.capturedAtMs);

    harness.watermark(brussels("2026-11-06T00:00"));

    List<DecisionRecord> finals = decisions().stream().filter(d -> d.stage == DecisionRecord.Stage.FINAL).toList();
    assertThat(finals).extracting(d -> d.outcome + " " + d.enforcementDay).containsExactly(
        "ISSUE 2026-11-02", "DROP 2026-11-03");
    assertThat(finals.get(0).readIds).containsExactly(morning.readId, evening.readId);
    assertThat(finals.get(1).dropReason).isEqualTo("FINE_LIMIT_MINIMUM_GAP");
    assertThat(violations()).singleElement().satisfies(v -> {
      assertThat(v.readIds).containsExactly(morning.readId, evening.readId);
      assertThat(v.firstSeenAtMs).isEqualTo(MONDAY_MORNING);
    });
    // One candidate row per vehicle and day, however many reads; Tuesday's is settled as dropped.
    assertThat(lifecycle()).extracting(v -> v.enforcementDay + " " + v.status).containsExactly(
        "2026-11-02 AWAITING_GRACE", "2026-11-03 AWAITING_GRACE", "2026-11-03 DROPPED");
  }

  @Test
  void aMisreadMeetsTheRealPlatesStateAndGoesToReviewWithItsScore() throws Exception {
    String real = "BE:1OBX234";
    register(vehicle(real, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 3));
    ReadEvent misread = read("BE:10BX234", MONDAY_MORNING, 0.93f); // zero for the letter O
    assertThat(OcrFold.keyOfVehicleKey(misread.vehicleKey)).isEqualTo(OcrFold.keyOfVehicleKey(real));

    harness.processElement(keyed(misread), MONDAY_MORNING);
    harness.watermark(MONDAY_DUE);

    assertThat(decisions()).first().satisfies(d -> {
      assertThat(d.outcome).isEqualTo("CANDIDATE");
      assertThat(d.match).isEqualTo("FUZZY");
      assertThat(d.matchScore).isEqualTo(1);
      assertThat(d.vehicleKey).isEqualTo(real);
      assertThat(d.readVehicleKey).isEqualTo("BE:10BX234");
      assertThat(d.reviewReason).isEqualTo("FUZZY_PLATE_MATCH");
    });
    assertThat(violations()).singleElement().satisfies(v -> {
      assertThat(v.needsReview).isTrue();
      assertThat(v.vehicleKey).isEqualTo(real);
      assertThat(v.violationId).isEqualTo(ViolationIds.of("brussels", real, LocalDate.parse("2026-11-02")));
      assertThat(v.explanation).contains("needs review", "fuzzy register match, score 1");
    });
    assertThat(sightings()).singleElement().satisfies(s ->
        assertThat(s.vehicleHash).isEqualTo(new VehicleHasher(SECRET).hash(real)));
  }

  @Test
  void twoVehiclesOfOneFoldedKeyKeepTheirOwnEntriesAndTheLastToLeaveTakesTheRegisterStateWithIt() throws Exception {
    useLiveHarness();
    String withO = "BE:1OBX234";
    String withZero = "BE:10BX234";
    assertThat(OcrFold.keyOfVehicleKey(withO)).isEqualTo(OcrFold.keyOfVehicleKey(withZero));
    register(vehicle(withO, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 6));
    register(vehicle(withZero, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 6));
    harness.processElement(keyed(WireMapping.toVehicleChange(
        VehicleRecord.newBuilder().setVehicleKey(withO).setDeleted(true).build(), 0L)), 0L);

    ReadEvent ofZero = read(withZero, MONDAY_MORNING, 0.95f);
    ReadEvent ofO = read(withO, MONDAY_MORNING + 1_000, 0.95f);
    harness.processElement(keyed(ofZero), ofZero.capturedAtMs);
    harness.processElement(keyed(ofO), ofO.capturedAtMs);
    assertThat(decisions()).hasSize(1); // no exact entry for the one that left: it waits for the watermark
    harness.watermark(ofO.capturedAtMs);

    // The one still registered is matched exactly, on arrival; the read of the one that left finds
    // only its confusable neighbour.
    assertThat(decisions()).extracting(d -> d.match + " " + d.vehicleKey)
        .containsExactly("EXACT " + withZero, "FUZZY " + withZero);

    harness.processElement(keyed(WireMapping.toVehicleChange(
        VehicleRecord.newBuilder().setVehicleKey(withZero).setDeleted(true).build(), 0L)), 0L);
    harness.watermark(brussels("2026-11-06T00:00"));
    assertThat(keysWithState()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aDuplicateReadIdIsIgnored() throws Exception {
    register(vehicle(CLEAN, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 6));
    ReadEvent read = read(CLEAN, MONDAY_MORNING, 0.95f);
    harness.processElement(keyed(read), MONDAY_MORNING);
    harness.watermark(MONDAY_MORNING);
    harness.processElement(keyed(read), MONDAY_MORNING); // redelivered by the ingest outbox
    harness.watermark(MONDAY_MORNING + 60_000);

    assertThat(decisions()).hasSize(1);
    assertThat(sightings()).hasSize(1);
  }

  @Test
  void aReadFurtherBehindThanTheAllowedLatenessGoesToTheLateOutputAndLeavesNoState() throws Exception {
    long now = MONDAY_MORNING + Duration.ofHours(3).toMillis();
    harness.watermark(now);
    ReadEvent late = read(CLEAN, now - LATENESS - 1, 0.95f);

    harness.processElement(keyed(late), late.capturedAtMs);

    assertThat(harness.getSideOutput(EnforcementFunction.LATE_READS)).extracting(StreamRecord::getValue).containsExactly(late);
    assertThat(decisions()).singleElement().satisfies(d -> assertThat(d.outcome).isEqualTo(DecisionRecord.LATE_READ));
    assertThat(sightings()).isEmpty();
    assertThat(keysWithState()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aReadBehindTheWatermarkButWithinTheAllowedLatenessIsDecidedAtOnce() throws Exception {
    register(vehicle(CLEAN, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 6));
    long now = MONDAY_MORNING + Duration.ofHours(3).toMillis();
    harness.watermark(now);
    ReadEvent offlineBuffered = read(CLEAN, now - LATENESS, 0.95f);

    harness.processElement(keyed(offlineBuffered), offlineBuffered.capturedAtMs);

    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("COMPLIANT");
    assertThat(state(CLEAN, KeyState.heldReadsDescriptor())).isEmpty();
    assertThat(harness.getSideOutput(EnforcementFunction.LATE_READS)).isNull();
  }

  @Test
  void readsOfUnknownOrDecommissionedCamerasAreTheirOwnOutcome() throws Exception {
    harness.processBroadcastElement(camera("old-cam-0009", "brussels", false), 0L);
    ReadEvent unknown = read(CLEAN, MONDAY_MORNING, 0.95f);
    unknown.cameraId = "nobody-cam-0001";
    ReadEvent decommissioned = read(CLEAN, MONDAY_MORNING + 1, 0.95f);
    decommissioned.cameraId = "old-cam-0009";
    harness.processElement(keyed(unknown), MONDAY_MORNING);
    harness.processElement(keyed(decommissioned), MONDAY_MORNING + 1);

    harness.watermark(MONDAY_MORNING + 1);

    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("UNKNOWN_CAMERA", "UNKNOWN_CAMERA");
    assertThat(decisions()).extracting(d -> d.explanation).satisfiesExactly(
        e -> assertThat(e).contains("not in the camera registry"),
        e -> assertThat(e).contains("decommissioned"));
    assertThat(sightings()).extracting(s -> s.outcome + "/" + s.zoneId).containsExactly("UNKNOWN_CAMERA/", "UNKNOWN_CAMERA/");
  }

  @Test
  void aNewPolicyVersionAppliesFromItsEffectiveTimeWithoutARestartAndIsStampedOnTheDecisions() throws Exception {
    register(vehicle(CLEAN, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 6));
    long effective = brussels("2026-11-10T00:00");
    ZonePolicy v3 = brusselsBanningEveryDieselFrom(effective);
    harness.processBroadcastElement(new ControlChange(ControlChange.Kind.POLICY, "brussels@v3", 0L,
        ZonePolicyJson.toProto(v3, "test").toByteArray()), 0L);
    assertThat(decisions()).singleElement().satisfies(d -> {
      assertThat(d.outcome).isEqualTo(DecisionRecord.POLICY_ACCEPTED);
      assertThat(d.policyVersion).isEqualTo(3);
    });
    assertThat(harness.getBroadcastState(EnforcementFunction.policiesDescriptor()).contains("brussels@v3")).isTrue();
    harness.getOutput().clear();

    ReadEvent before = read(CLEAN, effective - 60_000, 0.95f);
    ReadEvent after = read(CLEAN, effective + 60_000, 0.95f);
    harness.processElement(keyed(after), after.capturedAtMs);
    harness.processElement(keyed(before), before.capturedAtMs);
    harness.watermark(effective + 60_000);

    assertThat(decisions()).extracting(d -> d.readId + " " + d.outcome + " v" + d.policyVersion).containsExactlyInAnyOrder(
        before.readId + " COMPLIANT v2", after.readId + " CANDIDATE v3");
  }

  @Test
  void anInvalidPolicyIsRejectedWithItsReasonsAndTheVersionsInForceStay() throws Exception {
    harness.processBroadcastElement(new ControlChange(ControlChange.Kind.POLICY, "brussels@v7", 0L,
        io.lezflow.schemas.v1.ZonePolicy.newBuilder().setZoneId("brussels").setVersion(7).setPolicyJson("{\"zoneId\":\"brussels\"}")
            .build().toByteArray()), 0L);

    assertThat(decisions()).singleElement().satisfies(d -> {
      assertThat(d.stage).isEqualTo(DecisionRecord.Stage.CONTROL);
      assertThat(d.outcome).isEqualTo(DecisionRecord.POLICY_REJECTED);
      assertThat(d.policyVersion).isEqualTo(7);
      assertThat(d.explanation).contains("rejected", "banSteps");
    });
    assertThat(harness.getBroadcastState(EnforcementFunction.policiesDescriptor()).contains("brussels@v7")).isFalse();
  }

  @Test
  void aWarningIsOneWarningRecordPerDayAndItsMemoryEnds() throws Exception {
    String old = "BE:1WRN001";
    register(vehicle(old, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 1));
    long june = brussels("2018-06-01T09:00");
    harness.processElement(keyed(read(old, june, 0.95f)), june);
    harness.processElement(keyed(read(old, june + 3_600_000, 0.95f)), june + 3_600_000);

    harness.watermark(june + 3_600_000);

    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("WARNING", "ALREADY_WARNED");
    assertThat(violations()).singleElement().satisfies(v -> {
      assertThat(v.warningOnly).isTrue();
      assertThat(v.fineCents).isZero();
      assertThat(v.violationId).isEqualTo(ViolationIds.of("brussels", old, LocalDate.parse("2018-06-01")));
      assertThat(v.fineableFrom).isNotNull();
    });
    assertThat(ledger(old).historyOf(old, "brussels").warningDays()).containsExactly(LocalDate.parse("2018-06-01"));
    assertThat(ledger(old).historyOf(old, "brussels").fineDays()).isEmpty();

    // Warnings count for warning-first steps: kept as long as fines, then forgotten with their timer.
    harness.watermark(brussels("2019-07-10T12:00"));
    assertThat(ledger(old).hasHistory()).isFalse();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aVehicleThatLeftTheRegisterIsUnknownAndARevokedPermitIsForgotten() throws Exception {
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    Permit exemption = Permit.newBuilder().setPermitId("EX-1").setVehicleKey(BANNED).setZoneId("brussels")
        .setKind(PermitKind.PERMIT_KIND_EXEMPTION).setValidFromMs(brussels("2026-01-01T00:00")).build();
    harness.processElement(keyed(WireMapping.toPermitChange(exemption, 0L)), 0L);
    assertThat(state(BANNED, KeyState.permitsDescriptor())).containsOnlyKeys("EX-1");

    harness.processElement(keyed(WireMapping.toPermitChange(exemption.toBuilder().setRevoked(true).build(), 0L)), 0L);
    harness.processElement(keyed(WireMapping.toVehicleChange(
        VehicleRecord.newBuilder().setVehicleKey(BANNED).setDeleted(true).build(), 0L)), 0L);

    assertThat(keysWithState()).isEmpty();
    harness.processElement(keyed(read(BANNED, MONDAY_MORNING, 0.95f)), MONDAY_MORNING);
    harness.watermark(MONDAY_MORNING);
    assertThat(decisions()).extracting(d -> d.outcome).containsExactly("UNKNOWN_VEHICLE");
  }

  @Test
  void heldReadsPendingCandidatesTimersAndBroadcastStateSurviveARestoreFromASnapshot() throws Exception {
    register(vehicle(BANNED, VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 4));
    ReadEvent monday = read(BANNED, MONDAY_MORNING, 0.95f);
    ReadEvent tuesday = read(BANNED, brussels("2026-11-03T10:00"), 0.95f);
    harness.processElement(keyed(monday), monday.capturedAtMs);
    harness.processElement(keyed(tuesday), tuesday.capturedAtMs);
    harness.watermark(MONDAY_MORNING); // Monday's read is a candidate, Tuesday's still held
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    // Tuesday's decision, Monday's grace window, and the two reads' dedup cleanups.
    assertThat(harness.numEventTimeTimers()).isEqualTo(4);
    assertThat(state(BANNED, KeyState.heldReadsDescriptor())).containsOnlyKeys(tuesday.readId);

    harness.processElement(keyed(tuesday), tuesday.capturedAtMs); // a redelivery after the restart
    harness.watermark(brussels("2026-11-06T00:00"));

    assertThat(decisions()).extracting(d -> d.stage + " " + d.outcome + " " + d.enforcementDay).containsExactly(
        "READ CANDIDATE 2026-11-03", "FINAL ISSUE 2026-11-02", "FINAL DROP 2026-11-03");
    assertThat(violations()).extracting(v -> v.enforcementDay).containsExactly("2026-11-02");
  }

  // ---------------------------------------------------------------------------------------------
  // fixtures
  // ---------------------------------------------------------------------------------------------

  private KeyedBroadcastOperatorTestHarness<String, KeyedEvent, ControlChange, DecisionRecord> newHarness() throws Exception {
    return newHarness(SETTINGS);
  }

  private KeyedBroadcastOperatorTestHarness<String, KeyedEvent, ControlChange, DecisionRecord> newHarness(EnforcementSettings settings)
      throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<String, KeyedEvent, ControlChange, DecisionRecord>(
        new CoBroadcastWithKeyedOperator<>(new EnforcementFunction(settings),
            List.of(EnforcementFunction.policiesDescriptor(), EnforcementFunction.camerasDescriptor())),
        event -> event.matchKey, Types.STRING, 128, 1, 0);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    return h;
  }

  /** Replaces the harness by one with live event time (decide on arrival when the reference data is there). */
  private void useLiveHarness() throws Exception {
    harness.close();
    harness = newHarness(LIVE);
    harness.open();
    broadcastShippedPolicy("brussels");
    broadcastShippedPolicy("paris");
    harness.processBroadcastElement(camera(CAMERA, "brussels", true), 0L);
    harness.processBroadcastElement(camera("par-cam-0001", "paris", true), 0L);
    harness.getOutput().clear();
  }

  private void broadcastShippedPolicy(String zone) throws Exception {
    for (ZonePolicy policy : ShippedPolicies.file(zone).versions()) {
      harness.processBroadcastElement(new ControlChange(ControlChange.Kind.POLICY, zone + "@v" + policy.version(), 0L,
          ZonePolicyJson.toProto(policy, "test").toByteArray()), 0L);
    }
  }

  /**
   * The shipped Brussels v2 with the every-diesel step (2030) moved forward to {@code effective},
   * as version 3 effective then. (v2 already bans diesel Euro 5 in 2026, so the step that changes
   * must be a later one.)
   */
  static ZonePolicy brusselsBanningEveryDieselFrom(long effective) throws Exception {
    ZonePolicy v2 = ShippedPolicies.file("brussels").versions().get(1);
    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(effective), v2.timeZone());
    var steps = v2.banSteps().stream()
        .map(s -> s.id().equals("diesel-out")
            ? new io.lezflow.rules.policy.BanStep(s.id(), s.categories(), s.fuels(), s.limit(), day, null, "test: moved forward")
            : s)
        .toList();
    return new ZonePolicy(v2.zoneId(), 3, v2.name(), Instant.ofEpochMilli(effective), v2.timeZone(), v2.currency(),
        v2.enforcement(), v2.domesticCountries(), v2.manualReviewBelowConfidence(), steps, v2.enforcementWindows(),
        v2.chargeFreeDays(), v2.exemptions(), v2.fines(), v2.fineLimits(), v2.dayPass(), v2.foreignRegistration(),
        v2.dailyCharge(), v2.sources());
  }

  private static ControlChange camera(String id, String zone, boolean active) {
    return WireMapping.toCameraChange(
        CameraRegistration.newBuilder().setCameraId(id).setZoneId(zone).setActive(active).build(), 0L);
  }

  private static VehicleRecord vehicle(String key, VehicleCategory category, Fuel fuel, int euro) {
    return VehicleRecord.newBuilder().setVehicleKey(key).setCategory(category).setFuel(fuel).setEuroNorm(euro)
        .setFirstRegistration("2009-06-01").setCritAir(-1).build();
  }

  private void register(VehicleRecord vehicle) throws Exception {
    harness.processElement(keyed(WireMapping.toVehicleChange(vehicle, 0L)), 0L);
  }

  private static Permit dayPass(String id, String vehicleKey, LocalDate day, long boughtAt) {
    return Permit.newBuilder().setPermitId(id).setVehicleKey(vehicleKey).setZoneId("brussels")
        .setKind(PermitKind.PERMIT_KIND_DAY_PASS)
        .setValidFromMs(day.atStartOfDay(BRUSSELS).toInstant().toEpochMilli())
        .setValidUntilMs(day.plusDays(1).atTime(6, 0).atZone(BRUSSELS).toInstant().toEpochMilli())
        .setIssuedAtMs(boughtAt).build();
  }

  private ReadEvent read(String vehicleKey, long capturedAtMs, float confidence) {
    String readId = CAMERA + ":" + (++sequence);
    String country = vehicleKey.substring(0, 2);
    String plate = vehicleKey.substring(3);
    return new ReadEvent(readId, CAMERA, capturedAtMs, plate, country, VehicleKeys.of(country, plate), confidence,
        "img/" + sequence, "0f".repeat(32), capturedAtMs + 10);
  }

  private static KeyedEvent keyed(ReadEvent read) {
    return KeyedEvent.ofRead(OcrFold.keyOfVehicleKey(read.vehicleKey), read);
  }

  private static KeyedEvent keyed(KeyedChange change) {
    return KeyedEvent.ofChange(OcrFold.keyOfVehicleKey(change.vehicleKey), change);
  }

  private static long brussels(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(BRUSSELS).toInstant().toEpochMilli();
  }

  private List<DecisionRecord> decisions() {
    List<DecisionRecord> out = new ArrayList<>();
    for (Object o : harness.getOutput()) {
      if (o instanceof StreamRecord<?> r) out.add((DecisionRecord) r.getValue());
    }
    return out;
  }

  private List<Sighting> sightings() {
    return side(EnforcementFunction.SIGHTINGS);
  }

  private List<ViolationRecord> violations() {
    return side(EnforcementFunction.VIOLATIONS);
  }

  private List<ViolationRecord> lifecycle() {
    return side(EnforcementFunction.VIOLATION_LIFECYCLE);
  }

  private <T> List<T> side(org.apache.flink.util.OutputTag<T> tag) {
    List<T> out = new ArrayList<>();
    var records = harness.getSideOutput(tag);
    if (records != null) records.forEach(r -> out.add(r.getValue()));
    return out;
  }

  /** The entries of one keyed map state under the folded key of {@code vehicleKey}. */
  private <V> Map<String, V> state(String vehicleKey, MapStateDescriptor<String, V> descriptor) throws Exception {
    harness.getOperator().setCurrentKey(OcrFold.keyOfVehicleKey(vehicleKey));
    MapState<String, V> state =
        harness.getOperator().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    Map<String, V> out = new HashMap<>();
    for (Map.Entry<String, V> e : state.entries()) out.put(e.getKey(), e.getValue());
    return out;
  }

  /** The {@link io.lezflow.rules.ledger.VehicleLedger} under the folded key of {@code vehicleKey}. */
  private io.lezflow.rules.ledger.VehicleLedger ledger(String vehicleKey) throws Exception {
    harness.getOperator().setCurrentKey(OcrFold.keyOfVehicleKey(vehicleKey));
    var state = harness.getOperator().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
        KeyState.ledgerDescriptor());
    return io.lezflow.rules.ledger.VehicleLedger.decode(state.value());
  }

  private List<VehicleHistoryEntry> history() throws Exception {
    List<VehicleHistoryEntry> out = new ArrayList<>();
    for (KeyedChange c : side(EnforcementFunction.HISTORY)) out.add(VehicleHistoryEntry.parseFrom(c.payload));
    return out;
  }

  /** {@code "state=key"} for every key holding an entry in any keyed state of the function. */
  private List<String> keysWithState() throws Exception {
    var backend = harness.getOperator().<String>getKeyedStateBackend();
    List<String> out = new ArrayList<>();
    for (String name : KeyState.KEYED_STATES) {
      try (var keys = backend.getKeys(name, VoidNamespace.INSTANCE)) {
        keys.forEach(k -> out.add(name + "=" + k));
      }
    }
    return out;
  }
}
