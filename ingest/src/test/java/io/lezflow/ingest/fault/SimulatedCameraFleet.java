package io.lezflow.ingest.fault;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.NoDelaySocketFactory;
import io.lezflow.schemas.v1.Direction;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.PlateRead;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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

/**
 * Test cameras for the fault tests: one Paho MQTT 5 client per camera id (its own credentials and
 * persistent session), QoS 1, a few publishes in flight per camera, and an in-memory buffer of
 * reads not yet acknowledged that survives broker restarts and lost connections: a read leaves the
 * buffer only with its PUBACK, and everything unacknowledged is published again after a reconnect.
 *
 * <p>"Acknowledged" is exactly what a camera is told: a PUBACK with reason code 0x00 (Success).
 * {@link #acknowledged()} is the set of read ids the fault tests then look for in Kafka. A PUBACK
 * with 0x10 (No matching subscribers) is not an acknowledgement: the broker accepted the read and
 * had nobody to give it to, so it was dropped (Mosquitto 2.0 answers so right after a restart,
 * before the gateways have renewed their shared subscriptions, which Mosquitto does not persist);
 * the camera keeps such a read and publishes it again a little later. (The real camera side, with
 * persistence and back-off, lives in device-sim.)
 */
final class SimulatedCameraFleet implements AutoCloseable {
  private static final MqttTopics TOPICS = MqttTopics.DEFAULT;
  private static final int WINDOW = 16;
  private static final long TICK_MS = 50;

  private final String url;
  private final List<Camera> cameras = new ArrayList<>();
  private final double readsPerSecondPerCamera;
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Set<String> generatedIds = ConcurrentHashMap.newKeySet();
  private final AtomicLong generated = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong republished = new AtomicLong();
  private final AtomicLong noSubscribers = new AtomicLong();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "camera-fleet");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean generating;

  SimulatedCameraFleet(String url, List<String> cameraIds, Function<String, String> passwordOf, double readsPerSecondPerCamera) {
    this.url = url;
    this.readsPerSecondPerCamera = readsPerSecondPerCamera;
    for (String id : cameraIds) cameras.add(new Camera(id, passwordOf.apply(id)));
  }

  /** Connects every camera (the broker must be up) and starts generating reads. */
  void start() throws MqttException {
    long t0 = System.nanoTime();
    List<IMqttToken> connecting = new ArrayList<>();
    for (Camera camera : cameras) connecting.add(camera.connect());
    for (IMqttToken token : connecting) token.waitForCompletion(60_000);
    System.out.printf("fleet: %d cameras connected in %d ms%n", cameras.size(), (System.nanoTime() - t0) / 1_000_000);
    generating = true;
    ticker.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      long now = System.currentTimeMillis();
      for (Camera camera : cameras) {
        if (generating) camera.generate(now);
        camera.reconnectIfNeeded(now);
        camera.pump();
      }
    } catch (RuntimeException e) {
      e.printStackTrace(); // a test helper: keep ticking, the assertions will tell
    }
  }

  /** Stops making new reads; what is buffered is still published. */
  void stopGenerating() {
    generating = false;
  }

  /** Reads still waiting for their PUBACK (buffered or in flight). */
  long unacknowledged() {
    long n = 0;
    for (Camera camera : cameras) n += camera.unacknowledged();
    return n;
  }

  /** One line for a failure message. */
  String describe() {
    int connected = 0;
    int connecting = 0;
    String lastFailure = "";
    long buffered = 0;
    long inFlight = 0;
    for (Camera camera : cameras) {
      synchronized (camera) {
        if (camera.client != null && camera.client.isConnected()) connected++;
        if (camera.connecting) connecting++;
        if (camera.lastFailure != null) lastFailure = camera.id + ": " + camera.lastFailure;
        buffered += camera.buffer.size();
        inFlight += camera.inFlight.size();
      }
    }
    return "fleet: connected=" + connected + "/" + cameras.size() + " connecting=" + connecting + " lastConnectFailure=" + lastFailure + " generated=" + generated + " acknowledged=" + acknowledged.size()
        + " buffered=" + buffered + " inFlight=" + inFlight + " republished=" + republished + " noSubscribers=" + noSubscribers + " refused=" + refused;
  }

  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  /** Read ids generated so far (acknowledged or not). */
  Set<String> generatedSoFar() {
    return Set.copyOf(generatedIds);
  }

  long generated() {
    return generated.get();
  }

  long refused() {
    return refused.get();
  }

  /** PUBACKs with 0x10 (no matching subscribers): reads kept and published again. */
  long noSubscribers() {
    return noSubscribers.get();
  }

  long republished() {
    return republished.get();
  }

  int cameras() {
    return cameras.size();
  }

  @Override
  public void close() {
    generating = false;
    ticker.shutdownNow();
    for (Camera camera : cameras) camera.close();
  }

  private final class Camera implements MqttCallback {
    final String id;
    final String password;
    final ArrayDeque<byte[]> buffer = new ArrayDeque<>();
    final Map<Long, IMqttToken> inFlight = new HashMap<>();
    final Map<Long, byte[]> inFlightPayloads = new HashMap<>();
    final Map<byte[], Long> sequenceOf = new java.util.IdentityHashMap<>();
    final Map<byte[], String> readIdOf = new java.util.IdentityHashMap<>();
    MqttAsyncClient client;
    MqttConnectionOptions options;
    volatile boolean connecting;
    volatile long lastAttemptMs;
    volatile boolean everConnected;
    volatile String lastFailure;
    long sequence;
    double owed;
    long lastTick = -1;
    long pausedUntilMs;

    Camera(String id, String password) {
      this.id = id;
      this.password = password;
    }

    IMqttToken connect() throws MqttException {
      options = new MqttConnectionOptions();
      options.setUserName(id);
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
      options.setCleanStart(false);
      options.setSessionExpiryInterval(Duration.ofHours(1).toSeconds());
      // Reconnects are ours (see reconnectIfNeeded), each with a fresh Paho client: Paho 1.2.5's
      // own automatic reconnect, and reconnecting a client object whose connection broke, left a
      // tenth of the cameras never reconnecting after a broker restart (connect tokens that never
      // complete). The session lives on the broker; unacknowledged reads are in our buffer.
      options.setAutomaticReconnect(false);
      options.setKeepAliveInterval(10);
      options.setConnectionTimeout(5);
      options.setSocketFactory(new NoDelaySocketFactory());
      return freshClientConnect();
    }

    private IMqttToken freshClientConnect() throws MqttException {
      MqttAsyncClient old = client;
      if (old != null) {
        try {
          old.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException ignored) {
          // already broken: that is why it is replaced
        }
        try {
          old.close(true);
        } catch (MqttException | RuntimeException ignored) {
          // same
        }
      }
      MqttAsyncClient fresh = new MqttAsyncClient(url, id, new MemoryPersistence());
      fresh.setCallback(this);
      synchronized (this) {
        client = fresh;
      }
      connecting = true;
      lastAttemptMs = System.currentTimeMillis();
      return fresh.connect(options, null, new Connecting(fresh));
    }

    /** Called every tick: a camera whose connection is gone tries again, at most once a second. */
    void reconnectIfNeeded(long now) {
      MqttAsyncClient c = client;
      if (c == null || c.isConnected() || (connecting && now - lastAttemptMs < 10_000) || now - lastAttemptMs < 1_000) return;
      try {
        freshClientConnect();
      } catch (MqttException | RuntimeException e) {
        lastFailure = "connect threw " + e;
        connecting = false;
      }
    }

    private final class Connecting implements MqttActionListener {
      private final MqttAsyncClient attempt;

      Connecting(MqttAsyncClient attempt) {
        this.attempt = attempt;
      }

      @Override public void onSuccess(IMqttToken token) {
        if (attempt != client) return;
        boolean reconnect = everConnected;
        everConnected = true;
        if (reconnect) requeueInFlight();
        connecting = false;
      }

      @Override public void onFailure(IMqttToken token, Throwable exception) {
        if (attempt != client) return;
        lastFailure = "connect failed " + exception;
        connecting = false;
      }
    }

    synchronized void generate(long now) {
      if (lastTick < 0) {
        lastTick = now;
        return;
      }
      owed += (now - lastTick) / 1000.0 * readsPerSecondPerCamera;
      lastTick = now;
      while (owed >= 1) {
        owed -= 1;
        long seq = sequence++;
        String readId = CameraIds.readId(id, seq);
        byte[] payload = PlateRead.newBuilder()
            .setReadId(readId)
            .setCameraId(id)
            .setSequence(seq)
            .setCapturedAtMs(now)
            .setPublishedAtMs(now)
            .setPlateText(String.format("%d-ABC-%03d", 1 + seq % 9, seq % 1000))
            .setPlateCountry("BE")
            .setConfidence(0.9f)
            .setLane(1)
            .setDirection(Direction.DIRECTION_INBOUND)
            .setEvidence(Evidence.newBuilder().setImageKey("img/" + id + "/" + seq + ".jpg").setImageSha256("b".repeat(64)))
            .build().toByteArray();
        buffer.addLast(payload);
        sequenceOf.put(payload, seq);
        readIdOf.put(payload, readId);
        generatedIds.add(readId);
        generated.incrementAndGet();
      }
    }

    synchronized void pump() {
      MqttAsyncClient c = client;
      if (c == null || !c.isConnected() || System.currentTimeMillis() < pausedUntilMs) return;
      while (inFlight.size() < WINDOW && !buffer.isEmpty()) {
        byte[] payload = buffer.pollFirst();
        long seq = sequenceOf.get(payload);
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        try {
          IMqttToken token = c.publish(TOPICS.reads(id), message, null, new Completion(seq, payload));
          inFlight.put(seq, token);
          inFlightPayloads.put(seq, payload);
        } catch (MqttException | RuntimeException e) {
          buffer.addFirst(payload); // not sent: try again on a later tick
          return;
        }
      }
    }

    synchronized void completed(long seq, byte[] payload, IMqttToken token, boolean success) {
      if (inFlight.get(seq) == token) {
        inFlight.remove(seq);
        inFlightPayloads.remove(seq);
      }
      if (success) {
        int[] codes = token.getReasonCodes();
        int code = codes == null || codes.length == 0 ? 0 : codes[0];
        if (code >= 0x80) {
          refused.incrementAndGet();
          return;
        }
        if (code == 0x10) { // accepted and dropped: nobody subscribed. Keep it, try again soon.
          noSubscribers.incrementAndGet();
          if (!acknowledged.contains(readIdOf.get(payload)) && !inFlightPayloads.containsKey(seq) && !buffer.contains(payload)) {
            buffer.addFirst(payload);
          }
          pausedUntilMs = System.currentTimeMillis() + 500;
          return;
        }
        acknowledged.add(readIdOf.get(payload));
        if (!inFlightPayloads.containsValue(payload) && !buffer.contains(payload)) {
          sequenceOf.remove(payload);
          readIdOf.remove(payload);
        }
      } else if (!acknowledged.contains(readIdOf.get(payload)) && !inFlightPayloads.containsKey(seq) && !buffer.contains(payload)) {
        buffer.addFirst(payload);
      }
    }

    synchronized long unacknowledged() {
      return buffer.size() + inFlight.size();
    }

    /** After a reconnect everything unacknowledged goes out again (duplicates are harmless downstream). */
    synchronized void requeueInFlight() {
      for (Map.Entry<Long, byte[]> e : inFlightPayloads.entrySet()) {
        if (!acknowledged.contains(readIdOf.get(e.getValue()))) {
          buffer.addFirst(e.getValue());
          republished.incrementAndGet();
        }
      }
      inFlight.clear();
      inFlightPayloads.clear();
    }

    void close() {
      MqttAsyncClient c = client;
      if (c == null) return;
      try {
        if (c.isConnected()) c.disconnect(200).waitForCompletion(2_000);
      } catch (MqttException | RuntimeException ignored) {
        // closing a test camera
      }
      try {
        c.close(true);
      } catch (MqttException | RuntimeException ignored) {
        // closing a test camera
      }
    }

    @Override public void connectComplete(boolean reconnect, String serverUri) {}
    @Override public void disconnected(MqttDisconnectResponse response) {}
    @Override public void mqttErrorOccurred(MqttException exception) {}
    @Override public void messageArrived(String topic, MqttMessage message) {}
    @Override public void deliveryComplete(IMqttToken token) {}
    @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}

    private final class Completion implements MqttActionListener {
      final long seq;
      final byte[] payload;

      Completion(long seq, byte[] payload) {
        this.seq = seq;
        this.payload = payload;
      }

      @Override public void onSuccess(IMqttToken token) {
        completed(seq, payload, token, true);
      }

      @Override public void onFailure(IMqttToken token, Throwable exception) {
        completed(seq, payload, token, false);
      }
    }
  }
}
