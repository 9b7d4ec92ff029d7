package io.lezflow.jobs;

import io.lezflow.jobs.domain.Decision;
import io.lezflow.jobs.domain.EnforcementDecider;
import io.lezflow.jobs.domain.ReadEvent;
import io.lezflow.jobs.domain.Sighting;
import io.lezflow.jobs.domain.VehicleFacts;
import io.lezflow.jobs.domain.VehicleHasher;
import io.lezflow.jobs.domain.ViolationRecord;
import io.lezflow.jobs.domain.ZoneRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The enforcement of one vehicle (Flink key = vehicle key): joins its reads (input 1) with its
 * register entry (input 2) and decides every read with the {@link EnforcementDecider}.
 *
 * <p>Outputs: every read becomes exactly one {@link Sighting} (main output); a violation becomes
 * a {@link ViolationRecord} on the {@link #VIOLATIONS} side output, at most once per vehicle, zone
 * and enforcement day.
 *
 * <p>Reads and register come from two Kafka topics consumed concurrently, so a read can overtake
 * its register entry. A read of a vehicle not (yet) known is held in keyed state and decided when
 * the entry arrives, or as {@link io.lezflow.jobs.domain.Outcome#UNKNOWN_VEHICLE} once the
 * <em>event-time</em> watermark passes capture time + hold. Why event time, not processing time:
 * the operator's watermark is the minimum of both inputs, so while the register input is still
 * catching up (its watermark lags) no read is given up on — a replay decides exactly as the live
 * run did; and at the end of a bounded input the final watermark fires every hold, whereas
 * pending processing-time timers would be dropped with their reads. The register input goes idle
 * once caught up (source idleness), so it does not stall the holds afterwards.
 *
 * <p>State per key, and when it is cleaned: {@code vehicle} (register facts; cleared by a
 * deletion), {@code awaitingVehicle} (reads on hold; emptied when the entry arrives or the hold
 * expires, together with their timers), {@code lastViolationDay} (zone to epoch day of the last
 * violation; TTL {@link #LAST_VIOLATION_TTL}, because it only needs to outlive the day it guards).
 *
 * <p>All reads are in the one zone of {@code rule} for now; the camera-to-zone registry and
 * versioned policies in broadcast state replace the constructor's rule later.
 */
public class EnforcementFunction extends KeyedCoProcessFunction<String, ReadEvent, VehicleFacts, Sighting> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<ViolationRecord> VIOLATIONS =
      new OutputTag<>("violations", TypeInformation.of(ViolationRecord.class));

  /**
   * How long the per-day fine memory lives (processing time). A day plus margin for late reads;
   * a violation emitted again after it expired has the same deterministic id and is absorbed by
   * the idempotent sink.
   */
  public static final Duration LAST_VIOLATION_TTL = Duration.ofHours(48);

  static final String VEHICLE_STATE = "vehicle";
  static final String AWAITING_STATE = "awaitingVehicle";
  static final String LAST_VIOLATION_STATE = "lastViolationDay";

  private final ZoneRule rule;
  private final long unknownVehicleHoldMs;
  private final String sightingsHmacSecret;

  private transient ValueState<VehicleFacts> vehicle;
  private transient ListState<ReadEvent> awaitingVehicle;
  private transient MapState<String, Long> lastViolationDay;
  private transient EnforcementDecider decider;
  private transient VehicleHasher hasher;
  private transient Counter violationsEmitted;
  private transient Counter violationsSuppressed;
  private transient Counter readsHeld;
  private transient Counter unknownAfterHold;

  /**
   * @param unknownVehicleHold how long (event time) a read waits for its register entry
   * @param sightingsHmacSecret secret of the sightings vehicle hash (at least 16 bytes)
   */
  public EnforcementFunction(ZoneRule rule, Duration unknownVehicleHold, String sightingsHmacSecret) {
    this.rule = Objects.requireNonNull(rule, "rule");
    if (unknownVehicleHold == null || unknownVehicleHold.isNegative()) {
      throw new IllegalArgumentException("unknownVehicleHold must be >= 0: " + unknownVehicleHold);
    }
    this.unknownVehicleHoldMs = unknownVehicleHold.toMillis();
    new VehicleHasher(sightingsHmacSecret); // validate now, on the client, not in the task
    this.sightingsHmacSecret = sightingsHmacSecret;
  }

  @Override
  public void open(OpenContext openContext) {
    vehicle = getRuntimeContext().getState(vehicleDescriptor());
    awaitingVehicle = getRuntimeContext().getListState(awaitingVehicleDescriptor());
    lastViolationDay = getRuntimeContext().getMapState(lastViolationDayDescriptor());
    decider = new EnforcementDecider();
    hasher = new VehicleHasher(sightingsHmacSecret);
    var metrics = getRuntimeContext().getMetricGroup();
    violationsEmitted = metrics.counter("lez_enforcement_violations_total");
    violationsSuppressed = metrics.counter("lez_enforcement_violations_same_day_total");
    readsHeld = metrics.counter("lez_enforcement_reads_held_for_register_total");
    unknownAfterHold = metrics.counter("lez_enforcement_reads_unknown_after_hold_total");
  }

  /** Register facts of the key's vehicle; absent when the register does not know it. */
  static ValueStateDescriptor<VehicleFacts> vehicleDescriptor() {
    return new ValueStateDescriptor<>(VEHICLE_STATE, TypeInformation.of(VehicleFacts.class));
  }

  /** Reads on hold until the register entry arrives or the hold expires. */
  static ListStateDescriptor<ReadEvent> awaitingVehicleDescriptor() {
    return new ListStateDescriptor<>(AWAITING_STATE, TypeInformation.of(ReadEvent.class));
  }

  /** Zone id to epoch day (zone time) of the last violation emitted, with TTL. */
  static MapStateDescriptor<String, Long> lastViolationDayDescriptor() {
    MapStateDescriptor<String, Long> descriptor = new MapStateDescriptor<>(LAST_VIOLATION_STATE, Types.STRING, Types.LONG);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(LAST_VIOLATION_TTL).build());
    return descriptor;
  }

  @Override
  public void processElement1(ReadEvent read, Context ctx, Collector<Sighting> out) throws Exception {
    VehicleFacts facts = vehicle.value();
    if (facts != null) {
      decide(read, facts, ctx, out);
      return;
    }
    long holdUntil = holdUntil(read);
    if (holdUntil <= ctx.timerService().currentWatermark()) {
      // The hold is already over (a read far behind the others): waiting would change nothing.
      unknownAfterHold.inc();
      decide(read, null, ctx, out);
      return;
    }
    awaitingVehicle.add(read);
    ctx.timerService().registerEventTimeTimer(holdUntil);
    readsHeld.inc();
  }

  @Override
  public void processElement2(VehicleFacts facts, Context ctx, Collector<Sighting> out) throws Exception {
    if (facts.deleted) {
      vehicle.clear();
      return;
    }
    vehicle.update(facts);
    List<ReadEvent> waiting = inCaptureOrder(awaitingVehicle.get());
    if (waiting.isEmpty()) return;
    awaitingVehicle.clear();
    for (ReadEvent read : waiting) {
      ctx.timerService().deleteEventTimeTimer(holdUntil(read));
      decide(read, facts, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Sighting> out) throws Exception {
    List<ReadEvent> waiting = inCaptureOrder(awaitingVehicle.get());
    List<ReadEvent> stillWaiting = new ArrayList<>();
    List<ReadEvent> due = new ArrayList<>();
    for (ReadEvent read : waiting) {
      (holdUntil(read) <= timestamp ? due : stillWaiting).add(read);
    }
    if (stillWaiting.isEmpty()) {
      awaitingVehicle.clear();
    } else {
      awaitingVehicle.update(stillWaiting);
    }
    for (ReadEvent read : due) {
      unknownAfterHold.inc();
      decide(read, null, ctx, out);
    }
  }

  private void decide(ReadEvent read, VehicleFacts facts, Context ctx, Collector<Sighting> out) throws Exception {
    Decision decision = decider.decide(read, facts, rule);
    out.collect(new Sighting(read.readId, read.capturedAtMs, read.cameraId, decision.zoneId(),
        hasher.hash(read.vehicleKey), decision.outcome()));
    if (!decision.isViolation()) return;
    long day = decision.enforcementDay().toEpochDay();
    Long last = lastViolationDay.get(decision.zoneId());
    if (last != null && last == day) {
      violationsSuppressed.inc();
      return;
    }
    // A late read of an earlier day than the last fined one is emitted too: this state cannot
    // tell whether that day was fined, and the deterministic id makes a repeat harmless.
    if (last == null || day > last) {
      lastViolationDay.put(decision.zoneId(), day);
    }
    violationsEmitted.inc();
    ctx.output(VIOLATIONS, ViolationRecord.of(read, decision));
  }

  private long holdUntil(ReadEvent read) {
    long until = read.capturedAtMs + unknownVehicleHoldMs;
    return until < read.capturedAtMs ? Long.MAX_VALUE : until; // overflow guard
  }

  private static List<ReadEvent> inCaptureOrder(Iterable<ReadEvent> reads) {
    List<ReadEvent> list = new ArrayList<>();
    if (reads != null) reads.forEach(list::add);
    list.sort(Comparator.comparingLong((ReadEvent r) -> r.capturedAtMs).thenComparing(r -> r.readId));
    return list;
  }
}
