package io.lezflow.jobs.enforce;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.EnforcementSettings;
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
import io.lezflow.rules.decision.ReadIntake;
import io.lezflow.rules.decision.ReadIntake.Intake;
import io.lezflow.rules.decision.ReadIntake.Timing;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.ReadFacts;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.ledger.HistoryEntry;
import io.lezflow.rules.ledger.KeyClock;
import io.lezflow.rules.ledger.LedgerDecider;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.schemas.plates.VehicleHmac;
import io.lezflow.schemas.v1.CameraRegistration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The enforcement, one OCR-folded plate key at a time: the Flink adapter only. It loads the key's
 * state ({@link KeyState}), asks the plain-Java deciders, stores what they changed, registers the
 * timers they name and emits their answers ({@link EnforcementOutputs}). Every decision is theirs:
 * {@link ReadIntake} (duplicate, late, decide now or hold until the watermark, unknown camera),
 * {@link EnforcementDecider} (every rule; no policy in force, at a read and at finalisation),
 * {@link LedgerDecider} (already emitted, candidate rows, what a decision adds to the history),
 * {@link Candidate#finaliseAt} (when a candidate is due) and {@link KeyClock} (what is due, what
 * ends, which clean-up timer covers it). docs/design.md, "The enforcement operator", lists them.
 *
 * <p><b>Inputs.</b> Keyed by the OCR-folded matching key ({@code OcrFold.keyOfVehicleKey}): reads,
 * register changes, permit changes and history entries, so that a misread (O for 0, B for 8 ...)
 * meets the register entries, permits and history of the real plate. Broadcast: zone policy
 * versions and camera registrations, changeable at runtime without a restart.
 *
 * <p><b>Outputs.</b> Main output: a {@link DecisionRecord} for every decision. {@link #SIGHTINGS}:
 * one per decided read, the vehicle only as an HMAC. {@link #VIOLATIONS}: ISSUE and MANUAL_REVIEW
 * final decisions and warnings. {@link #VIOLATION_LIFECYCLE}: candidate rows and their drops.
 * {@link #LATE_READS}: reads too far behind the watermark. {@link #HISTORY}: each fine, warning and
 * day pass used, for the history topic.
 *
 * <p><b>Time.</b> Event-time timers only, never processing-time TTL: a replay of last year's reads
 * would otherwise keep or drop state by the wall clock.
 */
public class EnforcementFunction extends KeyedBroadcastProcessFunction<String, KeyedEvent, ControlChange, DecisionRecord> {
  private static final long serialVersionUID = 1L;

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

  private final EnforcementSettings settings;

  private transient KeyState keys;
  private transient EnforcementOutputs outputs;
  private transient EnforcementDecider decider;
  private transient ReadIntake intake;
  private transient LedgerDecider ledgers;
  private transient ZoneDirectory directory;
  private transient boolean directoryLoaded;
  private transient boolean live;

  public EnforcementFunction(EnforcementSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Broadcast: {@code zone@vN} to ZonePolicy bytes, every version received. */
  public static MapStateDescriptor<String, byte[]> policiesDescriptor() {
    return new MapStateDescriptor<>("zonePolicies", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  /** Broadcast: camera id to CameraRegistration bytes. */
  public static MapStateDescriptor<String, byte[]> camerasDescriptor() {
    return new MapStateDescriptor<>("cameras", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  @Override
  public void open(OpenContext openContext) {
    live = settings.eventTimeMode() == EnforcementSettings.EventTimeMode.LIVE;
    EnforcementMetrics metrics = new EnforcementMetrics(getRuntimeContext().getMetricGroup(), live);
    decider = new EnforcementDecider();
    intake = new ReadIntake(settings.allowedLateness());
    ledgers = new LedgerDecider(settings.fineHistoryRetention());
    keys = new KeyState(getRuntimeContext(), new KeyClock(settings.allowedLateness()), ledgers, metrics);
    var task = getRuntimeContext().getTaskInfo();
    outputs = new EnforcementOutputs(metrics, new VehicleHmac(settings.sightingsHmacSecret()),
        (task.getIndexOfThisSubtask() + 1) + " of " + task.getNumberOfParallelSubtasks());
    directory = new ZoneDirectory();
    directoryLoaded = false;
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
        onChange(event.change, ctx.timerService());
        if (live && event.change.kind == KeyedChange.Kind.VEHICLE) decideReleased(ctx, out);
      }
      keys.store();
    } finally {
      keys.forget();
    }
  }

  private void onRead(ReadEvent read, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    Instant capturedAt = Instant.ofEpochMilli(read.capturedAtMs);
    Instant eventTime = eventTime(ctx.timerService());
    Optional<Decision> notAdmitted =
        intake.admit(read.readId, read.vehicleKey, capturedAt, eventTime, keys.seen(read.readId));
    if (notAdmitted.isPresent()) {
      outputs.notAdmitted(notAdmitted.get(), read, ctx, out);
      return;
    }
    keys.remember(read, ctx.timerService());
    Timing timing = intake.timing(capturedAt, eventTime, live, () -> reference(read, ctx));
    if (timing instanceof Timing.HoldUntil) {
      keys.hold(read, ctx.timerService());
      // Live: also look again shortly, in case what it waits for is a camera or a policy (broadcast, not keyed).
      if (live) ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + LIVE_RECHECK_MS);
    } else {
      decide(read, ctx, out);
    }
  }

  /**
   * Live, a read held because its register entry was not in state yet (a read that overtook the
   * register at start, or a new registration) is decided as soon as the entry arrives — waiting
   * for the watermark would leave it undecided until newer traffic pushes event time past it.
   */
  /**
   * Live, how often a held read is looked at again (wall clock): a read that overtook its camera's
   * registration or its zone's policy is decided within this of their arrival, not when the
   * watermark reaches it — at the end of traffic it never would.
   */
  static final long LIVE_RECHECK_MS = 2_000;

  private void decideReleased(ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    Instant eventTime = eventTime(ctx.timerService());
    List<ReadEvent> released = keys.takeReleasedReads(read -> intake.timing(Instant.ofEpochMilli(read.capturedAtMs), eventTime, true,
        () -> reference(read, ctx)) instanceof Timing.DecideNow);
    for (ReadEvent read : released) decide(read, ctx, out);
  }

  /** What a live decision of the read needs and the state holds: its exact register entry, its camera's zone, that zone's policy. */
  private ReadIntake.Reference reference(ReadEvent read, ReadOnlyContext ctx) {
    ZoneDirectory.CameraZone camera = directory(ctx).zoneOf(read.cameraId);
    return new ReadIntake.Reference(keys.registered(read.vehicleKey, read.capturedAtMs), camera.known(),
        camera.known() && directory.timeline(camera.zoneId()) != null);
  }

  private void onChange(KeyedChange change, TimerService timers) throws Exception {
    switch (change.kind) {
      case VEHICLE, VEHICLE_DELETED -> keys.registerChanged(change, timers.currentWatermark());
      case PERMIT -> keys.permitChanged(change, timers);
      case HISTORY -> {
        if (keys.historyLoaded(change, timers)) outputs.historyLoaded();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // timers: decide held reads, finalise candidates, clean up
  // ---------------------------------------------------------------------------------------------

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DecisionRecord> out) throws Exception {
    try {
      if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
        // Live only: the held reads whose register entry, camera and policy have all arrived meanwhile.
        decideReleased(ctx, out);
        if (keys.holdsReads()) ctx.timerService().registerProcessingTimeTimer(timestamp + LIVE_RECHECK_MS);
        keys.store();
        return;
      }
      for (ReadEvent read : keys.takeDueReads(timestamp)) decide(read, ctx, out);
      // After the held reads: a read decided just now may have opened a candidate that is due already.
      for (PendingViolation entry : keys.takeDueCandidates(timestamp)) finalise(entry, ctx, out);
      keys.removeEnded(timestamp);
      keys.store();
    } finally {
      keys.forget();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the decisions: gather the facts, ask the deciders, emit what they say
  // ---------------------------------------------------------------------------------------------

  private void decide(ReadEvent read, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    outputs.deciding(read, ctx);
    ZoneDirectory.CameraZone camera = directory(ctx).zoneOf(read.cameraId);
    Instant capturedAt = Instant.ofEpochMilli(read.capturedAtMs);
    Intake intook = intake.assign(read.readId, read.cameraId, capturedAt, read.vehicleKey, read.country, read.confidence,
        read.imageSha256, camera.zoneId(), camera.problem());
    if (intook instanceof Intake.NotDecided notDecided) {
      outputs.notDecided(notDecided.decision(), read, ctx, out);
      return;
    }
    ReadFacts facts = ((Intake.Accepted) intook).read();
    VehicleMatch match = keys.match(read.vehicleKey, read.capturedAtMs);
    ZonePolicy policy = directory.policyAt(facts.zoneId(), capturedAt);
    String vehicleKey = KeyState.vehicleKeyOf(match, read.vehicleKey);
    Permits held = keys.permitsOf(vehicleKey, policy);
    Decision decision = decider.evaluate(facts, match, held, keys.history(vehicleKey, facts.zoneId()),
        directory.timeline(facts.zoneId()));
    outputs.read(decision, read, match, policy, ctx, out);
    publish(ledgers.afterRead(keys.ledger(), decision, held), ctx);
    if (decision.isCandidate()) {
      Candidate candidate = decision.candidate();
      long dueAt = candidate.finaliseAt(settings.permitArrivalMargin()).toEpochMilli();
      boolean first = keys.hold(candidate, dueAt, ctx.timerService());
      if (ledgers.opensCandidateRow(keys.ledger(), candidate, first)) outputs.candidateOpened(candidate, read, policy, ctx);
    }
  }

  private void finalise(PendingViolation entry, ReadOnlyContext ctx, Collector<DecisionRecord> out) throws Exception {
    Candidate c = entry.decoded();
    Optional<FinalDecision> emitted = ledgers.alreadyEmitted(keys.ledger(), c);
    FinalDecision decision = emitted.isPresent()
        ? emitted.get()
        : decider.finalise(c, keys.vehicleAt(c.vehicleKey(), c.capturedAt().toEpochMilli()),
            keys.permitsOf(c.vehicleKey(), directory(ctx).policyAt(c.zoneId(), c.capturedAt())),
            keys.history(c.vehicleKey(), c.zoneId()), directory.timeline(c.zoneId()));
    outputs.finalised(decision, entry, ctx, out);
    publish(ledgers.afterFinal(keys.ledger(), decision), ctx);
  }

  /** The job's own new history entries: to the history output, and a clean-up timer for when they end. */
  private void publish(List<HistoryEntry> added, ReadOnlyContext ctx) {
    if (added.isEmpty()) return;
    outputs.history(added, ctx);
    keys.historyAdded(ctx.timerService());
  }

  private static Instant eventTime(TimerService timers) {
    long watermark = timers.currentWatermark();
    return watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark);
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
          outputs.policyAccepted(policy, out);
        } catch (InvalidProtocolBufferException | PolicyValidationException e) {
          outputs.policyRejected(change.id, e instanceof PolicyValidationException v ? v.problems() : List.of(), out);
        }
      }
      case CAMERA -> {
        try {
          CameraRegistration camera = CameraRegistration.parseFrom(change.payload);
          cameraState.put(camera.getCameraId(), change.payload);
          directory.putCamera(camera);
          outputs.cameraChanged();
        } catch (InvalidProtocolBufferException e) {
          outputs.unusableCamera(change.id);
        }
      }
      case CAMERA_REMOVED -> {
        cameraState.remove(change.id);
        directory.removeCamera(change.id);
        outputs.cameraChanged();
      }
    }
  }

  private ZoneDirectory directory(ReadOnlyContext ctx) {
    if (!directoryLoaded) {
      try {
        directory.load(ctx.getBroadcastState(policiesDescriptor()).immutableEntries(),
            ctx.getBroadcastState(camerasDescriptor()).immutableEntries());
      } catch (Exception e) {
        throw new IllegalStateException("broadcast state not readable", e);
      }
      directoryLoaded = true;
    }
    return directory;
  }
}
