package io.lezflow.jobs.enforce;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lezflow.jobs.kafka.WireMapping;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.rules.decision.Candidate;
import io.lezflow.rules.facts.Permits;
import io.lezflow.rules.facts.VehicleHistory;
import io.lezflow.rules.facts.VehicleMatch;
import io.lezflow.rules.ledger.HistoryEntry;
import io.lezflow.rules.ledger.KeyClock;
import io.lezflow.rules.ledger.LedgerDecider;
import io.lezflow.rules.ledger.RegisterTimeline;
import io.lezflow.rules.ledger.VehicleLedger;
import io.lezflow.rules.model.VehicleFacts;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.schemas.plates.PlateMatcher;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.VehicleHistoryEntry;
import io.lezflow.schemas.v1.VehicleRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enforcement's keyed state of the current folded plate key: loading, parsing and storing it,
 * and registering the timers {@link KeyClock} asks for. It decides nothing: what is due, what ends
 * and which timer covers it are {@link KeyClock}'s and {@link LedgerDecider}'s answers.
 *
 * <p>State per key and when it goes:
 *
 * <ul>
 *   <li>{@code registerTimeline}: the register entries folding to the key, every version with its
 *       valid-from ({@link RegisterTimeline}); superseded versions go once no decidable read needs them.
 *   <li>{@code permits}: permit id to Permit bytes; removed when revoked, or once the watermark
 *       passes {@link PermitRetention#usefulUntil}.
 *   <li>{@code heldReads}: read id to read, until the watermark passes its capture time.
 *   <li>{@code seenReads}: read id to capture time (dedup; no plate), until capture + allowed lateness.
 *   <li>{@code pending}: violation id to {@link PendingViolation}, until finalised.
 *   <li>{@code vehicleLedger}: the {@link VehicleLedger} — each vehicle's history per zone and the
 *       earliest due instant of each state above, so a timer firing scans only what is due.
 * </ul>
 *
 * <p>The ledger and the register timeline are read once per call (on first use) and the ledger is
 * written once at its end, if it changed: call {@link #store} then {@link #forget} around each call.
 */
final class KeyState {
  private static final Logger LOG = LoggerFactory.getLogger(KeyState.class);

  static final String REGISTER_STATE = "registerTimeline";
  static final String PERMITS_STATE = "permits";
  static final String HELD_READS_STATE = "heldReads";
  static final String SEEN_READS_STATE = "seenReads";
  static final String PENDING_STATE = "pending";
  static final String LEDGER_STATE = "vehicleLedger";
  static final List<String> KEYED_STATES =
      List.of(REGISTER_STATE, PERMITS_STATE, HELD_READS_STATE, SEEN_READS_STATE, PENDING_STATE, LEDGER_STATE);

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

  private final ValueState<byte[]> register;
  private final MapState<String, byte[]> permits;
  private final MapState<String, ReadEvent> heldReads;
  private final MapState<String, Long> seenReads;
  private final MapState<String, PendingViolation> pending;
  private final ValueState<byte[]> ledgerState;
  private final KeyClock clock;
  private final LedgerDecider ledgers;
  private final EnforcementMetrics metrics;

  private VehicleLedger ledger;
  private byte[] ledgerLoaded;
  private RegisterTimeline timeline;

  KeyState(RuntimeContext runtime, KeyClock clock, LedgerDecider ledgers, EnforcementMetrics metrics) {
    register = runtime.getState(registerDescriptor());
    permits = runtime.getMapState(permitsDescriptor());
    heldReads = runtime.getMapState(heldReadsDescriptor());
    seenReads = runtime.getMapState(seenReadsDescriptor());
    pending = runtime.getMapState(pendingDescriptor());
    ledgerState = runtime.getState(ledgerDescriptor());
    this.clock = clock;
    this.ledgers = ledgers;
    this.metrics = metrics;
  }

  // ---- the per-call values ----

  VehicleLedger ledger() {
    if (ledger == null) {
      ledgerLoaded = valueOf(ledgerState);
      ledger = VehicleLedger.decode(ledgerLoaded);
    }
    return ledger;
  }

  /** Writes the ledger if it changed; a key with nothing due, no permits and no history keeps none. */
  void store() throws IOException {
    if (ledger == null) return;
    byte[] now = ledger.isEmpty() ? null : ledger.encode();
    if (Arrays.equals(now, ledgerLoaded)) return;
    if (now == null) {
      ledgerState.clear();
    } else {
      ledgerState.update(now);
    }
  }

  void forget() {
    ledger = null;
    ledgerLoaded = null;
    timeline = null;
  }

  private RegisterTimeline timeline() {
    if (timeline == null) timeline = RegisterTimeline.decode(valueOf(register));
    return timeline;
  }

  private static byte[] valueOf(ValueState<byte[]> state) {
    try {
      return state.value();
    } catch (IOException e) {
      throw new UncheckedIOException("keyed state not readable", e);
    }
  }

  // ---- facts for the deciders ----

  /** Whether an exact register entry of {@code vehicleKey} is valid at {@code atMs}. */
  boolean registered(String vehicleKey, long atMs) {
    return timeline().validAt(vehicleKey, atMs) != null;
  }

  /** The read against the register entries valid at its capture time: exact wins, else the closest confusable one. */
  VehicleMatch match(String readVehicleKey, long capturedAtMs) {
    List<VehicleRecord> entries = new ArrayList<>(2);
    for (byte[] bytes : timeline().validAt(capturedAtMs).values()) {
      VehicleRecord entry = vehicleRecord(bytes);
      if (entry != null) entries.add(entry);
    }
    return VehicleMatch.fromRegister(PlateMatcher.match(readVehicleKey, entries, VehicleRecord::getVehicleKey));
  }

  /** The register facts of {@code vehicleKey} valid at {@code atMs}, or null (none, or unusable). */
  VehicleFacts vehicleAt(String vehicleKey, long atMs) {
    byte[] bytes = timeline().validAt(vehicleKey, atMs);
    VehicleRecord entry = bytes == null ? null : vehicleRecord(bytes);
    return entry == null ? null : VehicleFacts.fromRecord(entry);
  }

  /** The vehicle a read is about: the register entry it matched, else the plate as read (as the rules name it). */
  static String vehicleKeyOf(VehicleMatch match, String readVehicleKey) {
    return match.isNone() ? readVehicleKey : match.vehicle().vehicleKey();
  }

  /** The permits of one vehicle under {@code policy} (several vehicles may share the folded key; only its own count). */
  Permits permitsOf(String vehicleKey, ZonePolicy policy) throws Exception {
    if (policy == null || !ledger().holdsPermits) return Permits.none(); // most keys hold none: spare the scan
    List<Permit> own = new ArrayList<>(2);
    for (byte[] bytes : permits.values()) {
      try {
        Permit permit = Permit.parseFrom(bytes);
        if (permit.getVehicleKey().equals(vehicleKey)) own.add(permit);
      } catch (InvalidProtocolBufferException e) {
        metrics.unusablePayloads.inc();
      }
    }
    return Permits.fromProto(own, policy);
  }

  VehicleHistory history(String vehicleKey, String zoneId) {
    return ledger().historyOf(vehicleKey, zoneId);
  }

  private VehicleRecord vehicleRecord(byte[] bytes) {
    try {
      return VehicleRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      metrics.unusablePayloads.inc();
      return null;
    }
  }

  // ---- reads and candidates ----

  boolean seen(String readId) throws Exception {
    return seenReads.contains(readId);
  }

  /** Remembers an admitted read's id (dedup) until its last decidable instant. */
  void remember(ReadEvent read, TimerService timers) throws Exception {
    seenReads.put(read.readId, read.capturedAtMs);
    register(timers, clock.remembered(ledger(), read.capturedAtMs, timers.currentWatermark()));
  }

  /** Holds a read until the event time reaches its capture time. */
  void hold(ReadEvent read, TimerService timers) throws Exception {
    heldReads.put(read.readId, read);
    timers.registerEventTimeTimer(clock.held(ledger(), read.capturedAtMs));
  }

  /** Removes and returns the held reads due at {@code now}, in the order they are to be decided. */
  /** Whether any read of the key waits (for the watermark, or for its reference data). */
  boolean holdsReads() throws Exception {
    return ledger().heldReadsDueMs != VehicleLedger.NOTHING_DUE;
  }

  /** The held reads {@code release} lets go now (removed from state), earliest first. */
  List<ReadEvent> takeReleasedReads(java.util.function.Predicate<ReadEvent> release) throws Exception {
    List<ReadEvent> released = new ArrayList<>();
    for (KeyClock.Due<ReadEvent> d : clock.releasedHeldReads(ledger(), heldReads.entries(), r -> r.capturedAtMs, release)) {
      heldReads.remove(d.id());
      released.add(d.value());
    }
    return released;
  }

  List<ReadEvent> takeDueReads(long now) throws Exception {
    List<ReadEvent> due = new ArrayList<>();
    for (KeyClock.Due<ReadEvent> d : clock.dueHeldReads(ledger(), heldReads.entries(), r -> r.capturedAtMs, now)) {
      heldReads.remove(d.id());
      due.add(d.value());
    }
    return due;
  }

  /** Adds a candidate to its violation (one per vehicle, zone and day); true when it is the violation's first. */
  boolean hold(Candidate candidate, long dueAtMs, TimerService timers) throws Exception {
    PendingViolation existing = pending.get(candidate.violationId());
    PendingViolation next = existing == null ? PendingViolation.of(candidate, dueAtMs) : existing.with(candidate, dueAtMs);
    pending.put(candidate.violationId(), next);
    register(timers, clock.pending(ledger(), existing == null ? null : existing.dueAtMs, next.dueAtMs));
    return existing == null;
  }

  /** Removes and returns the candidates due at {@code now}, in the order they are to be finalised. */
  List<PendingViolation> takeDueCandidates(long now) throws Exception {
    List<PendingViolation> due = new ArrayList<>();
    for (KeyClock.Due<PendingViolation> d :
        clock.dueCandidates(ledger(), pending.entries(), p -> p.dueAtMs, PendingViolation::firstSeenMs, now)) {
      pending.remove(d.id());
      due.add(d.value());
    }
    return due;
  }

  // ---- changes of the register, permits and history ----

  /** A register entry (VEHICLE) or its removal (VEHICLE_DELETED), valid from the change's event time. */
  void registerChanged(KeyedChange change, long watermark) throws IOException {
    RegisterTimeline t = timeline();
    if (change.kind == KeyedChange.Kind.VEHICLE) {
      t.put(change.vehicleKey, change.eventTimeMs, change.payload);
    } else if (!t.remove(change.vehicleKey, change.eventTimeMs)) {
      return;
    }
    t.forgetBefore(clock.lateBefore(watermark));
    if (t.isEmpty()) {
      register.clear();
    } else {
      register.update(t.encode());
    }
  }

  /** A permit change, by permit id as on the topic: a later record of the same id (a change, or revoked) replaces it. */
  void permitChanged(KeyedChange change, TimerService timers) throws Exception {
    Permit permit;
    try {
      permit = Permit.parseFrom(change.payload);
    } catch (InvalidProtocolBufferException e) {
      metrics.unusablePayloads.inc();
      LOG.warn("permit change {} does not parse and is ignored", change);
      return;
    }
    long watermark = timers.currentWatermark();
    long usefulUntil = PermitRetention.usefulUntil(permit);
    if (KeyClock.keepsPermit(permit.getRevoked(), usefulUntil, watermark)) {
      permits.put(change.permitId, change.payload);
      register(timers, clock.permitKept(ledger(), usefulUntil, watermark));
    } else if (ledger().holdsPermits) {
      permits.remove(change.permitId);
      // Rare: lets a key whose last permit went drop its ledger.
      for (String id : clock.summarisePermits(ledger(), permits.entries(), KeyState::usefulUntil, watermark)) {
        permits.remove(id);
      }
    }
  }

  /** A history entry loaded from the history topic or file; true when it was new. */
  boolean historyLoaded(KeyedChange change, TimerService timers) throws Exception {
    HistoryEntry entry = historyEntry(change);
    if (entry == null || ledgers.load(ledger(), entry, timers.currentWatermark()).isEmpty()) return false;
    historyAdded(timers);
    return true;
  }

  /** The job's own decisions added history entries: a clean-up timer for when they end. */
  void historyAdded(TimerService timers) {
    register(timers, clock.historyChanged(ledger(), timers.currentWatermark()));
  }

  /** Forgets what has ended at {@code now}: dedup memories, history entries, permits. */
  void removeEnded(long now) throws Exception {
    for (String id : clock.endedSeenReads(ledger(), seenReads.entries(), now)) seenReads.remove(id);
    ledgers.forgetEnded(ledger(), now);
    for (String id : clock.endedPermits(ledger(), permits.entries(), KeyState::usefulUntil, now)) permits.remove(id);
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

  private static long usefulUntil(byte[] permitBytes) {
    try {
      return PermitRetention.usefulUntil(Permit.parseFrom(permitBytes));
    } catch (InvalidProtocolBufferException ex) {
      return Long.MIN_VALUE; // unusable: ends at once
    }
  }

  private static void register(TimerService timers, OptionalLong timer) {
    if (timer.isPresent()) timers.registerEventTimeTimer(timer.getAsLong());
  }
}
