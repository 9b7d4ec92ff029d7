package io.lezflow.sim.mqtt;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.TrafficModel;

import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.CameraStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated camera: its MQTT v5 connection (client id = camera id, persistent session, its own
 * credentials), its offline buffer of reads not yet acknowledged, its read sequence and its
 * heartbeat.
 *
 * <p>Offline buffer: a read is captured (sequence and capture time stamped) whatever the state of
 * the connection, and waits in the buffer until the broker acknowledges it (PUBACK). While the
 * camera is offline nothing leaves the buffer; after the reconnect it is replayed in sequence
 * order with its original capture time ({@code published_at_ms} says when it was first handed to
 * the client). The buffer is bounded ({@code offlineBufferReads}); when it is full the camera
 * stops capturing (the fleet counts every capture it skipped) rather than dropping a read it
 * already captured.
 *
 * <p>Reconnects: Paho's automatic reconnect is off (it cannot jitter, see {@link
 * ReconnectBackoff}); after a lost connection the camera schedules its own attempts on the
 * fleet's scheduler, one at a time, spaced by the back-off with this camera's own jitter stream,
 * until one succeeds or the camera closes. The session (clean start false, expiry 1 h) survives,
 * so Paho resends what was in flight and the broker keeps what it owes.
 *
 * <p>Flow control, without a thread of its own and without ever dropping a read: a message leaves
 * the buffer only with one of {@code window} permits (the broker's receive maximum, capped), and
 * a PUBACK returns the permit and drains the buffer again. Paho decrements its own in-flight count
 * before it calls the action listener, so with the permits Paho's "too many publishes in progress"
 * (32202) should not happen; if it does anyway (eclipse-paho issue #993), the message goes back to
 * the head of the buffer and the camera waits for its next PUBACK to try again. Only one thread
 * drains a camera at a time (the {@code wip} counter), so a camera publishes its reads in sequence
 * order.
 *
 * <p>Delivered, not just accepted: a read counts as acknowledged only on a PUBACK with reason
 * Success ({@link PubackOutcome}). Reason 0x10 "No matching subscribers" means the broker accepted
 * the read and dropped it (Mosquitto after a restart, until the ingest gateway has subscribed
 * again), so the read goes back into the buffer at its place in sequence order and is published
 * again, with its capture time and its first payload. Until a read is delivered again the camera
 * holds back its reads for a back-off delay and then sends one read at a time as a probe, so that
 * a broker without subscribers sees a probe per delay and camera, not the whole buffer in a loop.
 * A heartbeat answered 0x10 is only counted: the next one is due within the heartbeat interval.
 *
 * <p>Heartbeat: a retained {@link CameraStatus} every 10 s and on every change of state, built when
 * it is sent and sent before any buffered read (it is news, the reads are history). State DEGRADED
 * while the camera replays reads captured offline or its buffer is full, ONLINE otherwise; the
 * broker publishes the OFFLINE will when the connection dies. {@code buffered_reads} is the
 * number of reads captured and not yet acknowledged.
 */
final class Camera {
  private static final Logger LOG = LoggerFactory.getLogger(Camera.class);

  /** Upper bound of the publish window: enough to saturate a local broker, small enough for 330 cameras. */
  static final int MAX_WINDOW = 256;
  static final long SESSION_EXPIRY_SECONDS = 3600;
  static final int KEEP_ALIVE_SECONDS = 30;
  static final int CONNECTION_TIMEOUT_SECONDS = 10;
  static final String FIRMWARE = "lezflow-sim/0.2";
  /** MQTT 5 DISCONNECT reason "disconnect with will message": the broker then publishes our OFFLINE status. */
  static final int DISCONNECT_WITH_WILL = 0x04;
  /** Longest wait between probes while the broker has no subscriber for the reads (see the class comment). */
  static final Duration MAX_NO_SUBSCRIBER_DELAY = Duration.ofSeconds(5);

  final int number;
  final String id;
  final String readsTopic;
  final String statusTopic;
  final TrafficModel traffic;
  final double latitude;
  final double longitude;

  private final CameraFleet fleet;
  private final MqttAsyncClient client;
  private final FleetExecutor executor;
  private final String mqttUrl;
  private final byte[] password;
  private final int bufferCapacity;
  private final ReconnectBackoff backoff;

  /**
   * Reads captured and not yet delivered, by sequence: a read that comes back (connection lost, no
   * subscriber) takes its place again before newer ones, however many came back and in which order,
   * so a replay stays in capture order (downstream watermarks depend on that).
   */
  private final ConcurrentSkipListMap<Long, Outgoing.Read> buffer = new ConcurrentSkipListMap<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final MqttActionListener publishListener = new PublishListener();
  private final MqttActionListener reconnectListener = new ReconnectListener();
  private volatile Semaphore permits = new Semaphore(0);
  private volatile int window;
  private volatile boolean closing;
  /** Our own view of the connection: true between a successful connect and the next loss. */
  private volatile boolean online;
  /** The last connect handed to Paho: closing waits for it to settle (see {@link #beginDisconnect}). */
  private volatile IMqttToken pendingConnect;

  // Reconnect chain: at most one attempt scheduled or in flight; guarded by reconnectLock.
  private final Object reconnectLock = new Object();
  private final SplittableRandom jitter;
  private final ReconnectBackoff noSubscriberBackoff;
  private boolean reconnecting;
  private boolean attemptInFlight;
  private int reconnectAttempt;
  private ScheduledFuture<?> pendingReconnect;

  // Generation side: touched only by the fleet's generator under its lock (flags read elsewhere).
  private long nextSequence;
  private volatile long lastGeneratedSequence;
  private final AtomicLong unackedReads = new AtomicLong();
  long nextHeartbeatNanos;
  /** The buffer ran full and has not drained to half since: capture skips, the camera is DEGRADED. */
  private volatile boolean bufferOverflowing;
  private boolean everOverflowed;

  private final AtomicBoolean heartbeatDue = new AtomicBoolean();
  /** Reads up to this sequence were captured before the last reconnect: the replay backlog. */
  private volatile long replayUpTo;
  private final AtomicBoolean replaying = new AtomicBoolean();

  // No subscriber (PUBACK 0x10): reads are held back until resumeAtNanos, then probed one at a time.
  private final Object deliveryLock = new Object();
  /** Guarded by deliveryLock; its own jitter stream (SplittableRandom is not thread-safe). */
  private final SplittableRandom noSubscriberJitter;
  private int noSubscriberRounds;
  /** Written after resumeAtNanos, so that a drainer that sees it true also sees its resume time. */
  private volatile boolean noSubscriber;
  private volatile long resumeAtNanos;
  private final AtomicBoolean probeInFlight = new AtomicBoolean();

  // Acknowledgement side: the highest sequence up to which every read is acknowledged.
  private long ackedUpTo;
  private final Set<Long> ackedAhead = new HashSet<>();

  Camera(CameraFleet fleet, SimulatorConfig config, CameraRegistration registration, int number, TrafficModel traffic,
      long firstSequence, FleetExecutor executor) throws MqttException {
    this.fleet = fleet;
    this.number = number;
    this.id = registration.getCameraId();
    this.readsTopic = config.topics().reads(id);
    this.statusTopic = config.topics().status(id);
    this.traffic = traffic;
    this.nextSequence = firstSequence;
    this.lastGeneratedSequence = firstSequence - 1;
    this.ackedUpTo = firstSequence - 1;
    this.replayUpTo = firstSequence - 1;
    this.latitude = registration.getLatitude();
    this.longitude = registration.getLongitude();
    this.executor = executor;
    this.mqttUrl = config.mqttUrl();
    this.password = config.fleetSecret()
        .map(secret -> CameraCredentials.passwordFor(secret, id).getBytes(StandardCharsets.UTF_8))
        .orElse(null);
    this.bufferCapacity = config.offlineBufferReads();
    this.backoff = config.reconnectBackoff();
    // Each camera its own jitter stream, so that cameras that lost the broker together spread out.
    this.jitter = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + number);
    this.noSubscriberJitter = jitter.split();
    // A missing subscriber is a gateway (re)subscribing, seconds not minutes: the camera's own
    // back-off, capped lower so that delivery resumes soon after the subscription is back.
    Duration cap = backoff.maxDelay().compareTo(MAX_NO_SUBSCRIBER_DELAY) < 0 ? backoff.maxDelay() : MAX_NO_SUBSCRIBER_DELAY;
    this.noSubscriberBackoff = new ReconnectBackoff(backoff.initialDelay(), cap.compareTo(backoff.initialDelay()) < 0 ? backoff.initialDelay() : cap);
    // In-memory persistence: the simulated camera's session state lives as long as the process.
    this.client = new MqttAsyncClient(mqttUrl, id, new TopicKeepingPersistence(), null, executor);
    this.client.setCallback(new ConnectionCallback());
  }

  /** Starts the first connection; the caller waits on the token (a first connect is not retried). */
  IMqttToken connect(long nowMs) throws MqttException {
    IMqttToken token = client.connect(connectionOptions(nowMs));
    pendingConnect = token;
    return token;
  }

  private MqttConnectionOptions connectionOptions(long nowMs) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    // Expiry 0 would drop the session at disconnect even without clean start (docs/design.md, "MQTT client facts").
    options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
    // Our own reconnect, with jitter (see the class comment).
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
    options.setConnectionTimeout(CONNECTION_TIMEOUT_SECONDS);
    if (password != null) {
      options.setUserName(id);
      options.setPassword(password);
    }
    if (mqttUrl.startsWith("tcp://")) {
      // TCP_NODELAY, and no thread leaked by a connection closed right after it was accepted.
      options.setSocketFactory(new PahoSocketFactory());
    }
    options.setWill(statusTopic, new MqttMessage(status(CameraState.CAMERA_STATE_OFFLINE, nowMs).toByteArray(), 1, true, null));
    return options;
  }

  /** After a successful connect: size the publish window to what the broker accepts, and go online. */
  void connected(IMqttToken connectToken) {
    Integer receiveMaximum = connectToken.getResponseProperties() == null ? null
        : connectToken.getResponseProperties().getReceiveMaximum();
    int newWindow = Math.min(MAX_WINDOW, receiveMaximum == null ? 65_535 : Math.max(1, receiveMaximum));
    if (newWindow != window) {
      // Permits of publishes still in flight go back to the old semaphore, harmlessly.
      window = newWindow;
      permits = new Semaphore(newWindow);
    }
    replayUpTo = lastGeneratedSequence;
    replaying.set(!acknowledgedUpTo(replayUpTo));
    // A probe that was in flight on the old connection may never settle (a broker that lost the
    // session): this connection may send its own.
    probeInFlight.set(false);
    online = true;
  }

  int window() {
    return window;
  }

  // ---- generation (fleet generator thread, under the fleet's generation lock) ----

  long nextSequence() {
    long sequence = nextSequence++;
    lastGeneratedSequence = sequence;
    return sequence;
  }

  long lastGeneratedSequence() {
    return lastGeneratedSequence;
  }

  long unackedReads() {
    return unackedReads.get();
  }

  /**
   * Whether the camera may capture another read: not while its buffer is full (the caller counts
   * the capture it skipped). A full buffer makes the camera DEGRADED until the buffer has drained
   * to half (hysteresis, so that state, log and heartbeat do not flap read by read).
   */
  boolean mayCapture() {
    long unacked = unackedReads.get();
    boolean full = unacked >= bufferCapacity;
    if (full && !bufferOverflowing) {
      bufferOverflowing = true;
      fleet.captureSuspended(this, bufferCapacity, !everOverflowed);
      everOverflowed = true;
      heartbeatDue.set(true);
    } else if (bufferOverflowing && unacked <= bufferCapacity / 2) {
      bufferOverflowing = false;
      fleet.captureResumed(this);
      heartbeatDue.set(true);
    }
    return !full;
  }

  /** Queues a read; the caller drains (once per batch, not once per read). */
  void enqueueRead(Outgoing.Read read) {
    unackedReads.incrementAndGet();
    buffer.put(read.sequence(), read);
  }

  /** Asks for a heartbeat with the current state; at most one waits, however often it is asked. */
  void requestHeartbeat() {
    heartbeatDue.set(true);
    drain();
  }

  boolean hasWork() {
    return !buffer.isEmpty() || heartbeatDue.get();
  }

  CameraState currentState() {
    return replaying.get() || bufferOverflowing ? CameraState.CAMERA_STATE_DEGRADED : CameraState.CAMERA_STATE_ONLINE;
  }

  CameraStatus status(CameraState state, long nowMs) {
    return CameraStatus.newBuilder()
        .setCameraId(id)
        .setReportedAtMs(nowMs)
        .setState(state)
        .setBufferedReads((int) Math.min(Integer.MAX_VALUE, unackedReads.get()))
        .setLastSequence(Math.max(0, lastGeneratedSequence))
        .setFirmware(FIRMWARE)
        .setLatitude(latitude)
        .setLongitude(longitude)
        .build();
  }

  // ---- publishing ----

  /** Publishes (heartbeat first, then the buffer from its head) while permits last. Safe from any thread. */
  void drain() {
    if (wip.getAndIncrement() != 0) return; // the running drainer will loop once more
    int missed = 1;
    do {
      publishWhilePermitted();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void publishWhilePermitted() {
    Semaphore window = permits;
    while (!closing && online) {
      if (heartbeatDue.get()) {
        if (!window.tryAcquire()) return;
        if (!publishHeartbeat(window)) return;
        continue;
      }
      if (buffer.isEmpty()) return;
      boolean probe = false;
      if (noSubscriber) {
        // Held back until the delay is over (the fleet's tick drains again), then one read at a time.
        if (System.nanoTime() - resumeAtNanos < 0 || !probeInFlight.compareAndSet(false, true)) return;
        probe = true;
      }
      if (!window.tryAcquire()) {
        if (probe) probeInFlight.set(false);
        return;
      }
      Map.Entry<Long, Outgoing.Read> head = buffer.pollFirstEntry();
      if (head == null) {
        window.release();
        if (probe) probeInFlight.set(false);
        return;
      }
      Outgoing.Read next = head.getValue();
      boolean firstTry = !next.everHandedOver();
      try {
        client.publish(readsTopic, new MqttMessage(next.payload(fleet.nowMs()), 1, false, null), new Attempt(next, window, probe),
            publishListener);
      } catch (MqttException e) {
        // Not handed to Paho: back to its place, and wait for an event to resume: a PUBACK of this
        // camera (32202), the reconnect (not connected) or the fleet's tick.
        next.notHandedOver(firstTry);
        window.release();
        if (probe) probeInFlight.set(false);
        buffer.put(next.sequence(), next);
        fleet.publishRefused(this, e);
        return;
      }
    }
  }

  private boolean publishHeartbeat(Semaphore window) {
    heartbeatDue.set(false);
    Outgoing.Status status = new Outgoing.Status(status(currentState(), fleet.nowMs()).toByteArray());
    try {
      client.publish(statusTopic, new MqttMessage(status.payload(), 1, true, null), new Attempt(status, window, false), publishListener);
      return true;
    } catch (MqttException e) {
      window.release();
      heartbeatDue.set(true);
      fleet.publishRefused(this, e);
      return false;
    }
  }

  /** One hand-over of a message to Paho; settles (returns its permit) exactly once. */
  private static final class Attempt {
    final Outgoing message;
    final Semaphore window;
    /** Sent alone while the broker had no subscriber: its settlement lets the next probe go. */
    final boolean probe;
    private final AtomicBoolean settled = new AtomicBoolean();

    Attempt(Outgoing message, Semaphore window, boolean probe) {
      this.message = message;
      this.window = window;
      this.probe = probe;
    }

    boolean settle() {
      if (!settled.compareAndSet(false, true)) return false;
      window.release();
      return true;
    }
  }

  private final class PublishListener implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      Attempt attempt = (Attempt) token.getUserContext();
      attempt.settle();
      int[] reasonCodes = token.getReasonCodes();
      // No reason code in the PUBACK means Success (MQTT 5, 3.4.2.1).
      int reason = reasonCodes == null || reasonCodes.length == 0 ? PubackOutcome.SUCCESS : reasonCodes[0];
      switch (PubackOutcome.of(reason)) {
        case DELIVERED -> acknowledged(attempt.message);
        case NOT_DELIVERED_RETRY -> notDelivered(attempt.message, reason);
        case REFUSED -> rejected(attempt.message, reason);
      }
      // After the outcome: a probe that came back 0x10 has set the next delay before the next probe may go.
      if (attempt.probe) probeInFlight.set(false);
      drain();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
      Attempt attempt = (Attempt) token.getUserContext();
      if (!attempt.settle()) return;
      if (attempt.probe) probeInFlight.set(false);
      int reason = failure instanceof MqttException e ? e.getReasonCode() : -1;
      if (reason >= 0x80 && reason <= 0xFF) {
        rejected(attempt.message, reason); // the broker refused it: retrying would not help
      } else if (!closing) {
        if (attempt.message instanceof Outgoing.Read read) {
          // Lost with the connection: publish it again (a duplicate on the wire is fine, downstream
          // deduplicates by read id).
          buffer.put(read.sequence(), read);
        } else {
          heartbeatDue.set(true); // a fresh one, with the state of then
        }
        fleet.retried(Camera.this, reason);
      }
      drain();
    }
  }

  private void acknowledged(Outgoing message) {
    if (message instanceof Outgoing.Read read) {
      deliveredAgain();
      if (fleet.readAcknowledged(this, read)) {
        unackedReads.decrementAndGet();
        boolean advanced;
        synchronized (ackedAhead) {
          advanced = advanceAcked(read.sequence());
        }
        if (advanced) {
          if (replaying.get() && acknowledgedUpTo(replayUpTo) && replaying.compareAndSet(true, false)) {
            fleet.replayCompleted(this);
            heartbeatDue.set(true); // DEGRADED -> ONLINE, said at once (the caller drains)
          }
          fleet.acknowledgementsAdvanced();
        }
      }
    } else {
      fleet.statusAcknowledged();
    }
  }

  /**
   * The broker accepted {@code message} and delivered it to nobody. A read is kept: it waits in the
   * buffer at its place while the camera backs off (one more round only when the previous delay is
   * over, so the rest of a window answered 0x10 together does not lengthen it). A heartbeat is not
   * resent: the next one is due within the heartbeat interval anyway.
   */
  private void notDelivered(Outgoing message, int reason) {
    if (!(message instanceof Outgoing.Read read)) {
      fleet.heartbeatNotDelivered(this, reason);
      return;
    }
    boolean episodeStarts;
    Duration delay = null;
    synchronized (deliveryLock) {
      long now = System.nanoTime();
      episodeStarts = !noSubscriber;
      if (episodeStarts || now - resumeAtNanos >= 0) {
        noSubscriberRounds++;
        delay = noSubscriberBackoff.delayBefore(noSubscriberRounds, noSubscriberJitter);
        resumeAtNanos = now + delay.toNanos();
        noSubscriber = true;
      }
    }
    // Back only once the hold-back is in force, so that no drainer sends it again at once.
    buffer.put(read.sequence(), read);
    fleet.readNotDelivered(this, reason, episodeStarts, delay);
  }

  /** A read was delivered: the broker has a subscriber again, the whole window may go. */
  private void deliveredAgain() {
    if (!noSubscriber) return;
    int rounds;
    synchronized (deliveryLock) {
      if (!noSubscriber) return;
      noSubscriber = false;
      rounds = noSubscriberRounds;
      noSubscriberRounds = 0;
    }
    fleet.readsDeliveredAgain(this, rounds);
  }

  /** True while the broker answers this camera's reads with "no matching subscribers". */
  boolean awaitingSubscriber() {
    return noSubscriber;
  }

  private void rejected(Outgoing message, int reason) {
    if (message instanceof Outgoing.Read read) {
      fleet.readRejected(this, read, reason);
    } else {
      fleet.statusRejected(this, reason);
    }
  }

  private boolean advanceAcked(long sequence) {
    if (sequence <= ackedUpTo) return false;
    ackedAhead.add(sequence);
    boolean advanced = false;
    while (ackedAhead.remove(ackedUpTo + 1)) {
      ackedUpTo++;
      advanced = true;
    }
    return advanced;
  }

  /** True when every read up to {@code sequence} is acknowledged. */
  boolean acknowledgedUpTo(long sequence) {
    synchronized (ackedAhead) {
      return ackedUpTo >= sequence;
    }
  }

  boolean isConnected() {
    return client.isConnected();
  }

  // ---- reconnecting ----

  private void connectionLost() {
    synchronized (reconnectLock) {
      if (closing) return;
      if (reconnecting) {
        // Paho reported the loss of a connection our own attempt was making: that attempt failed.
        if (attemptInFlight) attemptFailedLocked(reconnectAttempt);
        return;
      }
      reconnecting = true;
      reconnectAttempt = 0;
      scheduleNextAttemptLocked();
    }
  }

  private void scheduleNextAttemptLocked() {
    reconnectAttempt++;
    attemptInFlight = false;
    Duration delay = backoff.delayBefore(reconnectAttempt, jitter);
    try {
      pendingReconnect = executor.schedule(this::attemptReconnect, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      reconnecting = false; // the fleet is closing
    }
  }

  private void attemptReconnect() {
    int attempt;
    synchronized (reconnectLock) {
      if (closing || !reconnecting || attemptInFlight) return;
      attemptInFlight = true;
      attempt = reconnectAttempt;
    }
    fleet.reconnectAttempted(this, attempt);
    try {
      pendingConnect = client.connect(connectionOptions(fleet.nowMs()), attempt, reconnectListener);
    } catch (MqttException | RuntimeException e) {
      // e.g. Paho still closing the lost connection: this attempt failed, the next one is scheduled.
      attemptFailed(attempt, e);
    }
  }

  private void attemptFailed(int attempt, Throwable cause) {
    synchronized (reconnectLock) {
      if (!attemptFailedLocked(attempt)) return;
    }
    fleet.reconnectFailed(this, attempt, cause);
  }

  private boolean attemptFailedLocked(int attempt) {
    if (closing || !reconnecting || !attemptInFlight || attempt != reconnectAttempt) return false;
    scheduleNextAttemptLocked();
    return true;
  }

  private final class ReconnectListener implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      int attempts;
      synchronized (reconnectLock) {
        if (!reconnecting) return;
        reconnecting = false;
        attemptInFlight = false;
        attempts = reconnectAttempt;
        pendingReconnect = null;
      }
      connected(token);
      fleet.reconnected(Camera.this, attempts, unackedReads.get());
      requestHeartbeat(); // says DEGRADED with the backlog at once, and starts the replay
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
      attemptFailed((Integer) token.getUserContext(), failure);
    }
  }

  // ---- shutdown ----

  /**
   * Stops publishing and reconnecting, and starts a disconnect that makes the broker publish our
   * OFFLINE status (the will). A connect still under way is first given up to {@code
   * settleConnectMs} to finish: closing Paho's client while it starts a connection's threads can
   * leave its connecting thread polling forever for a thread that already stopped (the same Paho
   * 1.2.5 race as in {@link PahoSocketFactory}).
   */
  IMqttToken beginDisconnect(long quiesceMs, long settleConnectMs) {
    stopReconnecting();
    IMqttToken connecting = pendingConnect;
    if (connecting != null && !connecting.isComplete()) {
      try {
        connecting.waitForCompletion(settleConnectMs);
      } catch (MqttException e) {
        LOG.debug("Camera {}: the connect under way at close did not succeed: {}", id, e.toString());
      }
    }
    try {
      if (!client.isConnected()) return null;
      return client.disconnect(quiesceMs, null, null, DISCONNECT_WITH_WILL, new MqttProperties());
    } catch (MqttException e) {
      LOG.debug("Camera {}: disconnect failed: {}", id, e.toString());
      return null;
    }
  }

  private void stopReconnecting() {
    synchronized (reconnectLock) {
      closing = true;
      reconnecting = false;
      if (pendingReconnect != null) pendingReconnect.cancel(false);
      pendingReconnect = null;
    }
  }

  /** Releases the client for good, forcibly if the clean disconnect did not finish. */
  void closeClient() {
    stopReconnecting();
    try {
      if (client.isConnected()) client.disconnectForcibly(0, 1_000, false);
    } catch (MqttException e) {
      LOG.debug("Camera {}: forced disconnect failed: {}", id, e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("Camera {}: close failed: {}", id, e.toString());
    }
  }

  private final class ConnectionCallback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      online = false;
      if (closing) return;
      fleet.connectionLost(Camera.this, response);
      connectionLost();
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("Camera {}: MQTT error {}", id, exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      // Cameras subscribe to nothing.
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // Counted in the publish listener, which also knows the message.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      // Handled by the connect listeners, which know which attempt it was.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // No enhanced authentication.
    }
  }

  static boolean isWindowFull(MqttException e) {
    return e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT;
  }

  /** MQTT 5 CONNACK reason codes that mean "your credentials are not accepted". */
  static boolean isCredentialsRefused(int reasonCode) {
    return reasonCode == 0x86 || reasonCode == 0x87; // bad user name or password; not authorized
  }
}
