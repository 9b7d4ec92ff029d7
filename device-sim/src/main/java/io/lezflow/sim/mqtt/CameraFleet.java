package io.lezflow.sim.mqtt;

import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.images.CameraImageStore;
import io.lezflow.sim.images.PlateImages;
import io.lezflow.sim.reference.CameraRegistry;
import io.lezflow.sim.traffic.BrusselsComplianceOracle;
import io.lezflow.sim.traffic.Passage;
import io.lezflow.sim.traffic.PlateReads;
import io.lezflow.sim.traffic.TrafficModel;
import io.lezflow.sim.traffic.VehiclePopulation;

import io.lezflow.schemas.ViolationIds;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.CameraState;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of simulated ANPR cameras publishing {@link PlateRead}s (QoS 1) and retained
 * {@code CameraStatus} heartbeats over MQTT v5, one Paho connection per camera (client id and,
 * with a fleet secret, username = camera id; see {@link CameraCredentials}). The cameras are those
 * of {@link #registrations()}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Which vehicle passes which camera as its n-th read is deterministic from the seed
 *       ({@link TrafficModel}); only timestamps come from the clock.
 *   <li>No read is ever dropped: a generated read stays in its camera's offline buffer until the
 *       broker acknowledged it (PUBACK), across lost connections and reconnects (each camera
 *       reconnects by itself, with back-off and jitter), and keeps its capture time. When a
 *       camera's buffer holds {@code offlineBufferReads} unacknowledged reads, the camera captures
 *       nothing more until it drains (each skipped capture counted in {@link #throttled()}), as a
 *       real camera with a full offline buffer would.
 *   <li>{@link #published()}, {@link #acknowledgedReadIds()} and {@link #expectedViolationIds()}
 *       count only reads the broker acknowledged as delivered (PUBACK Success); each read counts
 *       once even if it was sent twice. A PUBACK "no matching subscribers" (0x10) is no delivery:
 *       the read stays buffered and is published again with back-off ({@link #readsNotDelivered()}).
 *   <li>Threads: one shared {@link FleetExecutor} (Paho's 3 connection loops per camera, two
 *       scheduler threads that drive the rate, the heartbeats, the keep-alive pings and the
 *       cameras' reconnect attempts); nothing is left running after {@link #close()}.
 * </ul>
 * Plates never appear in a log line: cameras and counts only.
 */
public final class CameraFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraFleet.class);

  static final long TICK_MICROS = 5_000;
  static final long HEARTBEAT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DISCONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final int MAX_CLOSING_THREADS = 64;

  private enum State { NEW, RUNNING, CLOSED }

  private final SimulatorConfig config;
  private final List<VehicleRecord> population;
  private final Clock clock;
  private final long firstSequence;

  private final Object lifecycle = new Object();
  private State state = State.NEW;
  private FleetExecutor executor;
  private volatile List<Camera> cameras = List.of();
  private ScheduledFuture<?> ticker;

  // Generation: guarded by generationLock.
  private final Object generationLock = new Object();
  private volatile boolean publishing;
  private long startNanos;
  private long attempted;
  private int nextCamera;

  private final AtomicLong generated = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong behindSchedule = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong rejectedReads = new AtomicLong();
  private final AtomicLong windowFull = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong statusesAcknowledged = new AtomicLong();
  private final AtomicLong readsNotDelivered = new AtomicLong();
  private final AtomicLong heartbeatsNotDelivered = new AtomicLong();
  private final AtomicLong connectionLosses = new AtomicLong();
  private final AtomicLong reconnectAttempts = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong captureSuspensions = new AtomicLong();
  private final Set<String> acknowledgedReadIds = ConcurrentHashMap.newKeySet();
  /** Per vehicle (index in the population), the capture days of its acknowledged reads on which the oracle bans it. */
  private final Map<Integer, Set<LocalDate>> bannedDays = new ConcurrentHashMap<>();
  private final Set<String> rejectedReadIds = ConcurrentHashMap.newKeySet();

  private final Object ackMonitor = new Object();
  /** Where the cameras keep each read's plate image; null: no images (a load generator's fleet). */
  private volatile CameraImageStore images;
  private final AtomicInteger ackWaiters = new AtomicInteger();

  public CameraFleet(SimulatorConfig config, List<VehicleRecord> population, Clock clock) {
    this(config, population, clock, 1L);
  }

  /**
   * @param firstSequence the sequence of each camera's first read; a real camera persists its
   *     counter across restarts, so a simulator restarted against the same pipeline should start
   *     above what it used before (read ids are deduplicated downstream).
   */
  public CameraFleet(SimulatorConfig config, List<VehicleRecord> population, Clock clock, long firstSequence) {
    if (config == null) throw new IllegalArgumentException("config must be set");
    if (population == null || population.isEmpty()) {
      throw new IllegalArgumentException("population must hold at least one vehicle (see VehiclePopulation.generate)");
    }
    if (population.size() != config.vehicles()) {
      throw new IllegalArgumentException("population has " + population.size() + " vehicles but SimulatorConfig.vehicles is "
          + config.vehicles() + ": generate it with VehiclePopulation.generate(config.seed(), config.vehicles(), today)");
    }
    if (clock == null) throw new IllegalArgumentException("clock must be set");
    if (firstSequence < 1) throw new IllegalArgumentException("firstSequence must be >= 1, got " + firstSequence);
    this.config = config;
    this.population = List.copyOf(population);
    this.clock = clock;
    this.firstSequence = firstSequence;
  }

  /**
   * From now on each camera renders a plate image per read ({@link PlateImages}), keeps it in
   * {@code store} and sends its SHA-256 in the read. Without it reads carry a stand-in hash and no
   * image exists (cheaper for load generation).
   */
  public CameraFleet keepImagesIn(CameraImageStore store) {
    this.images = store;
    return this;
  }

  /**
   * Connects every camera (all at once, waiting up to 30 s) and starts publishing at the
   * configured rate. Throws {@link IllegalStateException} naming the broker and the cause if a
   * camera cannot connect; nothing is left running then.
   */
  public void start() {
    synchronized (lifecycle) {
      if (state != State.NEW) throw new IllegalStateException("a camera fleet starts once; this one is " + state);
      state = State.RUNNING;
      executor = new FleetExecutor("lez-sim-" + config.cameraPrefix());
    }
    long started = System.nanoTime();
    try {
      cameras = Collections.unmodifiableList(createCameras());
      connectAll();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("Camera fleet: {} cameras connected to {} in {} ms (publish window {} per camera); {} reads/s over {} vehicles",
        cameras.size(), config.mqttUrl(), (System.nanoTime() - started) / 1_000_000, cameras.get(0).window(),
        config.readsPerSecond(), population.size());
    synchronized (generationLock) {
      startNanos = System.nanoTime();
      attempted = 0;
      publishing = true;
      for (Camera camera : cameras) {
        // Spread the heartbeats over the interval; the first one right away.
        camera.nextHeartbeatNanos = startNanos + HEARTBEAT_INTERVAL_NANOS * (camera.number - 1) / cameras.size();
        camera.requestHeartbeat();
      }
    }
    ticker = executor.scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
  }

  private List<Camera> createCameras() {
    List<CameraRegistration> registrations = registrations();
    List<Camera> created = new ArrayList<>(config.cameras());
    for (int n = 1; n <= config.cameras(); n++) {
      CameraRegistration registration = registrations.get(n - 1);
      try {
        created.add(new Camera(this, config, registration, n, new TrafficModel(config.seed(), n, population.size()),
            firstSequence, executor));
      } catch (MqttException e) {
        throw new IllegalStateException("Camera " + registration.getCameraId() + ": cannot create an MQTT client for "
            + config.mqttUrl() + ": " + e, e);
      }
      cameras = created; // so that close() can reach the clients created so far
    }
    return created;
  }

  private void connectAll() {
    List<IMqttToken> tokens = new ArrayList<>(cameras.size());
    for (Camera camera : cameras) {
      try {
        tokens.add(camera.connect(nowMs()));
      } catch (MqttException e) {
        throw cannotConnect(camera, e);
      }
    }
    long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    for (int i = 0; i < tokens.size(); i++) {
      Camera camera = cameras.get(i);
      try {
        tokens.get(i).waitForCompletion(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (MqttException e) {
        throw cannotConnect(camera, e);
      }
      if (!tokens.get(i).isComplete() || !camera.isConnected()) {
        throw new IllegalStateException("Camera " + camera.id + " did not connect to the MQTT broker at " + config.mqttUrl()
            + " within " + CONNECT_TIMEOUT.toSeconds() + " s: is the broker overloaded?");
      }
      camera.connected(tokens.get(i));
    }
  }

  private IllegalStateException cannotConnect(Camera camera, MqttException e) {
    if (Camera.isCredentialsRefused(e.getReasonCode())) {
      String hint = config.fleetSecret().isPresent()
          ? "the camera logged in as '" + camera.id + "' with the password derived from the fleet secret "
              + "(CameraCredentials.passwordFor): was the broker's password file generated from the same fleet secret, for this camera id?"
          : "the camera connected without credentials: the broker requires them; set the fleet secret (SimulatorConfig.withFleetSecret) "
              + "that the broker's password file was generated from";
      return new IllegalStateException("Camera " + camera.id + " cannot connect to the MQTT broker at " + config.mqttUrl()
          + ": the broker refused its credentials (reason " + e.getReasonCode() + "): " + hint, e);
    }
    return new IllegalStateException("Camera " + camera.id + " cannot connect to the MQTT broker at " + config.mqttUrl()
        + ": " + e.getMessage() + " (reason " + e.getReasonCode() + "). Is the broker running and reachable at that address?", e);
  }

  /** The scheduler's heartbeat: generates the reads due since the start, heartbeats, and resumes stalled cameras. */
  private void tick() {
    try {
      long now = System.nanoTime();
      synchronized (generationLock) {
        if (publishing) generateDueReads(now);
        for (Camera camera : cameras) {
          if (now - camera.nextHeartbeatNanos >= 0) {
            camera.nextHeartbeatNanos += HEARTBEAT_INTERVAL_NANOS;
            camera.requestHeartbeat();
          }
        }
      }
      // Hands this tick's new reads to Paho, outside the generation lock and once per camera
      // rather than once per read. Afterwards PUBACKs and reconnects drive the draining; this
      // also covers a wake-up that Paho would never deliver.
      for (Camera camera : cameras) {
        if (camera.hasWork()) camera.drain();
      }
    } catch (RuntimeException e) {
      // An exception would silently cancel the schedule: log and go on.
      LOG.error("Camera fleet tick failed", e);
    }
  }

  private void generateDueReads(long now) {
    double rate = config.readsPerSecond();
    long due = (long) ((now - startNanos) / 1e9 * rate) - attempted;
    long maxBacklog = Math.max(1, (long) rate);
    if (due > maxBacklog) {
      // More than a second behind (a paused VM, a starved CPU): give up the excess instead of
      // bursting it, and say so in behindSchedule().
      behindSchedule.addAndGet(due - maxBacklog);
      attempted += due - maxBacklog;
      due = maxBacklog;
    }
    // A tenth of a second per tick at most, so that stopPublishing() never waits long for the lock.
    long budget = Math.min(due, Math.max(1, (long) (rate / 10)));
    for (long i = 0; i < budget; i++) {
      Camera camera = cameras.get(nextCamera);
      nextCamera = (nextCamera + 1) % cameras.size();
      attempted++;
      if (!camera.mayCapture()) {
        throttled.incrementAndGet();
        continue;
      }
      Passage passage = camera.traffic.next();
      long sequence = camera.nextSequence();
      long capturedAtMs = nowMs();
      VehicleRecord vehicle = population.get(passage.vehicleIndex());
      PlateRead read = PlateReads.capture(camera.id, sequence, capturedAtMs, vehicle, passage);
      CameraImageStore imageStore = images;
      if (imageStore != null) {
        byte[] png = PlateImages.render(read);
        read = PlateReads.withImage(read, png);
        imageStore.put(read.getEvidence().getImageKey(), png, capturedAtMs);
      }
      LocalDate captureDay = Instant.ofEpochMilli(capturedAtMs).atZone(VehiclePopulation.BRUSSELS).toLocalDate();
      generated.incrementAndGet();
      camera.enqueueRead(new Outgoing.Read(read, passage.vehicleIndex(), captureDay));
    }
  }

  /** Stops generating reads; heartbeats and the delivery of what is buffered go on until {@link #close()}. */
  public void stopPublishing() {
    synchronized (generationLock) {
      publishing = false;
    }
  }

  /**
   * Waits until every read generated before this call is acknowledged by the broker.
   *
   * @return false if that did not happen within the timeout
   */
  public boolean awaitAcknowledged(Duration timeout) {
    long[] targets;
    synchronized (generationLock) {
      targets = new long[cameras.size()];
      for (int i = 0; i < targets.length; i++) targets[i] = cameras.get(i).lastGeneratedSequence();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (ackMonitor) {
      ackWaiters.incrementAndGet();
      try {
        while (!allAcknowledged(targets)) {
          long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
          if (remainingMs <= 0) return false;
          ackMonitor.wait(remainingMs);
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        ackWaiters.decrementAndGet();
      }
    }
  }

  private boolean allAcknowledged(long[] targets) {
    for (int i = 0; i < targets.length; i++) {
      if (!cameras.get(i).acknowledgedUpTo(targets[i])) return false;
    }
    return true;
  }

  /** Reads generated (captured by a camera). */
  public long generated() {
    return generated.get();
  }

  /** Reads acknowledged by the broker (PUBACK), each counted once. */
  public long published() {
    return published.get();
  }

  /**
   * Captures skipped because the camera's offline buffer was full (the broker was unreachable or
   * could not keep up for longer than the buffer lasts). Such a read never existed: no sequence,
   * not in {@link #generated()}; what was captured is never dropped.
   */
  public long throttled() {
    return throttled.get();
  }

  /**
   * Reads not generated because the fleet fell more than a second behind its rate: the machine
   * (not the broker) could not keep up with {@code readsPerSecond}.
   */
  public long behindSchedule() {
    return behindSchedule.get();
  }

  /** Reads the broker refused with an error reason code; kept in {@link #rejectedReadIds()}, never retried. */
  public long rejected() {
    return rejectedReads.get();
  }

  public Set<String> rejectedReadIds() {
    return Set.copyOf(rejectedReadIds);
  }

  /** Times Paho refused a publish with "too many publishes in progress" (32202), each resumed on the next PUBACK. */
  public long windowFullEvents() {
    return windowFull.get();
  }

  /** Publishes handed to Paho again after they failed (e.g. the connection was lost). */
  public long retries() {
    return retries.get();
  }

  public long heartbeatsAcknowledged() {
    return statusesAcknowledged.get();
  }

  /**
   * Read publishes the broker accepted but delivered to nobody (PUBACK 0x10 "no matching
   * subscribers", e.g. a restarted Mosquitto before the ingest gateway has subscribed again). Each
   * such read was kept and published again; a read answered so three times counts three.
   */
  public long readsNotDelivered() {
    return readsNotDelivered.get();
  }

  /** Heartbeats answered "no matching subscribers" (0x10): not resent, the next one follows within the interval. */
  public long heartbeatsNotDelivered() {
    return heartbeatsNotDelivered.get();
  }

  /** Cameras whose reads the broker currently answers with "no matching subscribers": they hold their reads back and probe. */
  public int camerasAwaitingSubscriber() {
    int waiting = 0;
    for (Camera camera : cameras) {
      if (camera.awaitingSubscriber()) waiting++;
    }
    return waiting;
  }

  /** Times a camera lost its broker connection (it reconnects by itself). */
  public long connectionLosses() {
    return connectionLosses.get();
  }

  /** Attempts to reconnect, successful or not, over all cameras. */
  public long reconnectAttempts() {
    return reconnectAttempts.get();
  }

  /** Successful reconnects over all cameras. */
  public long reconnects() {
    return reconnects.get();
  }

  /** Times a camera's offline buffer ran full (it then skips captures until the buffer drains). */
  public long captureSuspensions() {
    return captureSuspensions.get();
  }

  /** Reads captured and not yet acknowledged, over all cameras: the offline buffers' depth. */
  public long bufferedReads() {
    long buffered = 0;
    for (Camera camera : cameras) buffered += camera.unackedReads();
    return buffered;
  }

  /** Cameras whose heartbeat would say DEGRADED now (replaying an offline backlog, or buffer full). */
  public int degradedCameras() {
    int degraded = 0;
    for (Camera camera : cameras) {
      if (camera.currentState() == CameraState.CAMERA_STATE_DEGRADED) degraded++;
    }
    return degraded;
  }

  /**
   * The registrations of this fleet's cameras ({@link CameraRegistry#of}): what {@link
   * CameraRegistryPublisher} publishes, and where each camera says it stands in its heartbeats.
   */
  public List<CameraRegistration> registrations() {
    return CameraRegistry.of(config);
  }

  /** Cameras connected to the broker right now. */
  public int connectedCameras() {
    int connected = 0;
    for (Camera camera : cameras) {
      if (camera.isConnected()) connected++;
    }
    return connected;
  }

  /** Camera ids of this fleet, in order. */
  public List<String> cameraIds() {
    List<String> ids = new ArrayList<>(config.cameras());
    for (int n = 1; n <= config.cameras(); n++) ids.add(config.cameraId(n));
    return ids;
  }

  /**
   * The violation ids the pipeline must produce from the acknowledged reads: {@code
   * ViolationIds.of(zoneId, vehicleKey, capture day in Europe/Brussels)} for each read of a vehicle
   * that {@link BrusselsComplianceOracle} bans on that day — and, under a warning-first step, whose
   * earlier days make that day a violation ({@link BrusselsComplianceOracle#violationDays}: a car
   * warned three days ago is not fineable today). Computed from all acknowledged reads, whatever the
   * order their acknowledgements came in.
   */
  public Set<String> expectedViolationIds() {
    Set<String> ids = new HashSet<>();
    bannedDays.forEach((index, days) -> {
      VehicleRecord vehicle = population.get(index);
      for (LocalDate day : BrusselsComplianceOracle.violationDays(vehicle, Set.copyOf(days))) {
        ids.add(ViolationIds.of(config.zoneId(), vehicle.getVehicleKey(), day));
      }
    });
    return Set.copyOf(ids);
  }

  public Set<String> acknowledgedReadIds() {
    return Set.copyOf(acknowledgedReadIds);
  }

  /** Disconnects every camera (the broker publishes each one's OFFLINE status) and stops every thread. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (state == State.CLOSED) return;
      state = State.CLOSED;
    }
    long closing = System.nanoTime();
    stopPublishing();
    if (ticker != null) ticker.cancel(false);
    disconnectAll();
    if (executor != null) {
      executor.shutdownNow();
      try {
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("Camera fleet: some MQTT threads did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LOG.info("Camera fleet closed in {} ms: {} reads generated, {} acknowledged, {} throttled, {} behind schedule, {} rejected, {} retried, "
            + "{} not delivered (no subscriber), {} window-full events, {} connection losses, {} reconnects in {} attempts",
        (System.nanoTime() - closing) / 1_000_000, generated(), published(), throttled(), behindSchedule(), rejected(), retries(),
        readsNotDelivered(), windowFullEvents(), connectionLosses(), reconnects(), reconnectAttempts());
  }

  /**
   * Disconnects the cameras in parallel: Paho's disconnect call itself blocks ~100 ms (its sender
   * stops by polling), which would add up to half a minute for 330 cameras one after the other.
   */
  private void disconnectAll() {
    if (cameras.isEmpty()) return;
    int threads = Math.min(cameras.size(), MAX_CLOSING_THREADS);
    ExecutorService closing = Executors.newFixedThreadPool(threads, runnable -> {
      Thread t = new Thread(runnable, "lez-sim-" + config.cameraPrefix() + "-closing");
      t.setDaemon(true);
      return t;
    });
    try {
      long deadline = System.nanoTime() + DISCONNECT_TIMEOUT.toNanos();
      List<Future<?>> done = new ArrayList<>();
      for (Camera camera : cameras) {
        done.add(closing.submit(() -> {
          IMqttToken token = camera.beginDisconnect(0, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
          if (token != null) {
            try {
              token.waitForCompletion(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (MqttException e) {
              LOG.debug("Camera {}: disconnect did not complete: {}", camera.id, e.toString());
            }
          }
          camera.closeClient();
        }));
      }
      for (Future<?> f : done) {
        try {
          f.get(DISCONNECT_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          LOG.warn("Camera fleet: a camera did not close cleanly: {}", e.toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closing.shutdownNow();
      try {
        closing.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- callbacks from the cameras ----

  long nowMs() {
    return clock.millis();
  }

  /** @return true the first time this read is acknowledged */
  boolean readAcknowledged(Camera camera, Outgoing.Read read) {
    if (!acknowledgedReadIds.add(read.readId())) return false;
    published.incrementAndGet();
    VehicleRecord vehicle = population.get(read.vehicleIndex);
    if (BrusselsComplianceOracle.banned(vehicle, read.captureDay)) {
      bannedDays.computeIfAbsent(read.vehicleIndex, i -> ConcurrentHashMap.newKeySet()).add(read.captureDay);
    }
    return true;
  }

  void acknowledgementsAdvanced() {
    if (ackWaiters.get() == 0) return;
    synchronized (ackMonitor) {
      ackMonitor.notifyAll();
    }
  }

  void readRejected(Camera camera, Outgoing.Read read, int reason) {
    if (rejectedReadIds.add(read.readId())) {
      rejectedReads.incrementAndGet();
      LOG.warn("Camera {}: the broker refused read {} with reason code 0x{}", camera.id, read.readId(), Integer.toHexString(reason));
    }
  }

  /**
   * @param episodeStarts the first 0x10 since this camera's reads were last delivered
   * @param delay the new hold-back before the next probe, null if an earlier answer already set it
   */
  void readNotDelivered(Camera camera, int reason, boolean episodeStarts, Duration delay) {
    readsNotDelivered.incrementAndGet();
    if (episodeStarts) {
      LOG.warn("Camera {}: the broker has no subscriber for its reads (PUBACK reason 0x{}): they stay in its buffer "
          + "and are published again with back-off, first in {} ms", camera.id, Integer.toHexString(reason), delay.toMillis());
    } else if (delay != null) {
      LOG.debug("Camera {}: still no subscriber for its reads; next probe in {} ms", camera.id, delay.toMillis());
    }
  }

  void readsDeliveredAgain(Camera camera, int rounds) {
    LOG.info("Camera {}: the broker delivers its reads again (after {} round(s) without a subscriber)", camera.id, rounds);
  }

  void heartbeatNotDelivered(Camera camera, int reason) {
    heartbeatsNotDelivered.incrementAndGet();
    LOG.debug("Camera {}: heartbeat answered with PUBACK reason 0x{} (no subscriber); the next one follows", camera.id, Integer.toHexString(reason));
  }

  void statusAcknowledged() {
    statusesAcknowledged.incrementAndGet();
  }

  void statusRejected(Camera camera, int reason) {
    LOG.warn("Camera {}: the broker refused a heartbeat with reason code 0x{}", camera.id, Integer.toHexString(reason));
  }

  void publishRefused(Camera camera, MqttException e) {
    if (Camera.isWindowFull(e)) {
      windowFull.incrementAndGet();
    } else {
      LOG.debug("Camera {}: publish deferred: {}", camera.id, e.toString());
    }
  }

  void retried(Camera camera, int reason) {
    retries.incrementAndGet();
    LOG.debug("Camera {}: publish failed (reason {}), queued again", camera.id, reason);
  }

  void connectionLost(Camera camera, MqttDisconnectResponse response) {
    connectionLosses.incrementAndGet();
    String cause = response.getException() != null ? response.getException().toString()
        : "reason code 0x" + Integer.toHexString(response.getReturnCode()) + (response.getReasonString() == null ? "" : " " + response.getReasonString());
    LOG.warn("Camera {}: lost its broker connection ({}); reconnecting, its reads wait in its buffer", camera.id, cause);
  }

  void reconnectAttempted(Camera camera, int attempt) {
    reconnectAttempts.incrementAndGet();
    LOG.debug("Camera {}: reconnect attempt {}", camera.id, attempt);
  }

  void reconnectFailed(Camera camera, int attempt, Throwable cause) {
    int reason = cause instanceof MqttException e ? e.getReasonCode() : -1;
    if (Camera.isCredentialsRefused(reason)) {
      LOG.warn("Camera {}: reconnect attempt {} refused: the broker does not accept its credentials (reason {}); retrying with back-off",
          camera.id, attempt, reason);
    } else {
      LOG.debug("Camera {}: reconnect attempt {} failed: {}", camera.id, attempt, String.valueOf(cause));
    }
  }

  void reconnected(Camera camera, int attempts, long buffered) {
    reconnects.incrementAndGet();
    LOG.info("Camera {}: reconnected after {} attempt(s); replaying {} buffered reads with their capture times", camera.id, attempts, buffered);
  }

  void replayCompleted(Camera camera) {
    LOG.info("Camera {}: offline backlog acknowledged by the broker", camera.id);
  }

  void captureSuspended(Camera camera, int capacity, boolean firstTime) {
    captureSuspensions.incrementAndGet();
    if (firstTime) {
      LOG.warn("Camera {}: offline buffer full ({} reads unacknowledged): capture suspended until the broker acknowledges; "
          + "skipped captures are counted (throttled)", camera.id, capacity);
    } else {
      LOG.debug("Camera {}: offline buffer full again", camera.id);
    }
  }

  void captureResumed(Camera camera) {
    LOG.debug("Camera {}: offline buffer drained to half, DEGRADED state over", camera.id);
  }
}
