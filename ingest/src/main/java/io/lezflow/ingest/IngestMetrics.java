package io.lezflow.ingest;

import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.schemas.v1.RejectReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The gateway's counters, in its own Prometheus registry (several gateways may share a JVM in
 * tests and the local stack).
 *
 * <p>Invariant kept with the gateway: once nothing is in flight and the outbox is empty, {@code
 * received == accepted + rejected + ignored} (plus records replayed from a previous run's outbox,
 * which count as accepted or rejected but were received by that run); a message counts as
 * accepted or rejected only once its Kafka record is acknowledged.
 * Labels are low-cardinality only: {@code kind} (read/status) and {@code reason}; never a plate.
 * The per-camera series ({@code camera} label, for "reads per camera" and "camera offline") are
 * bounded by {@link #MAX_CAMERA_SERIES}: a camera id is a public device id, and beyond the bound
 * (a misconfigured or hostile publisher inventing ids) messages count under {@code camera="other"}.
 */
public final class IngestMetrics {
  /** Several times the largest city's camera count (Brussels: ~330 registration points). */
  static final int MAX_CAMERA_SERIES = 5_000;
  static final String OTHER_CAMERA = "other";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> cameraLastSeenMs =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Counter cameraMessagesCounter;
  private final LongAdder received = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  private final Counter receivedCounter;
  private final Counter acceptedCounter;
  private final Counter rejectedCounter;
  private final Counter reconnectCounter;
  private final Counter sendFailureCounter;
  private final Histogram sendLatency;
  private final Histogram outboxSyncLatency;
  private final Counter ignoredCounter;
  private final Counter replayedCounter;
  private final Counter adoptionCounter;
  private final Counter gapCounter;
  private final Counter gapRecoveredCounter;
  private final Counter gapLostCounter;
  private final Counter resendCounter;
  private final AtomicReference<LongSupplier> gapsOpen = new AtomicReference<>(() -> 0);
  private final AtomicReference<LongSupplier> outboxRecords = new AtomicReference<>(() -> 0);
  private final AtomicReference<LongSupplier> outboxBytes = new AtomicReference<>(() -> 0);
  private final AtomicReference<LongSupplier> outboxFull = new AtomicReference<>(() -> 0);

  public IngestMetrics(LongSupplier inFlight) {
    receivedCounter =
        Counter.builder()
            .name("lez_ingest_messages_received_total")
            .help("MQTT messages received from cameras (reads and status)")
            .register(registry);
    acceptedCounter =
        Counter.builder()
            .name("lez_ingest_messages_accepted_total")
            .help("Messages accepted and acknowledged by Kafka on their topic")
            .labelNames("kind")
            .register(registry);
    rejectedCounter =
        Counter.builder()
            .name("lez_ingest_messages_rejected_total")
            .help("Messages rejected and acknowledged by Kafka on the dead-letter topic, by reason")
            .labelNames("reason")
            .register(registry);
    reconnectCounter =
        Counter.builder()
            .name("lez_ingest_mqtt_reconnects_total")
            .help("Reconnections to the MQTT broker after a lost connection")
            .register(registry);
    sendFailureCounter =
        Counter.builder()
            .name("lez_ingest_kafka_send_failures_total")
            .help("Kafka sends that failed and were retried (the MQTT ack waits)")
            .register(registry);
    sendLatency =
        Histogram.builder()
            .name("lez_ingest_kafka_send_latency_seconds")
            .help("Time from handing a record to the Kafka producer to its acknowledgement")
            .classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    outboxSyncLatency =
        Histogram.builder()
            .name("lez_ingest_outbox_sync_seconds")
            .help("Time of one group commit to the outbox: a synced write-ahead-log write of a batch of records")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
            .register(registry);
    ignoredCounter =
        Counter.builder()
            .name("lez_ingest_foreign_messages_ignored_total")
            .help("Messages of a foreign format (Frigate) that carry no plate read, acknowledged and not forwarded, by why")
            .labelNames("source", "why")
            .register(registry);
    replayedCounter =
        Counter.builder()
            .name("lez_ingest_outbox_replayed_records_total")
            .help("Records found in the outbox at start (left by a previous run) and forwarded again")
            .register(registry);
    adoptionCounter =
        Counter.builder()
            .name("lez_ingest_session_adoptions_total")
            .help("MQTT sessions of absent peer gateways this gateway adopted (consumed in their place)")
            .register(registry);
    gapCounter =
        Counter.builder()
            .name("lez_ingest_read_gaps_total")
            .help("Reads a camera sent (its sequence numbers say so) that had not arrived a few seconds later; each is re-requested from the camera")
            .register(registry);
    gapRecoveredCounter =
        Counter.builder()
            .name("lez_ingest_read_gaps_recovered_total")
            .help("Reads counted in lez_ingest_read_gaps_total that arrived afterwards (resent by the camera, or late)")
            .register(registry);
    gapLostCounter =
        Counter.builder()
            .name("lez_ingest_read_gaps_lost_total")
            .help("Reads still missing when the gateway gave up waiting for them (60 s): lost between camera and gateway")
            .register(registry);
    resendCounter =
        Counter.builder()
            .name("lez_ingest_resend_requests_total")
            .help("Re-requests published on cameras' resend topics")
            .register(registry);
    GaugeWithCallback.builder()
        .name("lez_ingest_read_gaps_open")
        .help("Reads currently missing from cameras' sequences (not arrived yet)")
        .callback(cb -> cb.call(gapsOpen.get().getAsLong()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("lez_ingest_outbox_records")
        .help("Records in the outbox: durable, acknowledged to MQTT, not yet acknowledged by Kafka")
        .callback(cb -> cb.call(outboxRecords.get().getAsLong()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("lez_ingest_outbox_bytes")
        .help("Encoded bytes of the records in the outbox")
        .callback(cb -> cb.call(outboxBytes.get().getAsLong()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("lez_ingest_outbox_full")
        .help("1 while the outbox is at its bound and the gateway stops acknowledging (back-pressure), else 0")
        .callback(cb -> cb.call(outboxFull.get().getAsLong()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("lez_ingest_in_flight_messages")
        .help("Messages received and not yet acknowledged to the broker")
        .callback(cb -> cb.call(inFlight.getAsLong()))
        .register(registry);
    cameraMessagesCounter =
        Counter.builder()
            .name("lez_ingest_camera_messages_total")
            .help("MQTT messages received per camera and kind (read/status), before validation")
            .labelNames("camera", "kind")
            .register(registry);
    GaugeWithCallback.builder()
        .name("lez_ingest_camera_last_seen_timestamp_seconds")
        .help("When this gateway last received a message (read or heartbeat) from the camera, Unix time")
        .labelNames("camera")
        .callback(cb -> cameraLastSeenMs.forEach((camera, at) -> cb.call(at.get() / 1000.0, camera)))
        .register(registry);
    // Zero series for every kind and reason, so dashboards and rate() see them from the start.
    for (OutboundRecord.Kind kind : new OutboundRecord.Kind[] {OutboundRecord.Kind.READ, OutboundRecord.Kind.STATUS}) {
      acceptedCounter.labelValues(kindLabel(kind)).inc(0);
    }
    for (RejectReason reason : RejectReason.values()) {
      if (reason != RejectReason.UNRECOGNIZED) rejectedCounter.labelValues(reasonLabel(reason)).inc(0);
    }
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void received() {
    received.increment();
    receivedCounter.inc();
  }

  /**
   * A message arrived on a camera's topic. Not on the hot path's critical section: two map
   * lookups and an atomic add per message.
   */
  public void cameraMessage(String cameraId, boolean status, long nowMs) {
    String camera = cameraId;
    if (!cameraLastSeenMs.containsKey(camera) && cameraLastSeenMs.size() >= MAX_CAMERA_SERIES) camera = OTHER_CAMERA;
    cameraLastSeenMs.computeIfAbsent(camera, c -> new java.util.concurrent.atomic.AtomicLong()).set(nowMs);
    cameraMessagesCounter.labelValues(camera, status ? "status" : "read").inc();
  }

  /** Messages of one camera and kind so far (for tests). */
  public long cameraMessages(String cameraId, String kind) {
    return (long) cameraMessagesCounter.labelValues(cameraId, kind).get();
  }

  /** The record of one inbound message was acknowledged by Kafka. */
  public void completed(OutboundRecord record) {
    if (record.isDeadLetter()) {
      rejected.increment();
      rejectedCounter.labelValues(reasonLabel(record.rejectReason())).inc();
    } else {
      accepted.increment();
      acceptedCounter.labelValues(kindLabel(record.kind())).inc();
    }
  }

  /** The outbox reports its depth, size and back-pressure state through these. */
  public void outboxGauges(LongSupplier records, LongSupplier bytes, LongSupplier full) {
    outboxRecords.set(records);
    outboxBytes.set(bytes);
    outboxFull.set(full);
  }

  public void outboxSyncNanos(long nanos) {
    outboxSyncLatency.observe(nanos / 1e9);
  }

  public void adoptedSessionsGauge(LongSupplier current) {
    GaugeWithCallback.builder()
        .name("lez_ingest_adopted_sessions")
        .help("MQTT sessions of absent peer gateways this gateway consumes right now")
        .callback(cb -> cb.call(current.getAsLong()))
        .register(registry);
  }

  public void gapsOpenGauge(LongSupplier current) {
    gapsOpen.set(current);
  }

  public void gaps(long newlyMissing, long recovered, long lost, long resendRequests) {
    if (newlyMissing > 0) gapCounter.inc(newlyMissing);
    if (recovered > 0) gapRecoveredCounter.inc(recovered);
    if (lost > 0) gapLostCounter.inc(lost);
    if (resendRequests > 0) resendCounter.inc(resendRequests);
  }

  /** Reads found missing so far (lez_ingest_read_gaps_total). */
  public long readGaps() {
    return (long) gapCounter.get();
  }

  public long readGapsRecovered() {
    return (long) gapRecoveredCounter.get();
  }

  public long readGapsLost() {
    return (long) gapLostCounter.get();
  }

  public void adopted() {
    adoptionCounter.inc();
  }

  public long adoptionCount() {
    return (long) adoptionCounter.get();
  }

  public void replayed(long records) {
    replayedCounter.inc(records);
  }

  /** A foreign-format message that is valid but carries no plate read (e.g. a Frigate person event). */
  public void ignored(String source, String why) {
    ignoredCounter.labelValues(source, why).inc();
  }

  public long ignoredCount(String source, String why) {
    return (long) ignoredCounter.labelValues(source, why).get();
  }

  public long outboxRecords() {
    return outboxRecords.get().getAsLong();
  }

  public void reconnected() {
    reconnectCounter.inc();
  }

  public void sendFailed() {
    sendFailureCounter.inc();
  }

  public void sendLatencyNanos(long nanos) {
    sendLatency.observe(nanos / 1e9);
  }

  public long receivedCount() {
    return received.sum();
  }

  public long acceptedCount() {
    return accepted.sum();
  }

  public long rejectedCount() {
    return rejected.sum();
  }

  /** Rejections of one reason, for tests and the demo. */
  public long rejectedCount(RejectReason reason) {
    return (long) rejectedCounter.labelValues(reasonLabel(reason)).get();
  }

  public long sendFailureCount() {
    return (long) sendFailureCounter.get();
  }

  public long reconnectCount() {
    return (long) reconnectCounter.get();
  }

  /** {@code REJECT_REASON_OVERSIZED} -> {@code oversized}. */
  public static String reasonLabel(RejectReason reason) {
    return reason.name().replaceFirst("^REJECT_REASON_", "").toLowerCase(Locale.ROOT);
  }

  private static String kindLabel(OutboundRecord.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
