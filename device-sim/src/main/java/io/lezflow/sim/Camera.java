package io.lezflow.sim;

import io.lezflow.schemas.NoDelaySocketFactory;
import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.CameraStatus;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
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
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated camera: its MQTT v5 connection (client id = camera id, persistent session), its
 * buffer of messages not yet acknowledged, and its read sequence.
 *
 * <p>Flow control, without a thread of its own and without ever dropping a read: a message
 * leaves the buffer only with one of {@code window} permits (the broker's receive maximum,
 * capped), and a PUBACK returns the permit and drains the buffer again. Paho decrements its own
 * in-flight count before it calls the action listener, so with the permits Paho's "too many
 * publishes in progress" (32202) should not happen; if it does anyway (eclipse-paho issue #993),
 * the message goes back to the head of the buffer and the camera waits for its next PUBACK (that
 * of its oldest outstanding publish: a broker acknowledges QoS 1 in order) to try again.
 * While the connection is down the buffer just grows (up to the fleet's cap) and drains when
 * Paho has reconnected. Only one thread drains a camera at a time (the {@code wip} counter), so
 * a camera publishes its reads in sequence order.
 */
final class Camera {
  private static final Logger LOG = LoggerFactory.getLogger(Camera.class);

  /** Upper bound of the publish window: enough to saturate a local broker, small enough for 330 cameras. */
  static final int MAX_WINDOW = 256;
  static final long SESSION_EXPIRY_SECONDS = 3600;
  static final String FIRMWARE = "lezflow-sim/0.1";
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
  private final Deque<Outgoing> buffer = new ConcurrentLinkedDeque<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final MqttActionListener publishListener = new PublishListener();
  private volatile Semaphore permits = new Semaphore(0);
  private volatile boolean closing;

  // Generation side: touched only by the fleet's generator under its lock.
  private long nextSequence;
  private volatile long lastGeneratedSequence;
  private final AtomicLong unackedReads = new AtomicLong();
  long nextHeartbeatNanos;
  private final AtomicBoolean statusQueued = new AtomicBoolean();

  // Acknowledgement side: the highest sequence up to which every read is acknowledged.
  private long ackedUpTo;
  private final Set<Long> ackedAhead = new HashSet<>();

  Camera(CameraFleet fleet, int number, String id, String readsTopic, String statusTopic, TrafficModel traffic,
      long firstSequence, double latitude, double longitude, String mqttUrl, FleetExecutor executor) throws MqttException {
    this.fleet = fleet;
    this.number = number;
    this.id = id;
    this.readsTopic = readsTopic;
    this.statusTopic = statusTopic;
    this.traffic = traffic;
    this.nextSequence = firstSequence;
    this.lastGeneratedSequence = firstSequence - 1;
    this.ackedUpTo = firstSequence - 1;
    this.latitude = latitude;
    this.longitude = longitude;
    // In-memory persistence: the simulated camera's session state lives as long as the process.
    this.client = new MqttAsyncClient(mqttUrl, id, new MemoryPersistence(), null, executor);
    this.client.setCallback(new ConnectionCallback());
  }

  /** Starts connecting; the caller waits on the token. */
  IMqttToken connect(String mqttUrl, long nowMs) throws MqttException {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    // Expiry 0 would drop the session at disconnect even without clean start (STACK.md).
    options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 30);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    if (mqttUrl.startsWith("tcp://")) {
      options.setSocketFactory(new NoDelaySocketFactory());
    }
    options.setWill(statusTopic, new MqttMessage(status(CameraState.CAMERA_STATE_OFFLINE, nowMs).toByteArray(), 1, true, null));
    return client.connect(options);
  }

  /** After a successful connect: size the publish window to what the broker accepts. */
  void connected(IMqttToken connectToken) {
    Integer receiveMaximum = connectToken.getResponseProperties() == null ? null
        : connectToken.getResponseProperties().getReceiveMaximum();
    int window = Math.min(MAX_WINDOW, receiveMaximum == null ? 65_535 : Math.max(1, receiveMaximum));
    this.permits = new Semaphore(window);
  }

  int window() {
    return permits.availablePermits();
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

  /** Queues a read; the caller drains (once per batch, not once per read). */
  void enqueueRead(Outgoing.Read read) {
    unackedReads.incrementAndGet();
    buffer.offerLast(read);
  }

  /** Queues a heartbeat unless the previous one is still waiting (no pile-up while offline). */
  void enqueueHeartbeat(long nowMs) {
    if (!statusQueued.compareAndSet(false, true)) return;
    buffer.offerLast(new Outgoing.Status(status(CameraState.CAMERA_STATE_ONLINE, nowMs).toByteArray()));
    drain();
  }

  boolean hasBuffered() {
    return !buffer.isEmpty();
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

  /** Publishes from the head of the buffer while permits last. Safe to call from any thread. */
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
    while (!closing) {
      if (buffer.isEmpty() || !window.tryAcquire()) return;
      Outgoing next = buffer.pollFirst();
      if (next == null) {
        window.release();
        return;
      }
      Attempt attempt = new Attempt(next, window);
      try {
        if (next instanceof Outgoing.Read read) {
          client.publish(readsTopic, new MqttMessage(read.payload(fleet.nowMs()), 1, false, null), attempt, publishListener);
        } else {
          client.publish(statusTopic, new MqttMessage(((Outgoing.Status) next).payload(), 1, true, null), attempt, publishListener);
        }
      } catch (MqttException e) {
        // Not handed to Paho: back to the head, keep the order, and wait for an event to resume:
        // a PUBACK of this camera (32202) or the reconnect (not connected).
        window.release();
        buffer.offerFirst(next);
        fleet.publishRefused(this, e);
        return;
      }
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
        // Lost with the connection: publish it again (a duplicate on the wire is fine, downstream
        // deduplicates by read id).
        buffer.offerFirst(attempt.message);
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
        if (advanced) fleet.acknowledgementsAdvanced();
      }
    } else {
      statusQueued.set(false);
      fleet.statusAcknowledged();
    }
  }

  private void rejected(Outgoing message, int reason) {
    if (message instanceof Outgoing.Read read) {
      fleet.readRejected(this, read, reason);
    } else {
      statusQueued.set(false);
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

  // ---- shutdown ----

  /** Stops publishing and starts a disconnect that makes the broker publish our OFFLINE status (the will). */
  IMqttToken beginDisconnect(long quiesceMs) {
    closing = true;
    try {
      if (!client.isConnected()) return null;
      return client.disconnect(quiesceMs, null, null, DISCONNECT_WITH_WILL, new MqttProperties());
    } catch (MqttException e) {
      LOG.debug("Camera {}: disconnect failed: {}", id, e.toString());
      return null;
    }
  }

  /** Releases the client for good, forcibly if the clean disconnect did not finish. */
  void closeClient() {
    closing = true;
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
      if (!closing) fleet.connectionLost(Camera.this, response);
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
      if (reconnect) {
        fleet.reconnected(Camera.this);
        drain();
      }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // No enhanced authentication.
    }
  }

  static boolean isWindowFull(MqttException e) {
    return e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT;
  }
}
