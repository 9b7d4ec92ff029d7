package io.lezflow.jobs.enforce;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.EnforcementSettings;
import io.lezflow.jobs.kafka.WireMapping;
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
import io.lezflow.rules.decision.ReadIntake;
import io.lezflow.rules.decision.ReadIntake.Intake;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.ledger.HistoryEntry;
import io.lezflow.rules.ledger.LedgerDecider;
import io.lezflow.rules.ledger.RegisterTimeline;
import io.lezflow.rules.ledger.VehicleLedger;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.schemas.plates.PlateMatch;
import io.lezflow.schemas.plates.PlateMatcher;
import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.VehicleHistoryEntry;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enforcement, one OCR-folded plate key at a time: a Flink adapter that holds state and
 * timers and asks plain-Java deciders everything else — {@link ReadIntake} (duplicate, late,
 * unknown camera), {@link EnforcementDecider} (every rule; no policy in force), {@link
 * LedgerDecider} (already emitted; what a decision adds to the vehicle's history) and {@link
 * RegisterTimeline} (which register entry is valid at a capture time).
 *
 * <p><b>Inputs.</b> Keyed by the OCR-folded matching key ({@code OcrFold.keyOfVehicleKey}): reads,
 * register changes, permit changes and history entries, so that a misread (O for 0, B for 8 ...)
 * meets the register entries, permits and history of the real plate. Broadcast: zone policy
 * versions and camera registrations, changeable at runtime without a restart.
 *
 * <p><b>Time.</b> Live, a read whose register entry, camera and zone policy are in state is
 * decided on arrival; any other read waits in state until the watermark passes its capture time,
 * and is decided then. In a replay every read waits for the watermark, so the same files always
 * give the same decisions. A candidate is settled only when its grace window has closed. A read
 * too far behind the watermark goes to {@link #LATE_READS} (and a LATE_READ decision); a read id
 * seen before is not decided again (counted).
 *
 * <p><b>Outputs.</b> Main output: a {@link DecisionRecord} for every decision. {@link #SIGHTINGS}:
 * one per decided read, the vehicle only as an HMAC. {@link #VIOLATIONS}: ISSUE and MANUAL_REVIEW
 * final decisions and warnings. {@link #VIOLATION_LIFECYCLE}: candidate rows and their drops.
 * {@link #HISTORY}: each fine, warning and day pass used, for the history topic.
 *
 * <p><b>State per key and when it goes.</b>
 *
 * <ul>
 *   <li>{@code registerTimeline}: the register entries folding to the key, every version with its
 *       valid-from ({@link RegisterTimeline}); superseded versions go once no decidable read needs them.
 *   <li>{@code permits}: permit id to Permit bytes; removed when revoked, or once the watermark
 *       passes {@link PermitRetention#usefulUntil}.
 *   <li>{@code heldReads}: read id to read, until the watermark passes its capture time.
 *   <li>{@code seenReads}: read id to capture time (dedup; no plate), until capture + allowed lateness.
 *   <li>{@code pending}: violation id to {@link PendingViolation}, until finalised.
 *   <li>{@code vehicleLedger}: the {@link VehicleLedger} — each vehicle's history per zone (until
 *       {@link EnforcementSettings#fineHistoryRetention()} after its day) and the earliest due
 *       instant of each state above, so a timer firing scans only what is due.
 * </ul>
 *
 * Every entry with an end registers an event-time timer at that end (rounded up to {@link
 * #CLEANUP_GRANULARITY_MS}). Event time, not processing-time TTL: a replay of last year's reads
 * would otherwise keep or drop state by the wall clock.
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
   * a read makes one (AWAITING_GRACE), and its DROPPED settlement. Only the PostgreSQL store takes it.
   */
  public static final OutputTag<ViolationRecord> VIOLATION_LIFECYCLE =
      new OutputTag<>("violation-lifecycle", TypeInformation.of(ViolationRecord.class));
  public static final OutputTag<ReadEvent> LATE_READS = new OutputTag<>("late-reads", TypeInformation.of(ReadEvent.class));
  /** The job's own history entries (HISTORY changes holding a VehicleHistoryEntry), for the history topic. */
  public static final OutputTag<KeyedChange> HISTORY = new OutputTag<>("history", TypeInformation.of(KeyedChange.class));

  /** Clean-up timers are rounded up to this: one key has at most one clean-up timer per hour. */
  public static final long CLEANUP_GRANULARITY_MS = Duration.ofHours(1).toMillis();

  static final String REGISTER_STATE = "registerTimeline";
  static final String PERMITS_STATE = "permits";
  static final String HELD_READS_STATE = "heldReads";
  static final String SEEN_READS_STATE = "seenReads";
  static final String PENDING_STATE = "pending";
  static final String LEDGER_STATE = "vehicleLedger";
  static final List<String> KEYED_STATES =
      List.of(REGISTER_STATE, PERMITS_STATE, HELD_READS_STATE, SEEN_READS_STATE, PENDING_STATE, LEDGER_STATE);

  private final EnforcementSettings settings;

  private transient ValueState<byte[]> register;
  private transient MapState<String, byte[]> permits;
  private transient MapState<String, ReadEvent> heldReads;
  private transient MapState<String, Long> seenReads;
  private transient MapState<String, PendingViolation> pending;
  private transient ValueState<byte[]> ledgerState;

  /** The ledger of the current key while a call is processed (loaded on first use, stored once at the end if changed). */
  private transient VehicleLedger ledger;
  private transient byte[] ledgerLoaded;
  /** The register timeline of the current key while a call is processed (loaded on first use). */
  private transient RegisterTimeline timeline;

  private transient EnforcementDecider decider;
  private transient ReadIntake intake;
  private transient LedgerDecider ledgerDecider;
  private transient VehicleHmac hasher;
  private transient ZoneDirectory directory;
  private transient boolean directoryLoaded;
  private transient long allowedLatenessMs;
  private transient String instance;

  private transient EnforcementMetrics metrics;

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

  /** The register timeline of the key, one {@link RegisterTimeline} value (one get, where a MapState would need a seek). */
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

  /** The key's {@link VehicleLedger} as its own bytes ({@link VehicleLedger#encode}). */
  static ValueStateDescriptor<byte[]> ledgerDescriptor() {
    return new ValueStateDescriptor<>(LEDGER_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  @Override
  public void open(OpenContext openContext) {
    register = getRuntimeContext().getState(registerDescriptor());
    permits = getRuntimeContext().getMapState(permitsDescriptor());
    heldReads = getRuntimeContext().getMapState(heldReadsDescriptor());
    seenReads = getRuntimeContext().getMapState(seenReadsDescriptor());
    pending = getRuntimeContext().getMapState(pendingDescriptor());
    ledgerState = getRuntimeContext().getState(ledgerDescriptor());
    forgetKey();
    decider = new EnforcementDecider();
    intake = new ReadIntake(settings.allowedLateness());
    ledgerDecider = new LedgerDecider(settings.fineHistoryRetention());
    hasher = new VehicleHmac(settings.sightingsHmacSecret());
    directory = new ZoneDirectory();
    directoryLoaded = false;
    allowedLatenessMs = settings.allowedLateness().toMillis();
    var task = getRuntimeContext().getTaskInfo();
    instance = (task.getIndexOfThisSubtask() + 1) + " of " + task.getNumberOfParallelSubtasks();

    metrics = new EnforcementMetrics(getRuntimeContext().getMetricGroup(),
        settings.eventTimeMode() == EnforcementSettings.EventTimeMode.LIVE);
  }

  // ---------------------------------------------------------------------------------------------
  // keyed input: reads, register, permit and history changes
  // ---------------------------------------------------------------------------------------------

  @Override
  public void processElement(KeyedEvent event, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    try {
      if (event.read != null) {
        onRead(event.read, ctx, out);
      } else if (event.change != null) {
        onChange(event.change, ctx);
      }
      storeLedger();
    } finally {
      forgetKey();
    }
  }

  private void onRead(ReadEvent read, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    Optional<Decision> notAdmitted = intake.admit(read.readId, read.vehicleKey, Instant.ofEpochMilli(read.capturedAtMs),
        watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark), seenReads.contains(read.readId));
    if (notAdmitted.isPresent()) {
      Decision d = notAdmitted.get();
      if (d.outcome() == Outcome.DUPLICATE_READ) {
        metrics.duplicateReads.inc(); // decided once already: one READ decision per read
        return;
      }
      metrics.lateReads.inc();
      ctx.output(LATE_READS, read);
      out.collect(DecisionMapping.notDecided(d, read));
      return;
    }
    seenReads.put(read.readId, read.capturedAtMs);
    ledger().seenReadsDueMs = Math.min(ledger().seenReadsDueMs, dedupEnd(read.capturedAtMs));
    registerCleanup(ctx, dedupEnd(read.capturedAtMs));
    if (read.capturedAtMs <= watermark
        || (settings.eventTimeMode() == EnforcementSettings.EventTimeMode.LIVE && referenceKnown(read, ctx))) {
      // Behind the watermark (everything older is known), or live with its register entry, camera
      // and policy here: waiting would only add latency. Later permits still count: a candidate is
      // settled only when its grace window closes.
      decide(read, ctx, out);
    } else {
      heldReads.put(read.readId, read);
      ledger().heldReadsDueMs = Math.min(ledger().heldReadsDueMs, read.capturedAtMs);
      ctx.timerService().registerEventTimeTimer(read.capturedAtMs);
    }
  }

  private void onChange(KeyedChange change, ReadOnlyContext ctx) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    switch (change.kind) {
      case VEHICLE -> {
        RegisterTimeline t = timeline();
        t.put(change.vehicleKey, change.eventTimeMs, change.payload);
        t.forgetBefore(lateBefore(watermark));
        register.update(t.encode());
      }
      case VEHICLE_DELETED -> {
        RegisterTimeline t = timeline();
        if (!t.remove(change.vehicleKey, change.eventTimeMs)) return;
        t.forgetBefore(lateBefore(watermark));
        if (t.isEmpty()) {
          register.clear();
        } else {
          register.update(t.encode());
        }
      }
      case PERMIT -> onPermit(change, watermark, ctx);
      case HISTORY -> {
        HistoryEntry entry = historyEntry(change);
        if (entry == null) return;
        if (!ledgerDecider.load(ledger(), entry, watermark).isEmpty()) {
          metrics.historyLoaded.inc();
          registerCleanup(ctx, ledger().historyDueMs);
        }
      }
    }
  }

  private void onPermit(KeyedChange change, long watermark, ReadOnlyContext ctx) throws Exception {
    Permit permit;
    try {
      permit = Permit.parseFrom(change.payload);
    } catch (InvalidProtocolBufferException e) {
      metrics.unusablePayloads.inc();
      LOG.warn("permit change {} does not parse and is ignored", change);
      return;
    }
    long usefulUntil = PermitRetention.usefulUntil(permit);
    // By permit id, as on the topic: a later record of the same id (a change, or revoked=true) replaces it.
    if (permit.getRevoked() || usefulUntil <= watermark) {
      if (ledger().holdsPermits) {
        permits.remove(change.permitId);
        summarisePermits(); // rare: lets a key whose last permit went drop its ledger
      }
    } else {
      permits.put(change.permitId, change.payload);
      ledger().holdsPermits = true;
      if (usefulUntil != Long.MAX_VALUE) {
        ledger().permitsDueMs = Math.min(ledger().permitsDueMs, usefulUntil);
        registerCleanup(ctx, usefulUntil);
      }
    }
  }

  private HistoryEntry historyEntry(KeyedChange change) {
    try {
      HistoryEntry entry = WireMapping.toHistoryEntry(VehicleHistoryEntry.parseFrom(change.payload));
      if (entry == null) metrics.unusablePayloads.inc();
      return entry;
    } catch (InvalidProtocolBufferException e) {
      metrics.unusablePayloads.inc();
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // timers: decide held reads, finalise candidates, clean up
  // ---------------------------------------------------------------------------------------------

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DecisionRecord> out) throws Exception {
    try {
      fire(timestamp, ctx, out);
      storeLedger();
    } finally {
      forgetKey();
    }
  }

  private void fire(long timestamp, OnTimerContext ctx, Collector<DecisionRecord> out) throws Exception {
    if (ledger().heldReadsDueMs <= timestamp) {
      List<ReadEvent> due = new ArrayList<>();
      long stillHeld = VehicleLedger.NOTHING_DUE;
      for (ReadEvent read : heldReads.values()) {
        if (read.capturedAtMs <= timestamp) {
          due.add(read);
        } else {
          stillHeld = Math.min(stillHeld, read.capturedAtMs);
        }
      }
      ledger().heldReadsDueMs = stillHeld;
      due.sort(Comparator.comparingLong((ReadEvent r) -> r.capturedAtMs).thenComparing(r -> r.readId));
      for (ReadEvent read : due) {
        heldReads.remove(read.readId);
        decide(read, ctx, out);
      }
    }

    // After the held reads: a read decided just now may have opened a candidate that is due already.
    if (ledger().candidatesDueMs <= timestamp) {
      List<Map.Entry<String, PendingViolation>> ripe = new ArrayList<>();
      long stillPending = VehicleLedger.NOTHING_DUE;
      for (Map.Entry<String, PendingViolation> e : pending.entries()) {
        if (e.getValue().dueAtMs <= timestamp) {
          ripe.add(Map.entry(e.getKey(), e.getValue()));
        } else {
          stillPending = Math.min(stillPending, e.getValue().dueAtMs);
        }
      }
      ledger().candidatesDueMs = stillPending;
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
    if (ledger().seenReadsDueMs <= watermark) {
      List<String> ended = new ArrayList<>();
      long stillSeen = VehicleLedger.NOTHING_DUE;
      for (Map.Entry<String, Long> e : seenReads.entries()) {
        long end = dedupEnd(e.getValue());
        if (end <= watermark) {
          ended.add(e.getKey());
        } else {
          stillSeen = Math.min(stillSeen, end);
        }
      }
      for (String id : ended) seenReads.remove(id);
      ledger().seenReadsDueMs = stillSeen;
    }
    ledgerDecider.forgetEnded(ledger(), watermark);
    if (ledger().permitsDueMs <= watermark) {
      List<String> ended = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : permits.entries()) {
        if (usefulUntil(e.getValue()) <= watermark) ended.add(e.getKey());
      }
      for (String id : ended) permits.remove(id);
      summarisePermits();
    }
  }

  /** Recomputes the ledger's permit fields from the permits in state (one scan). */
  private void summarisePermits() throws Exception {
    long earliest = VehicleLedger.NOTHING_DUE;
    boolean any = false;
    for (byte[] bytes : permits.values()) {
      any = true;
      earliest = Math.min(earliest, usefulUntil(bytes));
    }
    ledger().permitsDueMs = earliest;
    ledger().holdsPermits = any;
  }

  private static long usefulUntil(byte[] permitBytes) {
    try {
      return PermitRetention.usefulUntil(Permit.parseFrom(permitBytes));
    } catch (InvalidProtocolBufferException ex) {
      return Long.MIN_VALUE; // unusable: ends at once
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the decisions: gather the facts, ask the deciders, emit what they say
  // ---------------------------------------------------------------------------------------------

  /** Whether everything a live decision of this read needs is in state: an exact register entry, its camera, a policy. */
  private boolean referenceKnown(ReadEvent read, ReadOnlyContext ctx) throws Exception {
    if (timeline().validAt(read.vehicleKey, read.capturedAtMs) == null) return false;
    ZoneDirectory zones = directory(ctx);
    ZoneDirectory.CameraZone camera = zones.zoneOf(read.cameraId);
    return camera.known() && zones.timeline(camera.zoneId()) != null;
  }

  private void decide(ReadEvent read, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    metrics.decisionLatency(ctx.timerService().currentProcessingTime() - read.capturedAtMs);
    ZoneDirectory zones = directory(ctx);
    ZoneDirectory.CameraZone camera = zones.zoneOf(read.cameraId);
    Instant capturedAt = Instant.ofEpochMilli(read.capturedAtMs);
    Intake intook = intake.assign(read.readId, read.cameraId, capturedAt, read.vehicleKey, read.country, read.confidence,
        read.imageSha256, camera.known() ? camera.zoneId() : null, camera.problem());
    if (intook instanceof Intake.NotDecided notDecided) {
      Decision d = notDecided.decision();
      metrics.decided(d.outcome().name());
      ctx.output(SIGHTINGS, sighting(read, "", d.outcome().name(), read.vehicleKey));
      out.collect(DecisionMapping.notDecided(d, read));
      return;
    }
    var facts = ((Intake.Accepted) intook).read();
    VehicleMatch match = match(read.vehicleKey, read.capturedAtMs);
    PolicyTimeline policies = zones.timeline(facts.zoneId());
    ZonePolicy policy = policies == null ? null : policies.inForceAt(capturedAt).orElse(null);
    String vehicleKey = match.isNone() ? read.vehicleKey : match.vehicle().vehicleKey();
    Permits held = policy == null ? Permits.none() : Permits.fromProto(permitsOf(vehicleKey), policy);
    Decision decision = decider.evaluate(facts, match, held, ledger().historyOf(vehicleKey, facts.zoneId()), policies);

    metrics.decided(decision.outcome().name());
    ctx.output(SIGHTINGS, sighting(read, facts.zoneId(), decision.outcome().name(), decision.vehicleKey()));
    out.collect(DecisionMapping.read(decision, read, match, policy));
    publish(ledgerDecider.afterRead(ledger(), decision, held), ctx);
    if (decision.outcome() == Outcome.WARNING) {
      ctx.output(VIOLATIONS, DecisionMapping.warning(decision, read, policy.currency()));
      metrics.warnings.inc();
    } else if (decision.outcome() == Outcome.CANDIDATE) {
      boolean opened = hold(decision.candidate(), ctx);
      if (opened && ledgerDecider.alreadyEmitted(ledger(), decision.candidate()).isEmpty()) {
        ctx.output(VIOLATION_LIFECYCLE, DecisionMapping.candidateOpened(decision.candidate(), read, policy.currency()));
      }
    }
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
    ledger().candidatesDueMs = Math.min(ledger().candidatesDueMs, next.dueAtMs);
    // The existing entry's timer has not fired yet (a firing removes the entry): same instant, no new one.
    if (existing == null || existing.dueAtMs != next.dueAtMs) ctx.timerService().registerEventTimeTimer(next.dueAtMs);
    return existing == null;
  }

  private void finalise(PendingViolation entry, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    Candidate candidate = entry.decoded();
    Optional<FinalDecision> emitted = ledgerDecider.alreadyEmitted(ledger(), candidate);
    if (emitted.isPresent()) {
      metrics.candidatesDropped.inc();
      out.collect(DecisionMapping.finalised(emitted.get(), entry));
      // Settles a candidate row this job opened before the history said so; a no-op on the row of
      // the violation itself (the store only moves rows out of AWAITING_GRACE).
      ctx.output(VIOLATION_LIFECYCLE, DecisionMapping.dropped(emitted.get(), entry));
      return;
    }
    PolicyTimeline policies = directory(ctx).timeline(candidate.zoneId());
    ZonePolicy policy = policies == null ? null : policies.inForceAt(candidate.capturedAt()).orElse(null);
    if (policy == null) {
      metrics.finaliseFailures.inc();
      out.collect(DecisionMapping.finaliseFailed(candidate, entry,
          "no policy version of " + candidate.zoneId() + " is in force at " + candidate.capturedAt()));
      return;
    }
    byte[] registered = timeline().validAt(candidate.vehicleKey(), candidate.capturedAt().toEpochMilli());
    VehicleFacts vehicleThen = registered == null ? null : VehicleFacts.fromRecord(VehicleRecord.parseFrom(registered));
    Permits held = Permits.fromProto(permitsOf(candidate.vehicleKey()), policy);
    FinalDecision decision = decider.finalise(candidate, vehicleThen, held,
        ledger().historyOf(candidate.vehicleKey(), candidate.zoneId()), policy);
    out.collect(DecisionMapping.finalised(decision, entry));
    publish(ledgerDecider.afterFinal(ledger(), decision), ctx);
    switch (decision.outcome()) {
      case DROP -> {
        metrics.candidatesDropped.inc();
        ctx.output(VIOLATION_LIFECYCLE, DecisionMapping.dropped(decision, entry));
      }
      case ISSUE, MANUAL_REVIEW -> {
        ctx.output(VIOLATIONS, DecisionMapping.violation(decision, entry));
        if (decision.warningOnly()) {
          metrics.warnings.inc();
        } else if (decision.isIssued()) {
          metrics.violationsIssued.inc();
        } else {
          metrics.violationsForReview.inc();
        }
      }
    }
  }

  /** The job's own new history entries: to the history output, and a clean-up timer for when they end. */
  private void publish(List<HistoryEntry> added, ReadOnlyContext ctx) throws Exception {
    if (added.isEmpty()) return;
    for (HistoryEntry e : added) ctx.output(HISTORY, WireMapping.toHistoryChange(e, ctx.timerService().currentProcessingTime()));
    registerCleanup(ctx, ledger().historyDueMs);
  }

  /** The read against the register entries valid at its capture time: exact wins, else the closest confusable one. */
  private VehicleMatch match(String readVehicleKey, long capturedAtMs) throws Exception {
    List<VehicleRecord> entries = new ArrayList<>(2);
    for (byte[] bytes : timeline().validAt(capturedAtMs).values()) {
      try {
        entries.add(VehicleRecord.parseFrom(bytes));
      } catch (InvalidProtocolBufferException e) {
        metrics.unusablePayloads.inc();
      }
    }
    PlateMatch<VehicleRecord> match = PlateMatcher.match(readVehicleKey, entries, VehicleRecord::getVehicleKey);
    return VehicleMatch.fromRegister(match);
  }

  /** The permits of one vehicle (several vehicles may share the folded key; only its own count). */
  private List<Permit> permitsOf(String vehicleKey) throws Exception {
    List<Permit> out = new ArrayList<>(2);
    if (!ledger().holdsPermits) return out; // most keys hold none: spare the scan
    for (byte[] bytes : permits.values()) {
      try {
        Permit permit = Permit.parseFrom(bytes);
        if (permit.getVehicleKey().equals(vehicleKey)) out.add(permit);
      } catch (InvalidProtocolBufferException e) {
        metrics.unusablePayloads.inc();
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
          metrics.policiesAccepted.inc();
          out.collect(DecisionMapping.control(DecisionRecord.POLICY_ACCEPTED, policy.zoneId(), policy.version(),
              "policy " + policy.label() + " (" + policy.name() + "), effective from " + policy.effectiveFrom()
                  + ", accepted by enforcement instance " + instance));
        } catch (InvalidProtocolBufferException | PolicyValidationException e) {
          metrics.policiesRejected.inc();
          String problems = e instanceof PolicyValidationException v ? String.join("; ", v.problems()) : "not a ZonePolicy message";
          LOG.error("zone policy {} rejected, the versions in force stay as they were: {}", change.id, problems);
          out.collect(DecisionMapping.policyRejected(change.id, "policy " + change.id + " rejected by enforcement instance "
              + instance + ", the versions in force stay as they were: " + problems));
        }
      }
      case CAMERA -> {
        try {
          CameraRegistration camera = CameraRegistration.parseFrom(change.payload);
          cameraState.put(camera.getCameraId(), change.payload);
          directory.putCamera(camera);
          metrics.cameraChanges.inc();
        } catch (InvalidProtocolBufferException e) {
          metrics.unusablePayloads.inc();
          LOG.warn("camera registration {} does not parse and is ignored", change.id);
        }
      }
      case CAMERA_REMOVED -> {
        cameraState.remove(change.id);
        directory.removeCamera(change.id);
        metrics.cameraChanges.inc();
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
    if (atMs == VehicleLedger.NOTHING_DUE) return;
    long rounded = atMs >= Long.MAX_VALUE - CLEANUP_GRANULARITY_MS
        ? Long.MAX_VALUE
        : Math.floorDiv(atMs + CLEANUP_GRANULARITY_MS - 1, CLEANUP_GRANULARITY_MS) * CLEANUP_GRANULARITY_MS;
    // Registered before and not fired yet: everything cleaned up ends after the watermark, so the
    // rounded instant is too, and a timer that fired would be at or before it.
    if (ledger().lastCleanupTimerMs == rounded && rounded > ctx.timerService().currentWatermark()) return;
    ctx.timerService().registerEventTimeTimer(rounded);
    ledger().lastCleanupTimerMs = rounded;
  }

  private VehicleLedger ledger() throws Exception {
    if (ledger == null) {
      ledgerLoaded = ledgerState.value();
      ledger = VehicleLedger.decode(ledgerLoaded);
    }
    return ledger;
  }

  /** Writes the ledger if it changed; a key with nothing due, no permits and no history keeps none. */
  private void storeLedger() throws Exception {
    if (ledger == null) return;
    byte[] now = ledger.isEmpty() ? null : ledger.encode();
    if (Arrays.equals(now, ledgerLoaded)) return;
    if (now == null) {
      ledgerState.clear();
    } else {
      ledgerState.update(now);
    }
  }

  private void forgetKey() {
    ledger = null;
    ledgerLoaded = null;
    timeline = null;
  }

  private RegisterTimeline timeline() throws Exception {
    if (timeline == null) timeline = RegisterTimeline.decode(register.value());
    return timeline;
  }
}
