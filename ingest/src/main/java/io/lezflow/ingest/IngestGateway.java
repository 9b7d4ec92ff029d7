package io.lezflow.ingest;

import io.lezflow.ingest.routing.DeadLetters;
import io.lezflow.ingest.routing.InboundRouter;
import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.ingest.validation.CameraStatusValidator;
import io.lezflow.ingest.validation.PlateReadValidator;
import io.lezflow.ingest.validation.ValidationLimits;
import io.lezflow.schemas.NoDelaySocketFactory;
import io.lezflow.schemas.v1.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT to Kafka gateway: consumes camera reads and heartbeats from the ingest shared
 * subscription, validates them, and forwards each as exactly one Kafka record (accepted reads,
 * camera statuses, or dead letters).
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A message is acknowledged to the broker only after its record is safe (today: Kafka
 *       acknowledged it), in arrival order, and only on the connection that delivered it. A crash
 *       at any point therefore loses nothing: the persistent session makes the broker redeliver,
 *       and duplicates are removed downstream by read_id.
 *   <li>No input crashes it: every message, however malformed, ends on a Kafka topic; the MQTT
 *       callback never throws.
 *   <li>At most {@code maxInFlight} messages are between arrival and acknowledgement: the broker
 *       is told so (MQTT receive maximum) and stops sending; the gateway never buffers beyond it.
 * </ul>
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
  private static final int QOS = 1;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final IngestConfig config;
  private final Clock clock;
  private final InboundRouter router;
  private final IngestMetrics metrics;
  private final AckSequencer acks;
  private final Semaphore window;
  private final String[] filters;

  private volatile MqttAsyncClient client;
  private volatile SafeHandoff handoff;
  private volatile boolean consuming;
  private volatile boolean closed;
  private volatile Duration drainTimeout = Duration.ofSeconds(10);

  /** Creates the place records go before their MQTT acknowledgement (Kafka today, an outbox later). */
  interface HandoffFactory {
    SafeHandoff create(IngestConfig config, IngestMetrics metrics);
  }

  private final HandoffFactory handoffFactory;

  public IngestGateway(IngestConfig config, Clock clock) {
    this(config, clock, (c, m) -> KafkaHandoff.create(c.kafkaBootstrap(), c.gatewayId(), m));
  }

  IngestGateway(IngestConfig config, Clock clock, HandoffFactory handoffFactory) {
    this.handoffFactory = Objects.requireNonNull(handoffFactory, "handoffFactory");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    ValidationLimits limits = config.validationLimits();
    this.router =
        new InboundRouter(
            config.topics(),
            new PlateReadValidator(limits, clock),
            new CameraStatusValidator(limits),
            config.gatewayId());
    this.acks = new AckSequencer(this::acknowledge);
    this.metrics = new IngestMetrics(acks::pending);
    this.window = new Semaphore(config.maxInFlight());
    this.filters = new String[] {config.topics().sharedReads(), config.topics().sharedStatus()};
  }

  /**
   * Connects to Kafka and the broker and starts consuming. Returns once subscribed.
   *
   * @throws IllegalStateException if the broker cannot be reached within 30 s or refuses the
   *     subscription
   */
  public synchronized void start() {
    if (client != null) throw new IllegalStateException("gateway already started");
    if (closed) throw new IllegalStateException("gateway closed");
    handoff = handoffFactory.create(config, metrics);
    try {
      client = new MqttAsyncClient(config.mqttUrl(), config.gatewayId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException("cannot create an MQTT client for " + config.mqttUrl() + ": " + e, e);
    }
    client.setManualAcks(true);
    client.setCallback(new Callback());
    consuming = true; // a resumed session may deliver right after CONNACK
    connectWithRetry(connectionOptions());
    subscribe();
    LOG.info("ingest gateway {} consuming {} from {}, forwarding to Kafka {}",
        config.gatewayId(), Arrays.toString(filters), config.mqttUrl(), config.kafkaBootstrap());
  }

  private MqttConnectionOptions connectionOptions() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    // Expiry 0 would drop the session (and its unacknowledged reads) at disconnect.
    options.setSessionExpiryInterval(IngestConfig.SESSION_EXPIRY.toSeconds());
    options.setReceiveMaximum(config.maxInFlight());
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 10);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    if (config.mqttUrl().startsWith("tcp://")) {
      options.setSocketFactory(new NoDelaySocketFactory());
    }
    return options;
  }

  private void connectWithRetry(MqttConnectionOptions options) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try {
        client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(15));
        return;
      } catch (MqttException e) {
        if (System.nanoTime() > deadline || closed) {
          throw new IllegalStateException(
              "cannot connect to the MQTT broker at " + config.mqttUrl() + " within " + START_TIMEOUT + ": " + e, e);
        }
        LOG.warn("connecting to {} failed ({}), retrying", config.mqttUrl(), e.toString());
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  private void subscribe() {
    try {
      IMqttToken token = client.subscribe(filters, new int[] {QOS, QOS});
      token.waitForCompletion(TimeUnit.SECONDS.toMillis(15));
      int[] codes = token.getReasonCodes();
      for (int i = 0; codes != null && i < codes.length; i++) {
        if (codes[i] >= 0x80) {
          throw new IllegalStateException(String.format(
              "broker refused the subscription %s (reason code 0x%02X): check shared-subscription support and ACLs",
              i < filters.length ? filters[i] : "?", codes[i]));
        }
      }
    } catch (MqttException e) {
      throw new IllegalStateException("subscribing to " + Arrays.toString(filters) + " failed: " + e, e);
    }
  }

  /** Called in arrival order on Paho's callback thread; must never throw nor block for long. */
  private void onMessage(String topic, MqttMessage message) {
    if (!consuming) return; // not acknowledged: the broker redelivers it to this session
    // Only blocks if a broker ignores the receive maximum, or right after a reconnect while the
    // previous connection's messages are still finishing: back-pressure, never a drop.
    while (!window.tryAcquire()) {
      try {
        if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!consuming) return;
    }
    metrics.received();
    AckSequencer.Ticket ticket = acks.register(message.getId(), message.getQos());
    byte[] payload = message.getPayload();
    long receivedAt = clock.millis();
    OutboundRecord record;
    try {
      record = router.route(topic, payload, receivedAt);
    } catch (Throwable t) { // the router promises not to throw; if it ever does, keep the message
      record = DeadLetters.of(RejectReason.REJECT_REASON_UNSPECIFIED, "internal error: " + t, topic,
          payload, receivedAt, config.topics().cameraIdOf(topic).orElse(null), config.gatewayId());
    }
    OutboundRecord routed = record;
    handoff.handOff(routed, () -> {
      metrics.completed(routed);
      window.release(acks.markSafe(ticket));
    });
  }

  private void acknowledge(int messageId, int qos) {
    MqttAsyncClient c = client;
    try {
      c.messageArrivedComplete(messageId, qos);
    } catch (MqttException | RuntimeException e) {
      // Not acknowledged: the broker redelivers on reconnect; the duplicate is removed downstream.
      LOG.debug("acknowledging message {} failed: {}", messageId, e.toString());
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        onMessage(topic, message);
      } catch (Throwable t) {
        // Throwing here would make Paho drop the connection and loop on redelivery.
        LOG.error("unexpected failure handling an MQTT message; it stays unacknowledged", t);
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      acks.connectionLost();
      if (!closed) {
        LOG.warn("lost the MQTT connection to {} ({}); reconnecting", config.mqttUrl(), response);
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT error: {}", exception.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (!reconnect) return;
      metrics.reconnected();
      LOG.info("reconnected to {}; renewing subscriptions", serverUri);
      // The session normally kept them, but a broker that lost its state did not. Asynchronous:
      // waiting here would block Paho's callback thread.
      try {
        client.subscribe(filters, new int[] {QOS, QOS}, null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {}

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            LOG.error("renewing subscriptions {} failed: {}", Arrays.toString(filters), String.valueOf(e));
          }
        });
      } catch (MqttException | RuntimeException e) {
        LOG.error("renewing subscriptions {} failed: {}", Arrays.toString(filters), e.toString());
      }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  /**
   * Stops consuming, lets in-flight messages become safe and acknowledges them (bounded wait),
   * disconnects keeping the session, and closes the producer. Messages not yet safe stay
   * unacknowledged and are redelivered to this gateway id's session.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    consuming = false;
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (acks.pending() > 0 && System.nanoTime() < deadline && handoff != null) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    if (acks.pending() > 0) {
      LOG.warn("closing with {} messages not yet safe; the broker will redeliver them", acks.pending());
    }
    MqttAsyncClient c = client;
    if (c != null) {
      try {
        if (c.isConnected()) {
          c.disconnect(2_000).waitForCompletion(5_000); // the quiesce time flushes the last PUBACKs
        }
      } catch (MqttException | RuntimeException e) {
        LOG.debug("MQTT disconnect: {}", e.toString());
      }
      try {
        c.close(true);
      } catch (MqttException | RuntimeException e) {
        LOG.debug("MQTT close: {}", e.toString());
      }
    }
    SafeHandoff h = handoff;
    if (h != null) h.close(Duration.ofSeconds(5));
    LOG.info("ingest gateway {} closed: received={} accepted={} rejected={}",
        config.gatewayId(), received(), accepted(), rejected());
  }

  /** How long {@link #close()} waits for in-flight messages to become safe (tests shorten it). */
  void drainTimeout(Duration timeout) {
    this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
  }

  public IngestConfig config() {
    return config;
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  /** Messages received (and handed to validation). */
  public long received() {
    return metrics.receivedCount();
  }

  /** Reads and statuses Kafka acknowledged on their topic. */
  public long accepted() {
    return metrics.acceptedCount();
  }

  /** Messages Kafka acknowledged on the dead-letter topic. */
  public long rejected() {
    return metrics.rejectedCount();
  }

  /** Messages received and not yet acknowledged to the broker. */
  public long inFlight() {
    return acks.pending();
  }
}
