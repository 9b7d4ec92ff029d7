package io.lezflow.ops;

import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.mqtt.IngestGateway;
import io.lezflow.ops.metrics.MetricsEndpoint;
import io.lezflow.ops.metrics.SimulatorMetrics;
import io.lezflow.police.hotlist.AlertNotifier;
import io.lezflow.schemas.MqttTopics;
import io.lezflow.schemas.plates.VehicleHmacKeyring;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.evidence.EvidenceFetcher;
import io.lezflow.evidence.EvidenceFetcherConfig;
import io.lezflow.sim.mqtt.CameraFleet;
import io.lezflow.sim.images.CameraImageServer;
import io.lezflow.sim.images.CameraImageStore;
import io.lezflow.sim.reference.CameraRegistry;
import io.lezflow.sim.reference.CameraRegistryPublisher;
import io.lezflow.sim.reference.PermitPublisher;
import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.VehiclePopulation;
import io.lezflow.sim.reference.VehicleRegisterPublisher;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the whole system on this machine: infrastructure (embedded or external), the
 * simulated camera fleet, the ingest gateway and the enforcement job; then a verdict that
 * compares what the cameras published with what was ingested, decided and fined.
 *
 * <p>Used by {@code lezflow demo} and by the end-to-end test, so the test checks exactly what users run.
 */
public final class DemoRun {
  private static final Logger log = LoggerFactory.getLogger(DemoRun.class);
  static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
  /** Zone id of the shipped Brussels policy (rules/src/main/resources/policies/brussels.json). */
  static final String BRUSSELS_ZONE = "brussels";
  /** How long the violations count must stay put after the last read is decided: several sink flush intervals. */
  static final Duration VIOLATIONS_SETTLE = Duration.ofSeconds(2);

  /** What to run. */
  public record Options(
      StackEndpoints endpoints,
      Path dataDir,
      MqttTopics topics,
      String dbSchema,
      int cameras,
      double readsPerSecond,
      long seed,
      int vehicles,
      Duration duration,
      Duration progressInterval,
      Duration drainTimeout) {
    public Options {
      if (cameras < 1) throw new IllegalArgumentException("--cameras must be at least 1, got " + cameras);
      if (!(readsPerSecond > 0)) throw new IllegalArgumentException("--rate must be > 0 reads/s, got " + readsPerSecond);
      if (vehicles < 1) throw new IllegalArgumentException("--vehicles must be at least 1, got " + vehicles);
      if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("--duration must be positive, got " + duration);
    }
  }

  /** The verdict and the two sets it compares. */
  public record Outcome(DemoResult result, Set<String> violationIds, Set<String> expectedViolationIds) {}

  private final Options options;
  private final Clock clock;
  private DemoPortal.Settings portal;
  private Duration backlog = Duration.ZERO;
  private volatile DemoPortal runningPortal;
  /** Port of the demo's /metrics (0: a free one), or -1 for none (tests that do not scrape). */
  private final int metricsPort;

  public DemoRun(Options options, Clock clock) {
    this(options, clock, -1);
  }

  public DemoRun(Options options, Clock clock, int metricsPort) {
    this.options = options;
    this.clock = clock;
    this.metricsPort = metricsPort;
  }

  /** Also runs the operators' portal on the demo's database, with a login per role. */
  DemoRun withPortal(DemoPortal.Settings settings) {
    this.portal = settings;
    return this;
  }

  /**
   * The cameras first drive {@code backlog} on a day {@link #BACKLOG_OFFSET} ago, then live (see
   * {@link BacklogClock}): the review queue fills during the demo. Zero: live from the start.
   */
  DemoRun withBacklog(Duration backlog) {
    this.backlog = backlog;
    return this;
  }

  /** How far in the past the backlog is: its grace windows (at most until midnight of the day after) have closed. */
  static final Duration BACKLOG_OFFSET = Duration.ofDays(3);

  /** The portal's URL once it runs (null before, or without a portal). */
  String portalUrl() {
    DemoPortal p = runningPortal;
    return p == null ? null : p.url();
  }

  /**
   * Runs until the duration has passed or {@code stop} is released (Ctrl-C), then drains: the
   * cameras stop, every acknowledged read is given time to be ingested and decided.
   *
   * @param progress where live progress lines go (stderr for the command)
   * @param fastStop when released, skip draining (the user asked to stop now)
   */
  public Outcome run(CountDownLatch stop, CountDownLatch fastStop, PrintStream progress) throws Exception {
    progress.println("lezflow demo: starting the stack in " + options.dataDir());
    long startedNanos = System.nanoTime();
    Duration offlineAfter = PoliceSide.offlineAfterFromEnvironment(System.getenv());
    try (LocalStack stack = LocalStack.start(options.endpoints(), options.dataDir(), options.dbSchema());
        DecisionStore store = new DecisionStore(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        RunningJob job = RunningJob.start(stack, options.dataDir().resolve("flink"), clock);
        // The police side beside the enforcement job (issue 10): camera health, hotlists and their
        // alerts, sightings retention. Closed before the job, within its own stop budget.
        PoliceSide police = PoliceSide.start(stack, options.topics(), RunningJob.sightingsKey(), offlineAfter,
            PoliceSide.retentionFromEnvironment(System.getenv()), clock)) {
      LocalDate today = LocalDate.now(clock.withZone(BRUSSELS));
      SimulatorConfig simulator = simulatorConfig(options, stack.mqttUrl());
      String policeZone = CameraRegistry.of(simulator).get(0).getPoliceZone();
      var population = VehiclePopulation.generate(options.seed(), options.vehicles(), today);
      // Reference data first: the job decides a read only once it knows its camera, vehicle and zone policy.
      int policies = PolicyPublisher.publishShipped(stack.kafkaBootstrap());
      CameraRegistryPublisher.publish(stack.kafkaBootstrap(), simulator);
      CameraTable.upsert(stack, CameraRegistry.of(simulator));
      VehicleRegisterPublisher.publish(stack.kafkaBootstrap(), population);
      var registrations = PermitPublisher.publishForeignRegistrations(stack.kafkaBootstrap(), population, simulator.zoneId(), today);
      progress.println("lezflow demo: Flink Web UI " + job.webUrl() + " ; job metrics " + job.metricsUrl());
      progress.printf(
          "lezflow demo: reference data published: %d zone policies, %d cameras, %d vehicles, %d foreign registrations%n",
          policies, options.cameras(), population.size(), registrations.size());

      // The cameras' clock; their images age by it too, so a backdated read's image is still on the camera.
      Clock cameraClock = backlog.isZero() ? clock : new BacklogClock(clock, BACKLOG_OFFSET, backlog);
      CameraImageStore images = CameraImageStore.withDefaults(cameraClock);
      try (DemoPortal portalRun = portal == null ? null
              : DemoPortal.start(portal, stack, options.dataDir(), policeZone,
                  VehicleHmacKeyring.of(RunningJob.sightingsKey(), System.getenv(VehicleHmacKeyring.PREVIOUS_ENV)), progress);
          IngestGateway ingest = new IngestGateway(
              IngestConfig.defaults(stack.mqttUrl(), stack.kafkaBootstrap())
                  .withTopics(options.topics())
                  .withOutboxDir(options.dataDir().resolve("ingest-outbox")),
              clock);
          // The cameras' local image storage and its endpoint; the fetcher copies from it only the
          // images of reads that became a violation or a warning (see README, Evidence images).
          CameraImageServer cameraImages = CameraImageServer.start(images, 0);
          EvidenceFetcher evidence = EvidenceFetcher.start(EvidenceFetcherConfig.defaults(
              stack.kafkaBootstrap(), stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword(), URI.create(cameraImages.baseUrl())));
          CameraFleet fleet = new CameraFleet(simulator, population, cameraClock).keepImagesIn(images);
          Closer closeAtEnd = new Closer()) {
        runningPortal = portalRun;
        ingest.start();
        fleet.start();
        progress.printf("lezflow demo: ready in %.1f s (MQTT broker: %s)%n", (System.nanoTime() - startedNanos) / 1e9, stack.mqttBroker());
        // A control room subscribes there; the police login's zone is the first camera's.
        progress.printf("lezflow demo: police: a camera silent for %d s is offline; hotlist alerts of zone %s on MQTT %s topic %s%n",
            offlineAfter.toSeconds(), policeZone, stack.mqttUrl(), AlertNotifier.topic(options.topics().root(), policeZone));
        if (!backlog.isZero()) {
          progress.printf("lezflow demo: the first %d s of reads are captured %d days ago (grace windows closed: the review queue fills), then live%n",
              backlog.toSeconds(), BACKLOG_OFFSET.toDays());
        }
        if (metricsPort >= 0) {
          MetricsEndpoint metrics = MetricsEndpoint.start(metricsPort,
              List.of(ingest.metrics().registry(), new SimulatorMetrics(() -> fleet, options.cameras()).registry(),
                  evidence.metrics().registry()));
          closeAtEnd.push(metrics);
          // One "metrics: <url>" line per endpoint: operators open them, tests scrape every one printed.
          progress.println("lezflow demo: metrics: " + metrics.url());
        }
        progress.printf(
            "lezflow demo: %d cameras publishing ~%.0f reads/s for %s (Ctrl-C to stop)%n",
            options.cameras(), options.readsPerSecond(),
            options.duration().toDays() > 3650 ? "as long as you like" : options.duration());

        Progress meter = new Progress(progress, fleet, ingest, store, clock, options.readsPerSecond());
        long deadline = clock.millis() + options.duration().toMillis();
        while (!stop.await(Math.min(options.progressInterval().toMillis(), Math.max(1, deadline - clock.millis())), TimeUnit.MILLISECONDS)
            && clock.millis() < deadline) {
          meter.print("running");
        }
        fleet.stopPublishing();
        boolean drained = fastStop.getCount() == 0 || drain(fleet, ingest, store, fastStop, meter);
        if (!drained) progress.println("lezflow demo: drain timed out; the verdict shows where reads are");
        meter.print("final");
        Set<String> expected = fleet.expectedViolationIds();
        Set<String> actual = store.violationIds();
        if (!actual.equals(expected)) {
          // Violation ids carry a digest of the vehicle, never its plate: safe to name a few for the investigation.
          log.warn("violations differ from the simulator's expectation: {} unexpected (e.g. {}), {} missing (e.g. {})",
              actual.stream().filter(id -> !expected.contains(id)).count(),
              actual.stream().filter(id -> !expected.contains(id)).sorted().limit(5).toList(),
              expected.stream().filter(id -> !actual.contains(id)).count(),
              expected.stream().filter(id -> !actual.contains(id)).sorted().limit(5).toList());
        }
        DemoResult result =
            new DemoResult(fleet.published(), IngestCounters.acceptedReads(ingest), store.decidedReads(), actual.size(), expected.size(), ingest.rejected());
        return new Outcome(result, actual, expected);
      }
    }
  }

  /** Waits until everything the cameras published is ingested and decided, or the drain timeout. */
  private boolean drain(CameraFleet fleet, IngestGateway ingest, DecisionStore store, CountDownLatch fastStop, Progress meter)
      throws Exception {
    long deadline = clock.millis() + options.drainTimeout().toMillis();
    fleet.awaitAcknowledged(options.drainTimeout());
    boolean allDecided = false;
    long violations = -1;
    long violationsSteadySince = 0;
    while (clock.millis() < deadline) {
      long published = fleet.published();
      allDecided = allDecided
          || IngestCounters.acceptedReads(ingest) + ingest.rejected() >= published && store.decidedReads() >= IngestCounters.acceptedReads(ingest);
      if (allDecided) {
        // Sightings and violations reach PostgreSQL through different sinks, each flushing on its
        // own timer: the last violation rows may land a moment after the last sighting.
        long now = store.violations();
        if (now != violations) {
          violations = now;
          violationsSteadySince = clock.millis();
        } else if (clock.millis() - violationsSteadySince >= VIOLATIONS_SETTLE.toMillis()) {
          return true;
        }
      }
      if (fastStop.await(250, TimeUnit.MILLISECONDS)) return false;
      meter.printIfDue("draining");
    }
    return false;
  }

  /** The demo's simulated fleet (tests build the same one to know its cameras). */
  static SimulatorConfig simulatorConfig(Options options, String mqttUrl) {
    // The zone id is the shipped Brussels policy's, so the simulator's expected violation ids are the job's.
    return SimulatorConfig.defaults(mqttUrl)
        .withTopics(options.topics())
        .withCameras(options.cameras())
        .withReadsPerSecond(options.readsPerSecond())
        .withSeed(options.seed())
        .withVehicles(options.vehicles())
        .withZoneId(BRUSSELS_ZONE);
  }

  /** Live progress on stderr: reads/s over the last interval, totals, violations so far. */
  private static final class Progress {
    private final PrintStream out;
    private final CameraFleet fleet;
    private final IngestGateway ingest;
    private final DecisionStore store;
    private final Clock clock;
    private final double askedRate;
    private long lastAt;
    private long lastIngested;

    Progress(PrintStream out, CameraFleet fleet, IngestGateway ingest, DecisionStore store, Clock clock, double askedRate) {
      this.out = out;
      this.askedRate = askedRate;
      this.fleet = fleet;
      this.ingest = ingest;
      this.store = store;
      this.clock = clock;
      this.lastAt = clock.millis();
    }

    void printIfDue(String phase) throws Exception {
      if (clock.millis() - lastAt >= 2000) print(phase);
    }

    void print(String phase) throws Exception {
      long now = clock.millis();
      long ingested = IngestCounters.acceptedReads(ingest);
      double rate = (ingested - lastIngested) * 1000.0 / Math.max(1, now - lastAt);
      lastAt = now;
      lastIngested = ingested;
      long decided = store.decidedReads();
      out.printf(
          "[%s] published=%d ingested=%d (%.0f reads/s) decided=%d violations=%d in-review=%d dlq=%d%s%n",
          phase, fleet.published(), ingested, rate, decided, store.violations(), store.pendingReview(), ingest.rejected(),
          behind(phase, decided, rate));
    }

    /**
     * Above its ceiling the stack keeps carrying what it can; this says so instead of leaving the
     * user to wonder: reads the cameras were asked for (captured, or skipped because a camera's
     * buffer was full or the simulator fell behind) and that are not decided yet.
     */
    private String behind(String phase, long decided, double rate) {
      if (!"running".equals(phase)) return "";
      long asked = fleet.generated() + fleet.throttled() + fleet.behindSchedule();
      long behind = asked - decided;
      if (behind <= Math.max(2_000, 3 * askedRate)) return "";
      return String.format(" BEHIND by %d reads (asked %.0f reads/s, carrying %.0f; %d captures skipped)",
          behind, askedRate, rate, fleet.throttled() + fleet.behindSchedule());
    }
  }

  /** What the run started after the stack, closed before it (last started, first closed). */
  private static final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    void push(AutoCloseable c) {
      started.push(c);
    }

    @Override
    public void close() {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception e) {
          log.warn("stopping a demo component failed: {}", e.toString());
        }
      }
    }
  }
}
