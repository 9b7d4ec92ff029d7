package io.lezflow.jobs.enforce;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.EnforcementSettings;
import io.lezflow.jobs.metrics.LatencyHistogram;
import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.KeyedEvent;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.jobs.records.Sighting;
import io.lezflow.jobs.records.ViolationRecord;
import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.decision.Decision;
import io.lezflow.rules.decision.EnforcementDecider;
import io.lezflow.rules.decision.FinalDecision;
import io.lezflow.rules.decision.Outcome;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.ReadFacts;
import io.lezflow.rules.facts.VehicleHistory;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.schemas.plates.PlateMatch;
import io.lezflow.schemas.plates.PlateMatcher;
import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enforcement, one OCR-folded plate key at a time: a thin Flink adapter around the rules'
 * {@link EnforcementDecider}.
 *
 * <p><b>Inputs.</b> Keyed by the OCR-folded matching key ({@code OcrFold.keyOfVehicleKey}): reads,
 * vehicle register changes and permit changes, so that a misread (O for 0, B for 8 ...) meets the
 * register entries and permits of the real plate. Broadcast: zone policy versions and camera
 * registrations, changeable at runtime without a restart.
 *
 * <p><b>Time.</b> Live, a read whose exact register entry, camera and zone policy are in state is
 * decided on arrival (latency); any other read waits in state until the watermark passes its
 * capture time, and is decided then with the register, permits, cameras and policies known at that
 * moment — a read that overtook its register entry still finds it. In a replay every read waits
 * for the watermark, so the same files always give the same decisions. Either way a candidate is
 * settled only when its grace window has closed. A read already behind the watermark but within the allowed
 * lateness is decided on arrival; one further behind goes to {@link #LATE_READS} (counted in
 * {@code lez_enforcement_late_reads_total}, and a LATE_READ decision). A read id seen before is
 * ignored (counted in {@code lez_enforcement_duplicate_reads_total}).
 *
 * <p><b>Outputs.</b> Main output: a {@link DecisionRecord} for every decision (one READ per read,
 * one FINAL per candidate, CONTROL for policies). {@link #SIGHTINGS}: one per decided read, with
 * the vehicle only as an HMAC. {@link #VIOLATIONS}: ISSUE and MANUAL_REVIEW final decisions and
 * warning-only violations, each violation id at most once.
 *
 * <p><b>Candidates.</b> A CANDIDATE waits in {@code pending} (one entry per violation id,
 * collecting the day's reads) until an event-time timer at the end of its grace window (plus
 * {@link EnforcementSettings#permitArrivalMargin()}), then the rules' {@code finalise} decides with
 * the permits, register entry and fine history known then.
 *
 * <p><b>State per key and when it goes.</b>
 *
 * <ul>
 *   <li>{@code registerEntries}: vehicle key to VehicleRecord bytes, the register entries folding
 *       to the key, as one value ({@link RegisterEntries}). The register itself: kept until the
 *       vehicle leaves it.
 *   <li>{@code permits}: permit id to Permit bytes; removed when revoked, or once the watermark
 *       passes {@link PermitRetention#usefulUntil}.
 *   <li>{@code heldReads}: read id to read, until the watermark passes its capture time.
 *   <li>{@code seenReads}: read id to capture time (the dedup memory; no plate), until the
 *       watermark passes capture time + allowed lateness.
 *   <li>{@code pending}: violation id to {@link PendingViolation}, until finalised.
 *   <li>{@code emitted}: violation id to {@link EmittedViolation}, until {@link
 *       EnforcementSettings#fineHistoryRetention()} after its day for fines, two days for warnings.
 * </ul>
 *
 * Every entry with an end registers an event-time timer at that end (rounded up to {@link
 * #CLEANUP_GRANULARITY_MS}, so a key has few timers); each timer firing removes whatever has
 * ended. {@code stateSummary} (a few longs per key, gone with the last entry that ends) keeps the
 * earliest end of each of these states, so a firing scans only the states with something due.
 * Event time, not Flink's processing-time state TTL: a replay of last year's reads would
 * otherwise keep or drop state by the wall clock, not by the data.
 */
public class EnforcementFunction extends KeyedBroadcastProcessFunction<String, KeyedEvent, ControlChange, DecisionRecord> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EnforcementFunction.class);

  /**
   * Capture -> decision latency of every read, as a histogram in seconds; Flink's Prometheus
   * reporter exports it as {@code flink_taskmanager_job_task_operator_lez_job_decision_latency_seconds}.
   */
  public static final String DECISION_LATENCY_METRIC = "lez_job_decision_latency_seconds";

  public static final OutputTag<Sighting> SIGHTINGS = new OutputTag<>("sightings", TypeInformation.of(Sighting.class));
  public static final OutputTag<ViolationRecord> VIOLATIONS =
      new OutputTag<>("violations", TypeInformation.of(ViolationRecord.class));
  /**
   * The store's view of a violation's life, beside {@link #VIOLATIONS}: a candidate row as soon as
   * a read makes one (AWAITING_GRACE, so operators see it while a day pass may still be bought),
   * and its DROPPED settlement. Only the PostgreSQL store takes it; the violations topic carries
   * settled fines only.
   */
  public static final OutputTag<ViolationRecord> VIOLATION_LIFECYCLE =
      new OutputTag<>("violation-lifecycle", TypeInformation.of(ViolationRecord.class));
  public static final OutputTag<ReadEvent> LATE_READS = new OutputTag<>("late-reads", TypeInformation.of(ReadEvent.class));

  /**
   * Cleanup timers are rounded up to this, so one key has at most one cleanup timer per hour: the
   * reads of a vehicle on one trip share one (each distinct timer is a RocksDB write and a firing).
   * Entries stay at most this much longer than their end.
   */
  public static final long CLEANUP_GRANULARITY_MS = Duration.ofHours(1).toMillis();
  /** How long a warning's id is remembered: its day, the next, and the allowed lateness. */
  static final Duration WARNING_MEMORY = Duration.ofDays(2);

  static final String REGISTER_STATE = "registerEntries";
  static final String PERMITS_STATE = "permits";
  static final String HELD_READS_STATE = "heldReads";
  static final String SEEN_READS_STATE = "seenReads";
  static final String PENDING_STATE = "pending";
  static final String EMITTED_STATE = "emitted";
  static final String SUMMARY_STATE = "stateSummary";
  static final List<String> KEYED_STATES =
      List.of(REGISTER_STATE, PERMITS_STATE, HELD_READS_STATE, SEEN_READS_STATE, PENDING_STATE, EMITTED_STATE, SUMMARY_STATE);

  // Slots of the per-key summary (a long[]): the earliest end (event time) of an entry of each
  // ending state, Long.MAX_VALUE for none. A MapState scan is a RocksDB iterator seek, several
  // times the cost of a get; with these a timer firing scans only the states that have something
  // due, and a read of a key without permits never scans the permits. An earliest end may be
  // earlier than the real one (an entry replaced or removed outside a scan): that costs one scan
  // that finds nothing, never a missed cleanup.
  static final int HELD_DUE = 0;
  static final int PENDING_DUE = 1;
  static final int SEEN_DUE = 2;
  static final int EMITTED_DUE = 3;
  /** Earliest {@link PermitRetention#usefulUntil} of the permits with an end. */
  static final int PERMITS_DUE = 4;
  /** 1 when the key may hold permits (with or without an end), 0 when it holds none. */
  static final int PERMITS_HELD = 5;
  /**
   * The last cleanup timer registered for the key. A timer registration is a RocksDB write even
   * when that timer exists already; reads of a key mostly fall in the same cleanup slot.
   */
  static final int LAST_CLEANUP = 6;
  private static final int SUMMARY_SLOTS = 7;

  private final EnforcementSettings settings;

  private transient ValueState<byte[]> register;
  private transient MapState<String, byte[]> permits;
  private transient MapState<String, ReadEvent> heldReads;
  private transient MapState<String, Long> seenReads;
  private transient MapState<String, PendingViolation> pending;
  private transient MapState<String, EmittedViolation> emitted;
  private transient ValueState<long[]> summaryState;

  /** The summary of the current key while a call is processed (loaded on first use, written once at the end). */
  private transient long[] summary;
  private transient boolean summaryDirty;
  /** The register entries of the current key while a call is processed (loaded on first use). */
  private transient TreeMap<String, byte[]> registerEntries;

  private transient EnforcementDecider decider;
  private transient VehicleHmac hasher;
  private transient ZoneDirectory directory;
  private transient boolean directoryLoaded;
  private transient long allowedLatenessMs;
  private transient String instance;

  private transient Map<String, Counter> decidedByOutcome;
  private transient MetricGroup metrics;
  private transient Counter lateReads;
  /** Capture -> decision (wall clock) of every decided read; null in a replay. */
  private transient LatencyHistogram decisionLatency;
  private transient Counter duplicateReads;
  private transient Counter violationsIssued;
  private transient Counter violationsForReview;
  private transient Counter warnings;
  private transient Counter candidatesDropped;
  private transient Counter finaliseFailures;
  private transient Counter policiesAccepted;
  private transient Counter policiesRejected;
  private transient Counter cameraChanges;
  private transient Counter unusablePayloads;

  public EnforcementFunction(EnforcementSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  // ---------------------------------------------------------------------------------------------
  // state descriptors (also used by the harness tests to inspect state)
  // ---------------------------------------------------------------------------------------------

  /** Broadcast: {@code zone@vN} to ZonePolicy bytes, every version received. */
  public static MapStateDescriptor<String, byte[]> policiesDescriptor() {
    return new MapStateDescriptor<>("zonePolicies", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  /** Broadcast: camera id to CameraRegistration bytes. */
  public static MapStateDescriptor<String, byte[]> camerasDescriptor() {
    return new MapStateDescriptor<>("cameras", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  /** The register entries of the key, one {@link RegisterEntries} value (one get, where a MapState would need a seek). */
  static ValueStateDescriptor<byte[]> registerDescriptor() {
    return new ValueStateDescriptor<>(REGISTER_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  static MapStateDescriptor<String, byte[]> permitsDescriptor() {
    return new MapStateDescriptor<>(PERMITS_STATE, Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  static MapStateDescriptor<String, ReadEvent> heldReadsDescriptor() {
    return new MapStateDescriptor<>(HELD_READS_STATE, Types.STRING, TypeInformation.of(ReadEvent.class));
  }

  static MapStateDescriptor<String, Long> seenReadsDescriptor() {
    return new MapStateDescriptor<>(SEEN_READS_STATE, Types.STRING, Types.LONG);
  }

  static MapStateDescriptor<String, PendingViolation> pendingDescriptor() {
    return new MapStateDescriptor<>(PENDING_STATE, Types.STRING, TypeInformation.of(PendingViolation.class));
  }

  static MapStateDescriptor<String, EmittedViolation> emittedDescriptor() {
    return new MapStateDescriptor<>(EMITTED_STATE, Types.STRING, TypeInformation.of(EmittedViolation.class));
  }

  static ValueStateDescriptor<long[]> summaryDescriptor() {
    return new ValueStateDescriptor<>(SUMMARY_STATE, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  @Override
  public void open(OpenContext openContext) {
    register = getRuntimeContext().getState(registerDescriptor());
    permits = getRuntimeContext().getMapState(permitsDescriptor());
    heldReads = getRuntimeContext().getMapState(heldReadsDescriptor());
    seenReads = getRuntimeContext().getMapState(seenReadsDescriptor());
    pending = getRuntimeContext().getMapState(pendingDescriptor());
    emitted = getRuntimeContext().getMapState(emittedDescriptor());
    summaryState = getRuntimeContext().getState(summaryDescriptor());
    forgetSummary();
    decider = new EnforcementDecider();
    hasher = new VehicleHmac(settings.sightingsHmacSecret());
    directory = new ZoneDirectory();
    directoryLoaded = false;
    allowedLatenessMs = settings.allowedLateness().toMillis();
    var task = getRuntimeContext().getTaskInfo();
    instance = (task.getIndexOfThisSubtask() + 1) + " of " + task.getNumberOfParallelSubtasks();

    metrics = getRuntimeContext().getMetricGroup();
    decidedByOutcome = new HashMap<>();
    lateReads = metrics.counter("lez_enforcement_late_reads_total");
    duplicateReads = metrics.counter("lez_enforcement_duplicate_reads_total");
    violationsIssued = metrics.counter("lez_enforcement_violations_issued_total");
    violationsForReview = metrics.counter("lez_enforcement_violations_for_review_total");
    warnings = metrics.counter("lez_enforcement_warnings_total");
    candidatesDropped = metrics.counter("lez_enforcement_candidates_dropped_total");
    finaliseFailures = metrics.counter("lez_enforcement_finalise_failures_total");
    policiesAccepted = metrics.counter("lez_enforcement_policies_accepted_total");
    policiesRejected = metrics.counter("lez_enforcement_policies_rejected_total");
    cameraChanges = metrics.counter("lez_enforcement_camera_changes_total");
    unusablePayloads = metrics.counter("lez_enforcement_unusable_payloads_total");
    // Camera -> decision, wall clock: meaningless for a replay of old files, so live only.
    decisionLatency = settings.eventTimeMode() == EnforcementSettings.EventTimeMode.LIVE
        ? metrics.histogram(DECISION_LATENCY_METRIC, LatencyHistogram.decisionLatency())
        : null;
  }

  // ---------------------------------------------------------------------------------------------
  // keyed input: reads, register and permit changes
  // ---------------------------------------------------------------------------------------------

  @Override
  public void processElement(KeyedEvent event, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    try {
      if (event.read != null) {
        onRead(event.read, ctx, out);
      } else if (event.change != null) {
        onChange(event.change, ctx);
      }
      storeSummary();
    } finally {
      forgetSummary();
    }
  }

  private void onRead(ReadEvent read, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    if (seenReads.contains(read.readId)) {
      duplicateReads.inc();
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    if (read.capturedAtMs < lateBefore(watermark)) {
      lateReads.inc();
      ctx.output(LATE_READS, read);
      out.collect(DecisionMapping.late(read, watermark, settings.allowedLateness()));
      return;
    }
    seenReads.put(read.readId, read.capturedAtMs);
    lower(SEEN_DUE, dedupEnd(read.capturedAtMs));
    registerCleanup(ctx, dedupEnd(read.capturedAtMs));
    if (read.capturedAtMs <= watermark) {
      // Behind the watermark but within the allowed lateness: everything older is known, decide now.
      decide(read, ctx, out);
    } else if (settings.eventTimeMode() == EnforcementSettings.EventTimeMode.LIVE && referenceKnown(read, ctx)) {
      // Live, with its register entry, camera and zone policy already here: waiting for the
      // watermark would only add latency (target: p99 camera -> decision under 1 s), and would
      // leave the last reads undecided whenever traffic pauses. Permits that arrive later still
      // count: a candidate is settled only when its grace window closes.
      decide(read, ctx, out);
    } else {
      heldReads.put(read.readId, read);
      lower(HELD_DUE, read.capturedAtMs);
      ctx.timerService().registerEventTimeTimer(read.capturedAtMs);
    }
  }

  private void onChange(KeyedChange change, ReadOnlyContext ctx) throws Exception {
    switch (change.kind) {
      case VEHICLE -> {
        TreeMap<String, byte[]> entries = registerEntries();
        entries.put(change.vehicleKey, change.payload);
        register.update(RegisterEntries.encode(entries));
      }
      case VEHICLE_DELETED -> {
        TreeMap<String, byte[]> entries = registerEntries();
        if (entries.remove(change.vehicleKey) == null) return;
        if (entries.isEmpty()) {
          register.clear();
        } else {
          register.update(RegisterEntries.encode(entries));
        }
      }
      case PERMIT -> {
        Permit permit;
        try {
          permit = Permit.parseFrom(change.payload);
        } catch (InvalidProtocolBufferException e) {
          unusablePayloads.inc();
          LOG.warn("permit change {} does not parse and is ignored", change);
          return;
        }
        long usefulUntil = PermitRetention.usefulUntil(permit);
        // By permit id, as on the topic: a vehicle's permits live side by side, and a later record
        // of the same id (a change, or revoked=true) replaces its earlier state.
        if (permit.getRevoked() || usefulUntil <= ctx.timerService().currentWatermark()) {
          // Revoked, or over before anything still to be decided: it can grant nothing.
          if (summary()[PERMITS_HELD] != 0) {
            permits.remove(change.permitId);
            summarisePermits(); // rare: lets a key whose last permit went drop its summary
          }
        } else {
          permits.put(change.permitId, change.payload);
          set(PERMITS_HELD, 1);
          if (usefulUntil != Long.MAX_VALUE) {
            lower(PERMITS_DUE, usefulUntil);
            registerCleanup(ctx, usefulUntil);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // timers: decide held reads, finalise candidates, clean up
  // ---------------------------------------------------------------------------------------------

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DecisionRecord> out) throws Exception {
    try {
      fire(timestamp, ctx, out);
      storeSummary();
    } finally {
      forgetSummary();
    }
  }

  private void fire(long timestamp, OnTimerContext ctx, Collector<DecisionRecord> out) throws Exception {
    if (summary()[HELD_DUE] <= timestamp) {
      List<ReadEvent> due = new ArrayList<>();
      long stillHeld = Long.MAX_VALUE;
      for (ReadEvent read : heldReads.values()) {
        if (read.capturedAtMs <= timestamp) {
          due.add(read);
        } else {
          stillHeld = Math.min(stillHeld, read.capturedAtMs);
        }
      }
      set(HELD_DUE, stillHeld);
      due.sort(Comparator.comparingLong((ReadEvent r) -> r.capturedAtMs).thenComparing(r -> r.readId));
      for (ReadEvent read : due) {
        heldReads.remove(read.readId);
        decide(read, ctx, out);
      }
    }

    // After the held reads: a read decided just now may have opened a candidate that is due already.
    if (summary()[PENDING_DUE] <= timestamp) {
      List<Map.Entry<String, PendingViolation>> ripe = new ArrayList<>();
      long stillPending = Long.MAX_VALUE;
      for (Map.Entry<String, PendingViolation> e : pending.entries()) {
        if (e.getValue().dueAtMs <= timestamp) {
          ripe.add(Map.entry(e.getKey(), e.getValue()));
        } else {
          stillPending = Math.min(stillPending, e.getValue().dueAtMs);
        }
      }
      set(PENDING_DUE, stillPending);
      // Earlier days first, so that fine limits see the fines in the order of their days.
      ripe.sort(Comparator.<Map.Entry<String, PendingViolation>>comparingLong(e -> e.getValue().firstSeenMs())
          .thenComparing(Map.Entry::getKey));
      for (Map.Entry<String, PendingViolation> e : ripe) {
        pending.remove(e.getKey());
        finalise(e.getValue(), ctx, out);
      }
    }

    removeEnded(timestamp);
  }

  private void removeEnded(long watermark) throws Exception {
    List<String> ended = new ArrayList<>();
    if (summary()[SEEN_DUE] <= watermark) {
      long stillSeen = Long.MAX_VALUE;
      for (Map.Entry<String, Long> e : seenReads.entries()) {
        long end = dedupEnd(e.getValue());
        if (end <= watermark) {
          ended.add(e.getKey());
        } else {
          stillSeen = Math.min(stillSeen, end);
        }
      }
      for (String id : ended) seenReads.remove(id);
      set(SEEN_DUE, stillSeen);
    }

    if (summary()[EMITTED_DUE] <= watermark) {
      ended.clear();
      long stillEmitted = Long.MAX_VALUE;
      for (Map.Entry<String, EmittedViolation> e : emitted.entries()) {
        if (e.getValue().expiresAtMs <= watermark) {
          ended.add(e.getKey());
        } else {
          stillEmitted = Math.min(stillEmitted, e.getValue().expiresAtMs);
        }
      }
      for (String id : ended) emitted.remove(id);
      set(EMITTED_DUE, stillEmitted);
    }

    if (summary()[PERMITS_DUE] <= watermark) {
      ended.clear();
      for (Map.Entry<String, byte[]> e : permits.entries()) {
        if (usefulUntil(e.getValue()) <= watermark) ended.add(e.getKey());
      }
      for (String id : ended) permits.remove(id);
      summarisePermits();
    }
  }

  /** Recomputes the permit slots of the summary from the permits in state (one scan). */
  private void summarisePermits() throws Exception {
    long earliest = Long.MAX_VALUE;
    boolean any = false;
    for (byte[] bytes : permits.values()) {
      any = true;
      earliest = Math.min(earliest, usefulUntil(bytes));
    }
    set(PERMITS_DUE, earliest);
    set(PERMITS_HELD, any ? 1 : 0);
  }

  private static long usefulUntil(byte[] permitBytes) {
    try {
      return PermitRetention.usefulUntil(Permit.parseFrom(permitBytes));
    } catch (InvalidProtocolBufferException ex) {
      return Long.MIN_VALUE; // unusable: ends at once
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the decisions
  // ---------------------------------------------------------------------------------------------

  /** Whether everything a live decision of this read needs is in state: an exact register entry, its camera, a policy. */
  private boolean referenceKnown(ReadEvent read, ReadOnlyContext ctx) throws Exception {
    if (!registerEntries().containsKey(read.vehicleKey)) return false;
    ZoneDirectory zones = directory(ctx);
    ZoneDirectory.CameraZone camera = zones.zoneOf(read.cameraId);
    return camera.known() && zones.timeline(camera.zoneId()) != null;
  }

  private void decide(ReadEvent read, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    if (decisionLatency != null) decisionLatency.update(ctx.timerService().currentProcessingTime() - read.capturedAtMs);
    ZoneDirectory zones = directory(ctx);
    ZoneDirectory.CameraZone camera = zones.zoneOf(read.cameraId);
    if (!camera.known()) {
      count(Sighting.UNKNOWN_CAMERA);
      ctx.output(SIGHTINGS, sighting(read, "", Sighting.UNKNOWN_CAMERA, read.vehicleKey));
      out.collect(DecisionMapping.unknownCamera(read, camera.problem()));
      return;
    }
    String zoneId = camera.zoneId();
    VehicleMatch match = match(read.vehicleKey);
    PolicyTimeline timeline = zones.timeline(zoneId);
    if (timeline == null) {
      DecisionRecord r = DecisionMapping.noPolicyKnown(read, zoneId, match);
      count(r.outcome);
      ctx.output(SIGHTINGS, sighting(read, zoneId, r.outcome, r.vehicleKey));
      out.collect(r);
      return;
    }
    Instant capturedAt = Instant.ofEpochMilli(read.capturedAtMs);
    ZonePolicy policy = timeline.inForceAt(capturedAt).orElse(null);
    String vehicleKey = match.isNone() ? read.vehicleKey : match.vehicle().vehicleKey();
    Permits held = policy == null ? Permits.none() : Permits.fromProto(permitsOf(vehicleKey), policy);
    ReadFacts facts = new ReadFacts(read.readId, read.cameraId, zoneId, capturedAt, read.vehicleKey, read.country,
        read.confidence, read.imageSha256);
    Decision decision = decider.evaluate(facts, match, held, timeline);

    count(decision.outcome().name());
    ctx.output(SIGHTINGS, sighting(read, zoneId, decision.outcome().name(), decision.vehicleKey()));
    out.collect(DecisionMapping.read(decision, read, match, policy));
    if (decision.outcome() == Outcome.WARNING) {
      emitWarningOnce(decision, read, policy, ctx);
    } else if (decision.outcome() == Outcome.CANDIDATE) {
      boolean opened = hold(decision.candidate(), ctx);
      if (opened && !wasEmitted(decision.violationId())) {
        ctx.output(VIOLATION_LIFECYCLE, DecisionMapping.candidateOpened(decision.candidate(), read, policy.currency()));
      }
    }
  }

  private void emitWarningOnce(Decision decision, ReadEvent read, ZonePolicy policy, ReadOnlyContext ctx) throws Exception {
    if (wasEmitted(decision.violationId())) return;
    ctx.output(VIOLATIONS, DecisionMapping.warning(decision, read, policy.currency()));
    warnings.inc();
    remember(decision.violationId(), decision.zoneId(), decision.vehicleKey(), decision.enforcementDay(), false, ctx);
  }

  /** Holds the candidate until its grace window closes; true when it opens a new violation id. */
  private boolean hold(Candidate candidate, ReadOnlyContext ctx) throws Exception {
    long capturedAt = candidate.capturedAt().toEpochMilli();
    long decideAt = candidate.decideAt().toEpochMilli();
    // A grace window gets the permit arrival margin; a candidate without one is due at once.
    long dueAt = decideAt > capturedAt ? decideAt + settings.permitArrivalMargin().toMillis() : capturedAt;
    PendingViolation existing = pending.get(candidate.violationId());
    PendingViolation next = existing == null ? PendingViolation.of(candidate, dueAt) : existing.with(candidate, dueAt);
    pending.put(candidate.violationId(), next);
    lower(PENDING_DUE, next.dueAtMs);
    // A registration is a RocksDB write even for a timer that exists: the existing entry's timer
    // has not fired yet (a firing removes the entry), so the same instant needs no new one.
    if (existing == null || existing.dueAtMs != next.dueAtMs) ctx.timerService().registerEventTimeTimer(next.dueAtMs);
    return existing == null;
  }

  private void finalise(PendingViolation entry, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    Candidate candidate = entry.decoded();
    if (wasEmitted(candidate.violationId())) {
      candidatesDropped.inc();
      out.collect(DecisionMapping.alreadyEmitted(candidate, entry));
      return;
    }
    PolicyTimeline timeline = directory(ctx).timeline(candidate.zoneId());
    ZonePolicy policy = timeline == null ? null : timeline.inForceAt(candidate.capturedAt()).orElse(null);
    if (policy == null) {
      finaliseFailures.inc();
      out.collect(DecisionMapping.finaliseFailed(candidate, entry,
          "no policy version of " + candidate.zoneId() + " is in force at " + candidate.capturedAt()));
      return;
    }
    byte[] registered = registerEntries().get(candidate.vehicleKey());
    VehicleFacts vehicleNow = registered == null ? null : VehicleFacts.fromRecord(VehicleRecord.parseFrom(registered));
    Permits held = Permits.fromProto(permitsOf(candidate.vehicleKey()), policy);
    FinalDecision decision = decider.finalise(candidate, vehicleNow, held, history(candidate.zoneId(), candidate.vehicleKey()), policy);
    out.collect(DecisionMapping.finalised(decision, entry));
    switch (decision.outcome()) {
      case DROP -> {
        candidatesDropped.inc();
        ctx.output(VIOLATION_LIFECYCLE, DecisionMapping.dropped(decision, entry));
      }
      case ISSUE, MANUAL_REVIEW -> {
        ctx.output(VIOLATIONS, DecisionMapping.violation(decision, entry));
        if (decision.warningOnly()) {
          warnings.inc();
        } else if (decision.isIssued()) {
          violationsIssued.inc();
        } else {
          violationsForReview.inc();
        }
        // A fine for review counts for the fine limits too: a missed fine is better than a second one.
        remember(decision.violationId(), candidate.zoneId(), decision.vehicleKey(), candidate.enforcementDay(),
            !decision.warningOnly(), ctx);
      }
    }
  }

  private void remember(String violationId, String zoneId, String vehicleKey, LocalDate day, boolean fine, ReadOnlyContext ctx)
      throws Exception {
    long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long expiresAt = dayStart + (fine ? settings.fineHistoryRetention() : WARNING_MEMORY.plus(settings.allowedLateness())).toMillis();
    emitted.put(violationId, new EmittedViolation(zoneId, vehicleKey, day.toEpochDay(), fine, expiresAt));
    lower(EMITTED_DUE, expiresAt);
    registerCleanup(ctx, expiresAt);
  }

  /** Whether the violation id was emitted (and is still remembered). */
  private boolean wasEmitted(String violationId) throws Exception {
    // The summary's earliest end is exact when nothing is remembered: only a scan removes entries.
    return summary()[EMITTED_DUE] != Long.MAX_VALUE && emitted.contains(violationId);
  }

  private VehicleHistory history(String zoneId, String vehicleKey) throws Exception {
    List<LocalDate> fineDays = new ArrayList<>();
    if (summary()[EMITTED_DUE] == Long.MAX_VALUE) return VehicleHistory.ofFineDays(fineDays); // none: spare the scan
    for (EmittedViolation v : emitted.values()) {
      if (v.fine && v.zoneId.equals(zoneId) && v.vehicleKey.equals(vehicleKey)) fineDays.add(LocalDate.ofEpochDay(v.epochDay));
    }
    return VehicleHistory.ofFineDays(fineDays);
  }

  /** The read against the register entries that fold to its key: exact wins, else the closest confusable one. */
  private VehicleMatch match(String readVehicleKey) throws Exception {
    List<VehicleRecord> entries = new ArrayList<>(2);
    for (byte[] bytes : registerEntries().values()) {
      try {
        entries.add(VehicleRecord.parseFrom(bytes));
      } catch (InvalidProtocolBufferException e) {
        unusablePayloads.inc();
      }
    }
    PlateMatch<VehicleRecord> match = PlateMatcher.match(readVehicleKey, entries, VehicleRecord::getVehicleKey);
    return VehicleMatch.fromRegister(match);
  }

  /** The permits of one vehicle (several vehicles may share the folded key; only its own count). */
  private List<Permit> permitsOf(String vehicleKey) throws Exception {
    List<Permit> out = new ArrayList<>(2);
    if (summary()[PERMITS_HELD] == 0) return out; // most keys hold none: spare the scan
    for (byte[] bytes : permits.values()) {
      try {
        Permit permit = Permit.parseFrom(bytes);
        if (permit.getVehicleKey().equals(vehicleKey)) out.add(permit);
      } catch (InvalidProtocolBufferException e) {
        unusablePayloads.inc();
      }
    }
    return out;
  }

  private Sighting sighting(ReadEvent read, String zoneId, String outcome, String vehicleKey) {
    // The register entry's key when the read matched one: a misread is stored, and found, as its vehicle.
    return new Sighting(read.readId, read.capturedAtMs, read.cameraId, zoneId, hasher.exact(vehicleKey), outcome)
        .withMetadata(hasher.keyId(), hasher.folded(vehicleKey), read.lane, read.direction, read.confidence,
            read.imageKey, read.imageSha256);
  }

  // ---------------------------------------------------------------------------------------------
  // broadcast input: policies and cameras
  // ---------------------------------------------------------------------------------------------

  @Override
  public void processBroadcastElement(ControlChange change, Context ctx, Collector<DecisionRecord> out) throws Exception {
    var policyState = ctx.getBroadcastState(policiesDescriptor());
    var cameraState = ctx.getBroadcastState(camerasDescriptor());
    if (!directoryLoaded) {
      directory.load(policyState.immutableEntries(), cameraState.immutableEntries());
      directoryLoaded = true;
    }
    switch (change.kind) {
      case POLICY -> {
        try {
          ZonePolicy policy = directory.acceptPolicy(change.payload);
          policyState.put(ZoneDirectory.policyKey(policy.zoneId(), policy.version()), change.payload);
          policiesAccepted.inc();
          out.collect(DecisionMapping.control(DecisionRecord.POLICY_ACCEPTED, policy.zoneId(), policy.version(),
              "policy " + policy.label() + " (" + policy.name() + "), effective from " + policy.effectiveFrom()
                  + ", accepted by enforcement instance " + instance));
        } catch (InvalidProtocolBufferException | PolicyValidationException e) {
          policiesRejected.inc();
          String problems = e instanceof PolicyValidationException v ? String.join("; ", v.problems()) : "not a ZonePolicy message";
          LOG.error("zone policy {} rejected, the versions in force stay as they were: {}", change.id, problems);
          out.collect(DecisionMapping.control(DecisionRecord.POLICY_REJECTED, zoneOfPolicyKey(change.id),
              versionOfPolicyKey(change.id), "policy " + change.id + " rejected by enforcement instance " + instance
                  + ", the versions in force stay as they were: " + problems));
        }
      }
      case CAMERA -> {
        try {
          CameraRegistration camera = CameraRegistration.parseFrom(change.payload);
          cameraState.put(camera.getCameraId(), change.payload);
          directory.putCamera(camera);
          cameraChanges.inc();
        } catch (InvalidProtocolBufferException e) {
          unusablePayloads.inc();
          LOG.warn("camera registration {} does not parse and is ignored", change.id);
        }
      }
      case CAMERA_REMOVED -> {
        cameraState.remove(change.id);
        directory.removeCamera(change.id);
        cameraChanges.inc();
      }
    }
  }

  private ZoneDirectory directory(ReadOnlyContext ctx) throws Exception {
    if (!directoryLoaded) {
      directory.load(ctx.getBroadcastState(policiesDescriptor()).immutableEntries(),
          ctx.getBroadcastState(camerasDescriptor()).immutableEntries());
      directoryLoaded = true;
    }
    return directory;
  }

  // ---------------------------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------------------------

  private void count(String outcome) {
    decidedByOutcome.computeIfAbsent(outcome,
        o -> metrics.addGroup("outcome", o.toLowerCase()).counter("lez_enforcement_reads_decided_total")).inc();
  }

  /** Reads captured before this are late: the allowed lateness behind the watermark. */
  private long lateBefore(long watermark) {
    long threshold = watermark - allowedLatenessMs;
    return threshold > watermark ? Long.MIN_VALUE : threshold; // no underflow at the initial watermark
  }

  /** The dedup memory of a read ends one past its last decidable instant (capture + allowed lateness). */
  private long dedupEnd(long capturedAtMs) {
    return capturedAtMs + allowedLatenessMs + 1;
  }

  private void registerCleanup(ReadOnlyContext ctx, long atMs) throws Exception {
    long rounded = atMs >= Long.MAX_VALUE - CLEANUP_GRANULARITY_MS
        ? Long.MAX_VALUE
        : Math.floorDiv(atMs + CLEANUP_GRANULARITY_MS - 1, CLEANUP_GRANULARITY_MS) * CLEANUP_GRANULARITY_MS;
    // Registered before and not fired yet: everything cleaned up ends after the watermark, so the
    // rounded instant is too, and a timer that fired would be at or before it.
    if (summary()[LAST_CLEANUP] == rounded && rounded > ctx.timerService().currentWatermark()) return;
    ctx.timerService().registerEventTimeTimer(rounded);
    set(LAST_CLEANUP, rounded);
  }

  // ---------------------------------------------------------------------------------------------
  // the per-key summary
  // ---------------------------------------------------------------------------------------------

  private long[] summary() throws Exception {
    if (summary == null) {
      long[] stored = summaryState.value();
      if (stored == null || stored.length != SUMMARY_SLOTS) {
        stored = new long[SUMMARY_SLOTS];
        Arrays.fill(stored, Long.MAX_VALUE);
        stored[PERMITS_HELD] = 0;
        stored[LAST_CLEANUP] = Long.MIN_VALUE;
      }
      summary = stored;
    }
    return summary;
  }

  private void lower(int slot, long atMs) throws Exception {
    if (atMs < summary()[slot]) set(slot, atMs);
  }

  private void set(int slot, long value) throws Exception {
    long[] s = summary();
    if (s[slot] != value) {
      s[slot] = value;
      summaryDirty = true;
    }
  }

  /** Writes the summary if it changed; a key with nothing that ends (and no permits) keeps none. */
  private void storeSummary() throws Exception {
    if (!summaryDirty) return;
    long[] s = summary;
    boolean empty = s[HELD_DUE] == Long.MAX_VALUE && s[PENDING_DUE] == Long.MAX_VALUE && s[SEEN_DUE] == Long.MAX_VALUE
        && s[EMITTED_DUE] == Long.MAX_VALUE && s[PERMITS_DUE] == Long.MAX_VALUE && s[PERMITS_HELD] == 0;
    if (empty) {
      summaryState.clear();
    } else {
      summaryState.update(s);
    }
  }

  private void forgetSummary() {
    summary = null;
    summaryDirty = false;
    registerEntries = null;
  }

  private TreeMap<String, byte[]> registerEntries() throws Exception {
    if (registerEntries == null) registerEntries = RegisterEntries.decode(register.value());
    return registerEntries;
  }

  private static String zoneOfPolicyKey(String key) {
    int at = key == null ? -1 : key.lastIndexOf("@v");
    return at < 0 ? String.valueOf(key) : key.substring(0, at);
  }

  private static int versionOfPolicyKey(String key) {
    int at = key == null ? -1 : key.lastIndexOf("@v");
    try {
      return at < 0 ? 0 : Integer.parseInt(key.substring(at + 2));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
