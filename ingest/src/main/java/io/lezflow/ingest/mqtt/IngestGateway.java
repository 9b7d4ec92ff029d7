package io.lezflow.ingest.mqtt;

import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.IngestMetrics;
import io.lezflow.ingest.handoff.KafkaReachability;
import io.lezflow.ingest.handoff.OutboxHandoff;
import io.lezflow.ingest.handoff.SafeHandoff;

import io.lezflow.ingest.gaps.SequenceGaps;
import io.lezflow.ingest.routing.DeadLetters;
import io.lezflow.ingest.routing.FrigateRouter;
import io.lezflow.ingest.routing.InboundRouter;
import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.ingest.validation.CameraStatusValidator;
import io.lezflow.ingest.validation.PlateReadValidator;
import io.lezflow.ingest.validation.ValidationLimits;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.NoDelaySocketFactory;
import io.lezflow.schemas.ResendRequests;
import io.lezflow.schemas.v1.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * The MQTT to Kafka gateway: consumes camera reads and heartbeats (and, when configured, Frigate
 * NVR plate events) from the ingest shared subscription, validates them, and forwards each as
 * exactly one Kafka record (accepted reads, camera statuses, or dead letters) through a durable
 * RocksDB outbox.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A message is acknowledged to the broker only after its record is safe (in the outbox,
 *       write-ahead log fsynced), in arrival order, and only on the connection that delivered it.
 *       A crash at any point therefore loses nothing: before the fsync the persistent session
 *       makes the broker redeliver, after it the outbox forwards on the next start. Duplicates
 *       are removed downstream by read_id.
 *   <li>No input crashes it: every message, however malformed, ends on a Kafka topic (or, for a
 *       Frigate message that carries no plate, is counted as ignored); the MQTT callback never
 *       throws.
 *   <li>At most {@code maxInFlight} messages per connection are between arrival and
 *       acknowledgement: the broker is told so (MQTT receive maximum) and stops sending. When the
 *       outbox is full, acknowledgements stop, so the broker stops: back-pressure, never a drop.
 * </ul>
 *
 * <p><b>Several instances and session adoption.</b> MQTT 5 shared subscriptions let N gateways
 * share the cameras' load, but a broker such as Mosquitto 2.0 keeps giving a member its share
 * while the member is disconnected (its persistent session queues them) and never moves them to
 * another member while the session lives. So each gateway publishes a retained presence ({@code
 * <root>/ingest/<id>/presence}: {@code online}, and {@code offline} as its MQTT will and on a clean
 * stop); a gateway that sees a configured peer go offline connects with that peer's client id and
 * consumes the peer's session (queued and unacknowledged messages, and the peer's share of new
 * ones) through its own outbox. When the peer comes back it connects with its id, the broker hands
 * the session back to it (session take-over) and the adopter lets go. Records the peer had made
 * durable in its own outbox are forwarded by the peer itself when it restarts (its outbox is its
 * disk).
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
  private static final int QOS = 1;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int REASON_SESSION_TAKEN_OVER = 0x8E;
  private static final Duration STUCK_RECONNECT = Duration.ofSeconds(30);
  static final String ONLINE = "online";
  static final String OFFLINE = "offline";

  /** Creates the place records go before their MQTT acknowledgement (the outbox in production). */
  interface HandoffFactory {
    SafeHandoff create(IngestConfig config, IngestMetrics metrics);
  }

  /**
   * What the probes report.
   *
   * @param live the gateway's threads run (restart the process when false)
   * @param ready connected to the broker, Kafka reachable, outbox below its bound (send traffic)
   */
  public record Health(boolean live, boolean ready, boolean mqttConnected, boolean kafkaReachable,
      boolean outboxBelowBound, long outboxRecords) {
    public String describe() {
      return "live=" + live + " ready=" + ready + " mqttConnected=" + mqttConnected + " kafkaReachable=" + kafkaReachable
          + " outboxBelowBound=" + outboxBelowBound + " outboxRecords=" + outboxRecords;
    }
  }

  private final IngestConfig config;
  private final Clock clock;
  private final InboundRouter router;
  private final FrigateRouter frigateRouter;
  private final IngestMetrics metrics;
  private final HandoffFactory handoffFactory;
  private final boolean probeKafka;
  private final String[] filters;
  private final String presenceFilter;
  private final Map<String, SessionConsumer> adopted = new ConcurrentHashMap<>();
  private final Map<String, String> peerPresence = new ConcurrentHashMap<>();
  /** Per-camera sequence gaps; null in a group of gateways. Guarded by itself. */
  private final SequenceGaps gaps;
  private long gapsRecoveredReported;

  private volatile SessionConsumer own;
  private volatile SafeHandoff handoff;
  private volatile KafkaReachability kafka;
  private volatile ScheduledExecutorService adoption;
  private volatile boolean closed;
  private volatile Duration drainTimeout = Duration.ofSeconds(10);

  public IngestGateway(IngestConfig config, Clock clock) {
    this(config, clock, OutboxHandoff::open, true);
  }

  IngestGateway(IngestConfig config, Clock clock, HandoffFactory handoffFactory) {
    this(config, clock, handoffFactory, false);
  }

  private IngestGateway(IngestConfig config, Clock clock, HandoffFactory handoffFactory, boolean probeKafka) {
    this.handoffFactory = Objects.requireNonNull(handoffFactory, "handoffFactory");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.probeKafka = probeKafka;
    ValidationLimits limits = config.validationLimits();
    PlateReadValidator readValidator = new PlateReadValidator(limits, clock);
    // Alone, the gateway sees every read of every camera and can tell what is missing; in a group
    // each member sees only its share, so a gap would be another member's read.
    this.gaps = config.peers().isEmpty() ? SequenceGaps.defaults() : null;
    this.router = new InboundRouter(config.topics(), readValidator, new CameraStatusValidator(limits), config.gatewayId(),
        gaps == null ? InboundRouter.ReadObserver.NONE : this::readArrived);
    this.frigateRouter = new FrigateRouter(config.frigate(), readValidator, config.maxPayloadBytes(), config.gatewayId());
    this.metrics = new IngestMetrics(this::inFlight);
    metrics.adoptedSessionsGauge(adopted::size);
    if (gaps != null) {
      metrics.gapsOpenGauge(() -> {
        synchronized (gaps) {
          return gaps.missingNow();
        }
      });
    }
    List<String> subscriptions = new ArrayList<>(List.of(config.topics().sharedReads(), config.topics().sharedStatus()));
    if (config.frigate().enabled()) {
      subscriptions.add(shared(config.frigate().eventsTopic()));
      subscriptions.add(shared(config.frigate().trackedObjectUpdateTopic()));
    }
    this.filters = subscriptions.toArray(String[]::new);
    this.presenceFilter = config.topics().root() + "/ingest/+/presence";
  }

  private static String shared(String topic) {
    return "$share/" + io.lezflow.schemas.MqttTopics.INGEST_SHARE_GROUP + "/" + topic;
  }

  /** Where a gateway says whether it is online (retained). */
  public static String presenceTopic(io.lezflow.schemas.MqttTopics topics, String gatewayId) {
    return topics.root() + "/ingest/" + gatewayId + "/presence";
  }

  /**
   * Opens the outbox (and starts forwarding what a previous run left in it), connects to the
   * broker and starts consuming. Returns once subscribed.
   *
   * @throws IllegalStateException if the broker cannot be reached within 30 s or refuses the
   *     subscription, or the outbox cannot be opened
   */
  public synchronized void start() {
    if (own != null) throw new IllegalStateException("gateway already started");
    if (closed) throw new IllegalStateException("gateway closed");
    handoff = handoffFactory.create(config, metrics);
    if (probeKafka) kafka = new KafkaReachability(config.kafkaBootstrap(), config.gatewayId());
    adoption = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, config.gatewayId() + "-session-adoption");
      t.setDaemon(true);
      return t;
    });
    SessionConsumer consumer = new SessionConsumer(config.gatewayId(), true);
    own = consumer;
    try {
      consumer.connect();
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    adoption.scheduleWithFixedDelay(this::reconnectWatchdog, 5, 5, TimeUnit.SECONDS);
    if (gaps != null) adoption.scheduleWithFixedDelay(this::sweepGaps, 1, 1, TimeUnit.SECONDS);
    LOG.info("ingest gateway {} consuming {} from {}, outbox {}, forwarding to Kafka {}{}",
        config.gatewayId(), Arrays.toString(filters), config.mqttUrl(), config.outboxDir(), config.kafkaBootstrap(),
        config.peers().isEmpty() ? "" : ", adopting the sessions of peers " + config.peers() + " while they are away");
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      LOG.debug("closing after a failed start: {}", e.toString());
    }
  }

  /** Called in arrival order on Paho's callback thread of one connection; must never throw nor block for long. */
  private void onMessage(SessionConsumer consumer, String topic, MqttMessage message) {
    if (!consumer.consuming) return; // not acknowledged: the broker redelivers it to this session
    // Only blocks if a broker ignores the receive maximum, or right after a reconnect while the
    // previous connection's messages are still finishing: back-pressure, never a drop.
    while (!consumer.window.tryAcquire()) {
      try {
        if (consumer.window.tryAcquire(100, TimeUnit.MILLISECONDS)) break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!consumer.consuming) return;
    }
    AckSequencer.Ticket ticket = consumer.acks.register(message.getId(), message.getQos());
    Runnable whenSafe = () -> consumer.window.release(consumer.acks.markSafe(ticket));
    if (consumer.own && topic.startsWith(config.topics().root() + "/ingest/") && topic.endsWith("/presence")) {
      whenSafe.run(); // not a camera message: nothing to keep
      onPresence(topic, message.getPayload());
      return;
    }
    metrics.received();
    byte[] payload = message.getPayload();
    long receivedAt = clock.millis();
    config.topics().cameraIdOf(topic).filter(CameraIds::isValid)
        .ifPresent(camera -> metrics.cameraMessage(camera, topic.endsWith("/status"), receivedAt));
    OutboundRecord record;
    try {
      if (frigateRouter.handles(topic)) {
        FrigateRouter.Outcome outcome = frigateRouter.route(topic, payload, receivedAt);
        if (outcome instanceof FrigateRouter.Ignore ignore) {
          metrics.ignored("frigate", ignore.why());
          whenSafe.run();
          return;
        }
        record = ((FrigateRouter.Forward) outcome).record();
      } else {
        record = router.route(topic, payload, receivedAt);
      }
    } catch (Throwable t) { // the routers promise not to throw; if one ever does, keep the message
      record = DeadLetters.of(RejectReason.REJECT_REASON_INTERNAL_ERROR, "internal error: " + t, topic,
          payload, receivedAt, config.topics().cameraIdOf(topic).orElse(null), config.gatewayId());
    }
    handoff.handOff(record, whenSafe);
  }

  /**
   * Paho 1.2.5's automatic reconnect sometimes never completes after a broker restart (seen with a
   * tenth of 330 clients in the fault tests: connect tokens that never finish). If the own
   * connection stays down longer than its reconnect backoff could explain, the client object is
   * replaced by a fresh one with the same id: the session, with everything unacknowledged, is on
   * the broker.
   */
  private void reconnectWatchdog() {
    SessionConsumer consumer = own;
    if (consumer == null || closed) return;
    if (consumer.connected()) {
      consumer.downSinceNanos = 0;
      return;
    }
    long now = System.nanoTime();
    if (consumer.downSinceNanos == 0) {
      consumer.downSinceNanos = now;
    } else if (now - consumer.downSinceNanos > STUCK_RECONNECT.toNanos()) {
      LOG.warn("still not reconnected to {} after {} s: replacing the MQTT client", config.mqttUrl(), STUCK_RECONNECT.toSeconds());
      consumer.downSinceNanos = now;
      consumer.replaceClient();
    }
  }

  // ---------------------------------------------------------------- sequence gaps

  private void readArrived(String cameraId, long sequence) {
    long now = clock.millis();
    synchronized (gaps) {
      gaps.arrived(cameraId, sequence, now);
    }
  }

  /**
   * Once a second: counts reads that have not arrived a few seconds after a later one of the same
   * camera, asks each camera for its missing reads on its resend topic (the camera publishes them
   * again from its buffer of recent reads; duplicates are removed downstream by read id), and
   * counts what is still missing after the give-up delay as lost.
   */
  private void sweepGaps() {
    try {
      SequenceGaps.Sweep sweep;
      long recovered;
      synchronized (gaps) {
        sweep = gaps.sweep(clock.millis());
        recovered = gaps.recovered();
      }
      Map<String, List<long[]>> byCamera = new java.util.LinkedHashMap<>();
      for (SequenceGaps.Range r : sweep.due()) {
        byCamera.computeIfAbsent(r.cameraId(), c -> new ArrayList<>()).add(new long[] {r.first(), r.last()});
      }
      long requests = 0;
      SessionConsumer consumer = own;
      if (consumer != null && consumer.connected()) {
        for (Map.Entry<String, List<long[]>> e : byCamera.entrySet()) {
          MqttMessage request = new MqttMessage(ResendRequests.encode(e.getValue()));
          request.setQos(QOS);
          try {
            consumer.client.publish(config.topics().resend(e.getKey()), request);
            requests++;
          } catch (MqttException | RuntimeException ex) {
            LOG.debug("re-requesting reads of {} failed: {}", e.getKey(), ex.toString());
          }
        }
      }
      metrics.gaps(sweep.newlyMissing(), recovered - gapsRecoveredReported, sweep.lost(), requests);
      gapsRecoveredReported = recovered;
      if (sweep.lost() > 0) {
        LOG.warn("{} reads never arrived from their cameras within 60 s, even after a re-request (lez_ingest_read_gaps_lost_total)",
            sweep.lost());
      }
    } catch (RuntimeException e) {
      LOG.error("sweeping sequence gaps failed; trying again in 1 s", e);
    }
  }

  // ---------------------------------------------------------------- presence and session adoption

  private void onPresence(String topic, byte[] payload) {
    String prefix = config.topics().root() + "/ingest/";
    String peer = topic.substring(prefix.length(), topic.length() - "/presence".length());
    if (!config.peers().contains(peer)) return; // ourselves, or a gateway of another group
    String state = new String(payload, StandardCharsets.UTF_8).trim();
    peerPresence.put(peer, state);
    ScheduledExecutorService executor = adoption;
    if (executor == null || closed) return;
    try {
      if (OFFLINE.equals(state)) {
        executor.execute(() -> adopt(peer));
      } else if (ONLINE.equals(state)) {
        executor.execute(() -> release(peer));
      }
    } catch (RuntimeException rejectedWhileClosing) {
      // closing
    }
  }

  /** Runs on the adoption thread: connects with the peer's client id and consumes its session. */
  private void adopt(String peer) {
    if (closed || adopted.containsKey(peer)) return;
    if (!OFFLINE.equals(peerPresence.get(peer))) {
      LOG.info("gateway {} is {}: {} leaves its session to it", peer, peerPresence.get(peer), config.gatewayId());
      return;
    }
    SessionConsumer consumer = new SessionConsumer(peer, false);
    adopted.put(peer, consumer);
    try {
      consumer.connect();
      metrics.adopted();
      LOG.warn("gateway {} is offline: {} adopted its MQTT session and consumes its share until it returns", peer, config.gatewayId());
    } catch (RuntimeException e) {
      adopted.remove(peer, consumer);
      consumer.close(false);
      LOG.warn("adopting the session of {} failed ({}); trying again", peer, e.getMessage());
      scheduleAdoption(peer);
    }
  }

  private void scheduleAdoption(String peer) {
    ScheduledExecutorService executor = adoption;
    if (executor == null || closed) return;
    try {
      executor.schedule(() -> adopt(peer), 2, TimeUnit.SECONDS);
    } catch (RuntimeException rejectedWhileClosing) {
      // closing
    }
  }

  private void release(String peer) {
    SessionConsumer consumer = adopted.remove(peer);
    if (consumer != null) {
      LOG.info("gateway {} is back online: {} releases its session", peer, config.gatewayId());
      consumer.close(true);
    }
  }

  /** An adopted connection ended: taken over by its owner (done), or lost (adopt again while the owner is away). */
  private void adoptedConnectionLost(SessionConsumer consumer, int reasonCode) {
    if (!adopted.remove(consumer.clientId, consumer)) return;
    consumer.close(false);
    if (reasonCode == REASON_SESSION_TAKEN_OVER || ONLINE.equals(peerPresence.get(consumer.clientId))) {
      LOG.info("session of {} taken over by its owner (reason code 0x{}); {} lets go",
          consumer.clientId, Integer.toHexString(reasonCode), config.gatewayId());
    } else if (!closed) {
      // Paho reports a take-over by the owner as a plain connection loss (0x0) too: the owner's
      // "online" presence usually arrives a moment later, and adopt() checks it before acting.
      LOG.info("adopted session of {} ended (reason code 0x{}); adopting it again in 2 s if its owner is still away",
          consumer.clientId, Integer.toHexString(reasonCode));
      scheduleAdoption(consumer.clientId);
    }
  }

  // ---------------------------------------------------------------- one MQTT connection

  /** One MQTT connection: this gateway's own session, or an adopted one of an absent peer. */
  private final class SessionConsumer {
    final String clientId;
    final boolean own;
    final AckSequencer acks;
    final Semaphore window = new Semaphore(config.maxInFlight());
    volatile MqttAsyncClient client;
    volatile boolean consuming;
    volatile long downSinceNanos;

    SessionConsumer(String clientId, boolean own) {
      this.clientId = clientId;
      this.own = own;
      this.acks = new AckSequencer(this::acknowledge);
    }

    void connect() {
      try {
        client = new MqttAsyncClient(config.mqttUrl(), clientId, new MemoryPersistence());
      } catch (MqttException e) {
        throw new IllegalStateException("cannot create an MQTT client for " + config.mqttUrl() + ": " + e, e);
      }
      client.setManualAcks(true);
      client.setCallback(new Callback(this));
      consuming = true; // a resumed session may deliver right after CONNACK
      MqttConnectionOptions options = connectionOptions();
      if (own) {
        connectWithRetry(options);
        subscribe();
        publishPresence(ONLINE);
      } else {
        try {
          // The adopted session keeps the owner's subscriptions: nothing to subscribe.
          client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(10));
        } catch (MqttException e) {
          throw new IllegalStateException("cannot connect as " + clientId + ": " + e, e);
        }
      }
    }

    /** Drops a client whose reconnect is stuck and connects a fresh one (own session only). */
    void replaceClient() {
      MqttAsyncClient old = client;
      try {
        old.disconnectForcibly(0, 0, false);
      } catch (MqttException | RuntimeException e) {
        LOG.debug("forcing the old client off: {}", e.toString());
      }
      try {
        old.close(true);
      } catch (MqttException | RuntimeException e) {
        LOG.debug("closing the old client: {}", e.toString());
      }
      acks.connectionLost();
      try {
        MqttAsyncClient fresh = new MqttAsyncClient(config.mqttUrl(), clientId, new MemoryPersistence());
        fresh.setManualAcks(true);
        fresh.setCallback(new Callback(this));
        client = fresh;
        fresh.connect(connectionOptions()).waitForCompletion(TimeUnit.SECONDS.toMillis(15));
        subscribe();
        publishPresence(ONLINE);
        metrics.reconnected();
        LOG.info("reconnected to {} with a fresh client", config.mqttUrl());
      } catch (MqttException | RuntimeException e) {
        LOG.warn("fresh client could not connect to {} yet ({}); the watchdog tries again", config.mqttUrl(), e.toString());
      }
    }

    private MqttConnectionOptions connectionOptions() {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(false);
      // Expiry 0 would drop the session (and its unacknowledged reads) at disconnect.
      options.setSessionExpiryInterval(IngestConfig.SESSION_EXPIRY.toSeconds());
      options.setReceiveMaximum(config.maxInFlight());
      // An adopted session never reconnects on its own: if its owner took it back, reconnecting
      // would take it away again (two clients fighting over one id).
      options.setAutomaticReconnect(own);
      options.setAutomaticReconnectDelay(1, 10);
      options.setKeepAliveInterval(30);
      options.setConnectionTimeout(10);
      if (config.mqttUsername() != null) options.setUserName(config.mqttUsername());
      if (config.mqttPassword() != null) options.setPassword(config.mqttPassword().getBytes(StandardCharsets.UTF_8));
      if (own) {
        MqttMessage will = new MqttMessage(OFFLINE.getBytes(StandardCharsets.UTF_8));
        will.setQos(QOS);
        will.setRetained(true);
        options.setWill(presenceTopic(config.topics(), config.gatewayId()), will);
      }
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

    private String[] ownFilters() {
      if (config.peers().isEmpty()) return filters;
      String[] all = Arrays.copyOf(filters, filters.length + 1);
      all[filters.length] = presenceFilter;
      return all;
    }

    private int[] qosFor(String[] topicFilters) {
      int[] qos = new int[topicFilters.length];
      Arrays.fill(qos, QOS);
      return qos;
    }

    private void subscribe() {
      String[] all = ownFilters();
      try {
        IMqttToken token = client.subscribe(all, qosFor(all));
        token.waitForCompletion(TimeUnit.SECONDS.toMillis(15));
        int[] codes = token.getReasonCodes();
        for (int i = 0; codes != null && i < codes.length; i++) {
          if (codes[i] >= 0x80) {
            throw new IllegalStateException(String.format(
                "broker refused the subscription %s (reason code 0x%02X): check shared-subscription support and ACLs",
                i < all.length ? all[i] : "?", codes[i]));
          }
        }
      } catch (MqttException e) {
        throw new IllegalStateException("subscribing to " + Arrays.toString(all) + " failed: " + e, e);
      }
    }

    void resubscribeAsync() {
      String[] all = ownFilters();
      try {
        client.subscribe(all, qosFor(all), null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            publishPresence(ONLINE);
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            LOG.error("renewing subscriptions {} failed: {}", Arrays.toString(all), String.valueOf(e));
          }
        });
      } catch (MqttException | RuntimeException e) {
        LOG.error("renewing subscriptions {} failed: {}", Arrays.toString(all), e.toString());
      }
    }

    void publishPresence(String state) {
      MqttMessage message = new MqttMessage(state.getBytes(StandardCharsets.UTF_8));
      message.setQos(QOS);
      message.setRetained(true);
      try {
        client.publish(presenceTopic(config.topics(), config.gatewayId()), message);
      } catch (MqttException | RuntimeException e) {
        LOG.warn("publishing presence '{}' failed: {}", state, e.toString());
      }
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

    /** Stops consuming and disconnects, keeping the session on the broker. */
    void close(boolean drain) {
      consuming = false;
      if (drain) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (acks.pending() > 0 && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (acks.pending() > 0) {
          LOG.warn("{}: closing with {} messages not yet safe; the broker will redeliver them", clientId, acks.pending());
        }
      }
      MqttAsyncClient c = client;
      if (c == null) return;
      try {
        if (c.isConnected()) {
          if (own) {
            // A clean stop does not fire the will: say it, so that a peer adopts the session.
            MqttMessage offline = new MqttMessage(OFFLINE.getBytes(StandardCharsets.UTF_8));
            offline.setQos(QOS);
            offline.setRetained(true);
            c.publish(presenceTopic(config.topics(), config.gatewayId()), offline).waitForCompletion(2_000);
          }
          c.disconnect(1_000).waitForCompletion(3_000); // the quiesce time flushes the last PUBACKs
        }
      } catch (MqttException | RuntimeException e) {
        LOG.debug("MQTT disconnect of {}: {}", clientId, e.toString());
      }
      try {
        c.close(true);
      } catch (MqttException | RuntimeException e) {
        LOG.debug("MQTT close of {}: {}", clientId, e.toString());
      }
    }

    boolean connected() {
      MqttAsyncClient c = client;
      return c != null && c.isConnected();
    }
  }

  private final class Callback implements MqttCallback {
    private final SessionConsumer consumer;

    Callback(SessionConsumer consumer) {
      this.consumer = consumer;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        onMessage(consumer, topic, message);
      } catch (Throwable t) {
        // Throwing here would make Paho drop the connection and loop on redelivery.
        LOG.error("unexpected failure handling an MQTT message; it stays unacknowledged", t);
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      consumer.acks.connectionLost();
      if (!consumer.own) {
        adoptedConnectionLost(consumer, response == null ? -1 : response.getReturnCode());
        return;
      }
      if (!closed) {
        LOG.warn("lost the MQTT connection to {} ({}); reconnecting", config.mqttUrl(), response);
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT error on {}: {}", consumer.clientId, exception.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (!reconnect || !consumer.own) return;
      metrics.reconnected();
      LOG.info("reconnected to {}; renewing subscriptions", serverUri);
      // The session normally kept them, but a broker that lost its state did not. Asynchronous:
      // waiting here would block Paho's callback thread.
      consumer.resubscribeAsync();
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  // ---------------------------------------------------------------- lifecycle and state

  /**
   * Stops consuming, lets in-flight messages become safe and acknowledges them (bounded wait),
   * says it is offline (so a peer adopts its session), disconnects keeping the session, and gives
   * the outbox a few seconds to hand what it holds to Kafka (the rest stays for the next start).
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    ScheduledExecutorService executor = adoption;
    if (executor != null) executor.shutdownNow();
    for (SessionConsumer consumer : List.copyOf(adopted.values())) consumer.close(true);
    adopted.clear();
    SessionConsumer consumer = own;
    if (consumer != null) consumer.close(handoff != null);
    SafeHandoff h = handoff;
    if (h != null) h.close(Duration.ofSeconds(5));
    KafkaReachability k = kafka;
    if (k != null) k.close();
    LOG.info("ingest gateway {} closed: received={} accepted={} rejected={}",
        config.gatewayId(), received(), accepted(), rejected());
  }

  /** How long {@link #close()} waits for in-flight messages to become safe (tests shorten it). */
  void drainTimeout(Duration timeout) {
    this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** For readiness and liveness probes. */
  public Health health() {
    SessionConsumer consumer = own;
    boolean mqtt = consumer != null && consumer.connected();
    SafeHandoff h = handoff;
    SafeHandoff.Health outbox = h == null ? new SafeHandoff.Health(false, false, 0) : h.health();
    KafkaReachability k = kafka;
    boolean kafkaUp = k == null || k.reachable();
    boolean live = !closed && h != null && outbox.alive();
    return new Health(live, live && mqtt && kafkaUp && outbox.belowBound(), mqtt, kafkaUp, outbox.belowBound(), outbox.depth());
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

  /** Messages received and not yet acknowledged to the broker, over all connections. */
  public long inFlight() {
    long n = 0;
    SessionConsumer consumer = own;
    if (consumer != null) n += consumer.acks.pending();
    for (SessionConsumer a : adopted.values()) n += a.acks.pending();
    return n;
  }

  /** Peers whose sessions this gateway currently consumes. */
  public java.util.Set<String> adoptedSessions() {
    return java.util.Set.copyOf(adopted.keySet());
  }
}
