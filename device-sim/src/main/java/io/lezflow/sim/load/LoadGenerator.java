package io.lezflow.sim.load;

import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.ResendRequests;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.sim.traffic.BrusselsComplianceOracle;
import io.lezflow.schemas.NoDelaySocketFactory;
import io.lezflow.sim.traffic.VehiclePopulation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * A load generator of camera traffic: thousands of cameras (logical: their reads are multiplexed
 * over a few MQTT connections, each camera still on its own topic with its own sequence), at an
 * <b>open-loop</b> rate that does not slow down when the system does.
 *
 * <p>No coordinated omission: read i has an intended send time {@code start + i / rate}; its
 * {@code captured_at_ms} is that intended time, whenever it actually leaves (if the broker or
 * this machine falls behind, reads queue here and leave late, and everything downstream measures
 * their latency from when they should have left). Nothing is skipped to catch up.
 *
 * <p>Traffic: {@link TrafficShape} (trips past several cameras, regulars, misreads), a vehicle
 * population with its non-compliant and foreign shares, optionally rush hours over a compressed
 * day ({@link Settings#dayLengthSeconds}).
 *
 * <p>Cameras keep their recent reads ({@link Settings#recentReadsPerCamera}) and answer a
 * re-request on {@code <root>/cameras/<id>/resend} ({@link ResendRequests}) by publishing those
 * reads again. {@link Settings#lossShare} makes the generator withhold a share of reads on the
 * first send (a broker that drops under load, on purpose), which only a re-request recovers.
 */
public final class LoadGenerator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

  /**
   * @param mqttUrl broker ({@code tcp://host:port})
   * @param topics topic scheme
   * @param cameras logical cameras, ids {@code CameraIds.of(cameraPrefix, 1..cameras)}
   * @param cameraPrefix prefix of the camera ids (the registry the pipeline knows must match)
   * @param connections MQTT connections the cameras share (camera n on connection n mod connections)
   * @param qos 0 or 1
   * @param window QoS 1 publishes in flight per connection (capped by the broker's receive maximum)
   * @param seed traffic seed
   * @param recentReadsPerCamera reads each camera keeps for re-requests
   * @param lossShare share of reads withheld on the first send (0: none)
   * @param dayLengthSeconds 0: constant rate; else a day of rush hours compressed into this many seconds
   * @param maxQueued reads waiting to be sent beyond which new ones are not generated (counted in {@link #overflowed})
   */
  public record Settings(String mqttUrl, MqttTopics topics, int cameras, String cameraPrefix, int connections, int qos,
      int window, long seed, int recentReadsPerCamera, double lossShare, double dayLengthSeconds, int maxQueued) {
    public Settings {
      Objects.requireNonNull(mqttUrl, "mqttUrl");
      Objects.requireNonNull(topics, "topics");
      if (cameras < 1 || cameras > 9_999) throw new IllegalArgumentException("cameras must be 1..9999, got " + cameras);
      if (connections < 1 || connections > cameras) throw new IllegalArgumentException("connections must be 1..cameras, got " + connections);
      if (qos != 0 && qos != 1) throw new IllegalArgumentException("qos must be 0 or 1, got " + qos);
      if (window < 1 || window > 65_535) throw new IllegalArgumentException("window must be 1..65535, got " + window);
      if (recentReadsPerCamera < 1) throw new IllegalArgumentException("recentReadsPerCamera must be >= 1, got " + recentReadsPerCamera);
      if (!(lossShare >= 0 && lossShare < 1)) throw new IllegalArgumentException("lossShare must be in [0, 1), got " + lossShare);
      if (dayLengthSeconds < 0) throw new IllegalArgumentException("dayLengthSeconds must be >= 0, got " + dayLengthSeconds);
      if (maxQueued < 1) throw new IllegalArgumentException("maxQueued must be >= 1, got " + maxQueued);
    }

    public static Settings defaults(String mqttUrl, int cameras) {
      return new Settings(mqttUrl, MqttTopics.DEFAULT, cameras, "bru", Math.min(cameras, 8), 1, 1_000, 42L, 64, 0, 0, 2_000_000);
    }

    public Settings withConnections(int n) {
      return new Settings(mqttUrl, topics, cameras, cameraPrefix, n, qos, window, seed, recentReadsPerCamera, lossShare, dayLengthSeconds, maxQueued);
    }

    public Settings withQos(int q) {
      return new Settings(mqttUrl, topics, cameras, cameraPrefix, connections, q, window, seed, recentReadsPerCamera, lossShare, dayLengthSeconds, maxQueued);
    }

    public Settings withTopics(MqttTopics t) {
      return new Settings(mqttUrl, t, cameras, cameraPrefix, connections, qos, window, seed, recentReadsPerCamera, lossShare, dayLengthSeconds, maxQueued);
    }

    public Settings withLossShare(double share) {
      return new Settings(mqttUrl, topics, cameras, cameraPrefix, connections, qos, window, seed, recentReadsPerCamera, share, dayLengthSeconds, maxQueued);
    }

    public Settings withDayLengthSeconds(double seconds) {
      return new Settings(mqttUrl, topics, cameras, cameraPrefix, connections, qos, window, seed, recentReadsPerCamera, lossShare, seconds, maxQueued);
    }

    public Settings withSeed(long s) {
      return new Settings(mqttUrl, topics, cameras, cameraPrefix, connections, qos, window, s, recentReadsPerCamera, lossShare, dayLengthSeconds, maxQueued);
    }

    public String cameraId(int n) {
      return CameraIds.of(cameraPrefix, n);
    }
  }

  private final Settings settings;
  private final List<VehicleRecord> population;
  private final boolean[] banned;
  private final TrafficShape traffic;
  private final SplittableRandom lossRandom;
  private final String[] cameraIds;
  private final String[] readTopics;
  private final Map<String, Integer> cameraNumbers = new HashMap<>();
  private final long[] nextSequence;
  private final byte[][] recent;
  private final long[] recentSequence;
  /** Per camera: withheld reads after its last sent one (no later read can reveal them yet). */
  private final int[] withheldAtTail;
  /** Per camera: whether any read was sent yet (withheld reads before the first sent one are never revealed). */
  private final boolean[] anySent;
  private long withheldAtHead;
  private final List<Lane> lanes = new ArrayList<>();
  private final Thread generator;

  private final AtomicLong generated = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong withheld = new AtomicLong();
  private final AtomicLong resent = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong foreignReads = new AtomicLong();
  private final AtomicLong nonCompliantReads = new AtomicLong();
  private final AtomicLong misreads = new AtomicLong();
  private volatile long maxSendLagNanos;

  private volatile double rate;
  private volatile boolean running;
  private volatile boolean closed;
  private final long startNanos;
  private final long startWallMs;

  /**
   * Connects the connections and starts generating at {@code readsPerSecond} (which {@link
   * #setRate} changes at any time; 0 pauses).
   */
  public LoadGenerator(Settings settings, List<VehicleRecord> population, double readsPerSecond) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (population == null || population.isEmpty()) throw new IllegalArgumentException("population must not be empty");
    this.population = List.copyOf(population);
    LocalDate today = LocalDate.now(VehiclePopulation.BRUSSELS);
    this.banned = new boolean[population.size()];
    for (int i = 0; i < banned.length; i++) banned[i] = BrusselsComplianceOracle.banned(population.get(i), today);
    this.traffic = TrafficShape.defaults(settings.seed(), settings.cameras(), population.size());
    this.lossRandom = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
    int cameras = settings.cameras();
    this.cameraIds = new String[cameras + 1];
    this.readTopics = new String[cameras + 1];
    for (int n = 1; n <= cameras; n++) {
      cameraIds[n] = settings.cameraId(n);
      readTopics[n] = settings.topics().reads(cameraIds[n]);
      cameraNumbers.put(cameraIds[n], n);
    }
    this.nextSequence = new long[cameras + 1];
    java.util.Arrays.fill(nextSequence, 1);
    this.recent = new byte[(cameras + 1) * settings.recentReadsPerCamera()][];
    this.recentSequence = new long[recent.length];
    this.withheldAtTail = new int[cameras + 1];
    this.anySent = new boolean[cameras + 1];
    String nonce = Long.toString(System.nanoTime() % 1_000_000, 36);
    try {
      for (int k = 0; k < settings.connections(); k++) lanes.add(new Lane(k, "load-" + nonce + "-" + k));
      for (Lane lane : lanes) lane.connect();
      lanes.get(0).subscribeResend();
    } catch (MqttException | RuntimeException e) {
      close();
      throw new IllegalStateException("load generator cannot connect to " + settings.mqttUrl() + ": " + e, e);
    }
    setRate(readsPerSecond);
    this.startNanos = System.nanoTime();
    this.startWallMs = System.currentTimeMillis();
    this.running = true;
    this.generator = new Thread(this::generate, "lez-load-generator");
    generator.setDaemon(true);
    generator.start();
  }

  /** The open-loop rate from now on, reads/s (0 pauses generation; what is queued still leaves). */
  public void setRate(double readsPerSecond) {
    if (!(readsPerSecond >= 0) || Double.isInfinite(readsPerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0 reads/s, got " + readsPerSecond);
    }
    this.rate = readsPerSecond;
  }

  public double rate() {
    return rate;
  }

  // ---------------------------------------------------------------- generation

  private void generate() {
    long next = System.nanoTime();
    while (running) {
      double r = currentRate(next);
      long now = System.nanoTime();
      if (r <= 0) {
        next = now;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        continue;
      }
      if (next > now) {
        LockSupport.parkNanos(Math.min(next - now, TimeUnit.MILLISECONDS.toNanos(1)));
        continue;
      }
      // Every read whose intended time has come, each stamped with that time (not with now).
      int burst = 0;
      while (next <= now && running && burst < 10_000) {
        emit(next);
        next += (long) (1e9 / currentRate(next));
        burst++;
      }
      for (Lane lane : lanes) lane.drain();
    }
  }

  private double currentRate(long atNanos) {
    double r = rate;
    if (settings.dayLengthSeconds() <= 0 || r <= 0) return r;
    double seconds = (atNanos - startNanos) / 1e9;
    double hour = 24.0 * (seconds % settings.dayLengthSeconds()) / settings.dayLengthSeconds();
    return Math.max(1, r * TrafficShape.rateFactor(hour));
  }

  private void emit(long intendedNanos) {
    if (queued.get() >= settings.maxQueued()) {
      overflowed.incrementAndGet();
      return;
    }
    TrafficShape.Pass pass = traffic.next();
    int camera = pass.camera();
    long sequence = nextSequence[camera]++;
    VehicleRecord vehicle = population.get(pass.vehicleIndex());
    long capturedAtMs = startWallMs + (intendedNanos - startNanos) / 1_000_000;
    String plate = vehicle.getPlate();
    if (pass.misread()) {
      plate = TrafficShape.misread(plate);
      misreads.incrementAndGet();
    }
    if (!"BE".equals(vehicle.getCountry())) foreignReads.incrementAndGet();
    if (banned[pass.vehicleIndex()]) nonCompliantReads.incrementAndGet();
    String readId = CameraIds.readId(cameraIds[camera], sequence);
    byte[] payload = PlateRead.newBuilder()
        .setReadId(readId)
        .setCameraId(cameraIds[camera])
        .setSequence(sequence)
        .setCapturedAtMs(capturedAtMs)
        .setPublishedAtMs(System.currentTimeMillis())
        .setPlateText(plate)
        .setPlateCountry(vehicle.getCountry())
        .setConfidence(pass.confidence())
        .setLane(pass.lane())
        .setDirection(pass.direction())
        .setEvidence(Evidence.newBuilder().setImageKey("evidence/" + cameraIds[camera] + "/" + sequence + ".jpg"))
        .build()
        .toByteArray();
    int slot = camera * settings.recentReadsPerCamera() + (int) (sequence % settings.recentReadsPerCamera());
    synchronized (recent) {
      recent[slot] = payload;
      recentSequence[slot] = sequence;
    }
    generated.incrementAndGet();
    if (settings.lossShare() > 0 && lossRandom.nextDouble() < settings.lossShare()) {
      withheld.incrementAndGet(); // "dropped by the broker": kept only in the camera's recent reads
      if (anySent[camera]) {
        withheldAtTail[camera]++;
      } else {
        withheldAtHead++;
      }
      return;
    }
    withheldAtTail[camera] = 0;
    anySent[camera] = true;
    queued.incrementAndGet();
    laneOf(camera).queue.add(new Pending(camera, payload, intendedNanos));
  }

  private Lane laneOf(int camera) {
    return lanes.get(camera % lanes.size());
  }

  /** A re-request: publish the camera's reads of the given ranges again, those it still has. */
  private void resend(String topic, byte[] request) {
    String prefix = settings.topics().root() + "/cameras/";
    if (!topic.startsWith(prefix) || !topic.endsWith("/resend")) return;
    Integer camera = cameraNumbers.get(topic.substring(prefix.length(), topic.length() - "/resend".length()));
    if (camera == null) return;
    Lane lane = laneOf(camera);
    for (long[] range : ResendRequests.parse(request, settings.recentReadsPerCamera())) {
      for (long s = range[0]; s <= range[1]; s++) {
        int slot = camera * settings.recentReadsPerCamera() + (int) (s % settings.recentReadsPerCamera());
        byte[] payload;
        synchronized (recent) {
          payload = recentSequence[slot] == s ? recent[slot] : null;
        }
        if (payload == null) continue; // no longer in the camera's buffer
        resent.incrementAndGet();
        queued.incrementAndGet();
        lane.queue.add(new Pending(camera, payload, System.nanoTime()));
      }
    }
    lane.drain();
  }

  private record Pending(int camera, byte[] payload, long intendedNanos) {}

  // ---------------------------------------------------------------- one MQTT connection

  private final class Lane {
    final int index;
    final MqttAsyncClient client;
    final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    final AtomicInteger wip = new AtomicInteger();
    final MqttActionListener listener = new Listener();
    volatile Semaphore permits = new Semaphore(0);

    Lane(int index, String clientId) throws MqttException {
      this.index = index;
      this.client = new MqttAsyncClient(settings.mqttUrl(), clientId, new MemoryPersistence());
      client.setCallback(new Callback());
    }

    void connect() throws MqttException {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setKeepAliveInterval(30);
      options.setConnectionTimeout(10);
      options.setAutomaticReconnect(true);
      if (settings.mqttUrl().startsWith("tcp://")) options.setSocketFactory(new NoDelaySocketFactory());
      IMqttToken token = client.connect(options);
      token.waitForCompletion(15_000);
      Integer receiveMaximum = token.getResponseProperties() == null ? null : token.getResponseProperties().getReceiveMaximum();
      permits = new Semaphore(Math.min(settings.window(), receiveMaximum == null ? 65_535 : receiveMaximum));
    }

    void subscribeResend() throws MqttException {
      // setCallback + subscribe(filter, qos): the listener overload recurses in Paho 1.2.5 (docs/design.md, "MQTT client facts").
      client.subscribe(settings.topics().root() + "/cameras/+/resend", 1).waitForCompletion(15_000);
    }

    void drain() {
      if (wip.getAndIncrement() != 0) return;
      int missed = 1;
      do {
        publishWhilePermitted();
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void publishWhilePermitted() {
      while (!closed) {
        Pending next = queue.peek();
        if (next == null) return;
        boolean qos1 = settings.qos() == 1;
        if (qos1 && !permits.tryAcquire()) return;
        queue.poll();
        try {
          long lag = System.nanoTime() - next.intendedNanos();
          if (lag > maxSendLagNanos) maxSendLagNanos = lag;
          client.publish(readTopics[next.camera()], new MqttMessage(next.payload(), settings.qos(), false, null), next, listener);
          if (!qos1) {
            queued.decrementAndGet();
            acknowledged.incrementAndGet();
          }
        } catch (MqttException | RuntimeException e) {
          if (qos1) permits.release();
          queue.add(next); // order within a camera may change: downstream keys by read id, not by order
          failures.incrementAndGet();
          return;
        }
      }
    }

    private final class Listener implements MqttActionListener {
      @Override
      public void onSuccess(IMqttToken token) {
        if (settings.qos() == 1) {
          permits.release();
          queued.decrementAndGet();
          acknowledged.incrementAndGet();
        }
        drain();
      }

      @Override
      public void onFailure(IMqttToken token, Throwable exception) {
        if (settings.qos() == 1) permits.release();
        failures.incrementAndGet();
        if (!closed && token.getUserContext() instanceof Pending p) queue.add(p);
        drain();
      }
    }

    private final class Callback implements MqttCallback {
      @Override public void disconnected(MqttDisconnectResponse response) {
        if (!closed) LOG.warn("load generator connection {} lost: {}", index, response);
      }
      @Override public void mqttErrorOccurred(MqttException exception) {}
      @Override public void messageArrived(String topic, MqttMessage message) {
        try {
          resend(topic, message.getPayload());
        } catch (RuntimeException e) {
          LOG.warn("answering a re-request on {} failed: {}", topic, e.toString());
        }
      }
      @Override public void deliveryComplete(IMqttToken token) {}
      @Override public void connectComplete(boolean reconnect, String serverUri) {}
      @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
  }

  // ---------------------------------------------------------------- figures

  /** Reads generated (each with its camera's next sequence), withheld ones included. */
  public long generated() {
    return generated.get();
  }

  /** Reads the broker acknowledged (QoS 1) or handed to the socket (QoS 0), resends included. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Reads withheld on purpose ({@link Settings#lossShare}). */
  public long withheld() {
    return withheld.get();
  }

  /**
   * Withheld reads a receiver that tracks sequences cannot know of: those no later read of their
   * camera followed yet (until the camera sends again), and those before a camera's first sent read
   * (no earlier read to compare with). Read it after {@link #stop}.
   */
  public long withheldUndetectable() {
    long n = withheldAtHead;
    for (int w : withheldAtTail) n += w;
    return n;
  }

  /** Reads published again on a re-request. */
  public long resent() {
    return resent.get();
  }

  /** Reads not generated because {@link Settings#maxQueued} reads were already waiting: the system is far behind. */
  public long overflowed() {
    return overflowed.get();
  }

  /** Reads generated and not yet acknowledged by the broker. */
  public long queued() {
    return queued.get();
  }

  public long publishFailures() {
    return failures.get();
  }

  public long foreignReads() {
    return foreignReads.get();
  }

  public long nonCompliantReads() {
    return nonCompliantReads.get();
  }

  public long misreads() {
    return misreads.get();
  }

  /** Longest time a read waited here after its intended send time. */
  public long maxSendLagMillis() {
    return maxSendLagNanos / 1_000_000;
  }

  /** When generation started (wall clock): capture times count from here. */
  public Instant startedAt() {
    return Instant.ofEpochMilli(startWallMs);
  }

  public List<String> cameraIds() {
    return List.of(cameraIds).subList(1, cameraIds.length);
  }

  /** Stops generating; waits up to {@code timeoutMillis} for what is queued to be acknowledged, then disconnects. */
  public void stop(long timeoutMillis) {
    running = false;
    if (generator != null) {
      try {
        generator.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (queued.get() > 0 && System.nanoTime() < deadline) {
      for (Lane lane : lanes) lane.drain();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling a counter, not synchronising a test
    }
  }

  @Override
  public void close() {
    running = false;
    closed = true;
    for (Lane lane : lanes) {
      try {
        if (lane.client.isConnected()) lane.client.disconnect(0).waitForCompletion(5_000);
      } catch (MqttException | RuntimeException e) {
        LOG.debug("load generator disconnect: {}", e.toString());
      }
      try {
        lane.client.close(true);
      } catch (MqttException | RuntimeException e) {
        LOG.debug("load generator close: {}", e.toString());
      }
    }
  }

  /** For a report: the shares of the traffic generated so far. */
  public String describeTraffic() {
    long n = Math.max(1, generated());
    return String.format(java.util.Locale.ROOT, "%d cameras on %d connections; %.1f %% non-compliant, %.1f %% foreign, %.1f %% misread",
        settings.cameras(), settings.connections(), 100.0 * nonCompliantReads() / n, 100.0 * foreignReads() / n, 100.0 * misreads() / n);
  }
}
