package io.lezflow.sim;

import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.CameraStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedDeque;
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

  private final Deque<Outgoing.Read> buffer = new ConcurrentLinkedDeque<>();
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
    // Expiry 0 would drop the session at disconnect even without clean start (STACK.md).
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
    buffer.offerLast(read);
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
      if (buffer.isEmpty() || !window.tryAcquire()) return;
      Outgoing.Read next = buffer.pollFirst();
      if (next == null) {
        window.release();
        return;
      }
      boolean firstTry = !next.everHandedOver();
      try {
        client.publish(readsTopic, new MqttMessage(next.payload(fleet.nowMs()), 1, false, null), new Attempt(next, window), publishListener);
      } catch (MqttException e) {
        // Not handed to Paho: back to the head, keep the order, and wait for an event to resume:
        // a PUBACK of this camera (32202) or the reconnect (not connected).
        next.notHandedOver(firstTry);
        window.release();
        buffer.offerFirst(next);
        fleet.publishRefused(this, e);
        return;
      }
    }
  }

  private boolean publishHeartbeat(Semaphore window) {
    heartbeatDue.set(false);
    Outgoing.Status status = new Outgoing.Status(status(currentState(), fleet.nowMs()).toByteArray());
    try {
      client.publish(statusTopic, new MqttMessage(status.payload(), 1, true, null), new Attempt(status, window), publishListener);
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
    private final AtomicBoolean settled = new AtomicBoolean();

    Attempt(Outgoing message, Semaphore window) {
      this.message = message;
      this.window = window;
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
      int reason = reasonCodes == null || reasonCodes.length == 0 ? 0 : reasonCodes[0];
      if (reason >= 0x80) {
        rejected(attempt.message, reason);
      } else {
        acknowledged(attempt.message);
      }
      drain();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
      Attempt attempt = (Attempt) token.getUserContext();
      if (!attempt.settle()) return;
      int reason = failure instanceof MqttException e ? e.getReasonCode() : -1;
      if (reason >= 0x80 && reason <= 0xFF) {
        rejected(attempt.message, reason); // the broker refused it: retrying would not help
      } else if (!closing) {
        if (attempt.message instanceof Outgoing.Read read) {
          // Lost with the connection: publish it again (a duplicate on the wire is fine, downstream
          // deduplicates by read id).
          buffer.offerFirst(read);
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
