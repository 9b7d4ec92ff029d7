package io.lezflow.ingest;

import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.schemas.v1.RejectReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The gateway's counters, in its own Prometheus registry (several gateways may share a JVM in
 * tests and the local stack).
 *
 * <p>Invariant kept with the gateway: once nothing is in flight, {@code received == accepted +
 * rejected}; a message counts as accepted or rejected only once its Kafka record is acknowledged.
 * Labels are low-cardinality only: {@code kind} (read/status) and {@code reason}; never a plate
 * or a camera id.
 */
public final class IngestMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final LongAdder received = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  private final Counter receivedCounter;
  private final Counter acceptedCounter;
  private final Counter rejectedCounter;
  private final Counter reconnectCounter;
  private final Counter sendFailureCounter;
  private final Histogram sendLatency;

  IngestMetrics(LongSupplier inFlight) {
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
    GaugeWithCallback.builder()
        .name("lez_ingest_in_flight_messages")
        .help("Messages received and not yet acknowledged to the broker")
        .callback(cb -> cb.call(inFlight.getAsLong()))
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

  void received() {
    received.increment();
    receivedCounter.inc();
  }

  /** The record of one inbound message was acknowledged by Kafka. */
  void completed(OutboundRecord record) {
    if (record.isDeadLetter()) {
      rejected.increment();
      rejectedCounter.labelValues(reasonLabel(record.rejectReason())).inc();
    } else {
      accepted.increment();
      acceptedCounter.labelValues(kindLabel(record.kind())).inc();
    }
  }

  void reconnected() {
    reconnectCounter.inc();
  }

  void sendFailed() {
    sendFailureCounter.inc();
  }

  void sendLatencyNanos(long nanos) {
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
  static String reasonLabel(RejectReason reason) {
    return reason.name().replaceFirst("^REJECT_REASON_", "").toLowerCase(Locale.ROOT);
  }

  private static String kindLabel(OutboundRecord.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
