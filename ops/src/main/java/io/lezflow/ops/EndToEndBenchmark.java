package io.lezflow.ops;

import io.lezflow.ingest.IngestConfig;
import io.lezflow.ingest.mqtt.IngestGateway;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.ops.bench.BenchOptions;
import io.lezflow.ops.bench.BenchReport;
import io.lezflow.ops.bench.BenchResult;
import io.lezflow.ops.bench.IngestBenchmark;
import io.lezflow.ops.bench.KafkaBaseline;
import io.lezflow.ops.bench.ProcessStats;
import io.lezflow.ops.bench.StepResult;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleRecord;
import io.lezflow.sim.reference.CameraRegistry;
import io.lezflow.sim.reference.CameraRegistryPublisher;
import io.lezflow.sim.reference.PermitPublisher;
import io.lezflow.sim.traffic.PlateReads;
import io.lezflow.sim.SimulatorConfig;
import io.lezflow.sim.traffic.TrafficModel;
import io.lezflow.sim.traffic.VehiclePopulation;
import io.lezflow.sim.reference.VehicleRegisterPublisher;
import io.lezflow.sim.load.LoadGenerator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lezflow bench}: the whole system on this machine at stepped open-loop rates, then, in the
 * same run, the baselines of its stages on the same machine and payloads.
 *
 * <p>Stepped run: an all-embedded stack (this machine's Mosquitto when installed), the ingest
 * gateway and the enforcement job as in {@code lezflow demo}, and the {@link LoadGenerator}
 * (thousands of cameras, open loop: a read's {@code captured_at} is its intended send time). Each
 * step holds one rate for a warm-up and a measured window. Latency camera->decision is the time
 * from {@code captured_at} to the insert of the read's sighting in PostgreSQL: the benchmark adds
 * a {@code bench_decided_at timestamptz DEFAULT clock_timestamp()} column to its own throwaway
 * database for that; reads of the window not decided when the step ends count at a lower bound of
 * their latency (so a falling-behind system cannot look fast). Backlog = reads generated and not
 * decided; Kafka lag = reads in Kafka not decided.
 *
 * <p>Baselines (a fresh stack, after the stepped run): raw Mosquitto publish->subscribe and the
 * gateway alone at full speed ({@link IngestBenchmark}), raw Kafka produce->consume ({@link
 * KafkaBaseline}), and from one backlog a consume-and-parse job, a pass-through job Kafka->Kafka
 * and the enforcement job ({@link JobBenchmark}).
 */
public final class EndToEndBenchmark {
  private static final Logger log = LoggerFactory.getLogger(EndToEndBenchmark.class);

  /** The tunables; see {@code lezflow bench --help}. */
  public record Options(List<Double> rates, Duration warmup, Duration step, int cameras, int connections, int qos,
      int partitions, int parallelism, Duration checkpointInterval, int maxInFlight, int vehicles, long seed,
      double dayLengthSeconds, boolean baselines, int baselineReads, Path resultsDir) {
    public Options {
      if (rates.isEmpty()) throw new BadSetting("--rates needs at least one rate");
      for (double r : rates) if (!(r > 0)) throw new BadSetting("--rates must be positive reads/s, got " + r);
      if (step.toSeconds() < 5) throw new BadSetting("--step must be at least 5s, got " + step);
      if (cameras < 1 || cameras > SimulatorConfig.MAX_CAMERAS) throw new BadSetting("--cameras must be 1.." + SimulatorConfig.MAX_CAMERAS + ", got " + cameras);
      if (connections < 1 || connections > cameras) throw new BadSetting("--connections must be 1..cameras, got " + connections);
      if (qos != 0 && qos != 1) throw new BadSetting("--qos must be 0 or 1, got " + qos);
      if (parallelism < 1) throw new BadSetting("--parallelism must be at least 1, got " + parallelism);
      if (partitions < 1) throw new BadSetting("--partitions must be at least 1, got " + partitions);
      if (maxInFlight < 1 || maxInFlight > IngestConfig.MAX_IN_FLIGHT_LIMIT) throw new BadSetting("--max-in-flight must be 1..65535, got " + maxInFlight);
      if (baselineReads < 1_000) throw new BadSetting("--baseline-reads must be at least 1000, got " + baselineReads);
    }
  }

  private EndToEndBenchmark() {}

  public static BenchReport run(Options options, Path work, PrintStream progress) throws Exception {
    Map<String, Object> machine = machine();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("rates", options.rates());
    settings.put("warmup_s", options.warmup().toSeconds());
    settings.put("step_s", options.step().toSeconds());
    settings.put("cameras", options.cameras());
    settings.put("mqtt_connections", options.connections());
    settings.put("qos", options.qos());
    settings.put("plate_read_partitions", options.partitions());
    settings.put("flink_parallelism", options.parallelism());
    settings.put("checkpoint_interval_s", options.checkpointInterval().toSeconds());
    settings.put("ingest_max_in_flight", options.maxInFlight());
    settings.put("vehicles", options.vehicles());
    settings.put("day_length_s", options.dayLengthSeconds());
    List<String> notes = new ArrayList<>();
    List<StepResult> steps = stepped(options, work.resolve("stepped"), progress, settings, notes);
    Map<String, Double> baselines = new LinkedHashMap<>();
    if (options.baselines()) baselines(options, work.resolve("baselines"), progress, baselines, notes);
    machine.put("load_average_end", loadAverage());
    return new BenchReport(machine, settings, steps, baselines, notes);
  }

  // ---------------------------------------------------------------- stepped run

  private static List<StepResult> stepped(Options options, Path work, PrintStream progress, Map<String, Object> settings,
      List<String> notes) throws Exception {
    List<StepResult> results = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    long startedNanos = System.nanoTime();
    try (LocalStack stack = LocalStack.start(StackEndpoints.allEmbedded(), work.resolve("stack"), "public")) {
      settings.put("mqtt_broker", stack.mqttBroker());
      growPartitions(stack.kafkaBootstrap(), options.partitions());
      try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
          Statement st = c.createStatement()) {
        // Instrumentation of the benchmark's own throwaway database: when each sighting was inserted.
        st.execute("ALTER TABLE sightings ADD COLUMN IF NOT EXISTS bench_decided_at timestamptz DEFAULT clock_timestamp()");
      }
      LocalDate today = LocalDate.now(VehiclePopulation.BRUSSELS);
      SimulatorConfig simulator = SimulatorConfig.defaults(stack.mqttUrl()).withCameras(options.cameras()).withSeed(options.seed())
          .withVehicles(options.vehicles()).withZoneId(DemoRun.BRUSSELS_ZONE);
      List<VehicleRecord> population = VehiclePopulation.generate(options.seed(), options.vehicles(), today);
      PolicyPublisher.publishShipped(stack.kafkaBootstrap());
      CameraRegistryPublisher.publish(stack.kafkaBootstrap(), simulator);
      CameraTable.upsert(stack, CameraRegistry.of(simulator));
      VehicleRegisterPublisher.publish(stack.kafkaBootstrap(), population);
      PermitPublisher.publishForeignRegistrations(stack.kafkaBootstrap(), population, simulator.zoneId(), today);

      ProcessStats stats = new ProcessStats();
      if (stack.mosquittoPid() > 0) stats.add("mosquitto", () -> List.of(stack.mosquittoPid()));
      String pgMarker = work.resolve("stack").resolve("postgres").toAbsolutePath().toString();
      stats.add("postgresql", () -> ProcessStats.processesWith(pgMarker));

      try (RunningJob job = RunningJob.start(stack, work.resolve("flink"), clock, options.parallelism(), options.checkpointInterval());
          IngestGateway ingest = new IngestGateway(IngestConfig.defaults(stack.mqttUrl(), stack.kafkaBootstrap())
              .withGatewayId("bench-ingest").withMaxInFlight(options.maxInFlight()).withOutboxDir(work.resolve("ingest-outbox")), clock);
          Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
          Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
        ingest.start();
        LoadGenerator.Settings load = LoadGenerator.Settings.defaults(stack.mqttUrl(), options.cameras())
            .withConnections(options.connections()).withQos(options.qos()).withSeed(options.seed())
            .withDayLengthSeconds(options.dayLengthSeconds());
        try (LoadGenerator generator = new LoadGenerator(load, population, 0)) {
          double ready = (System.nanoTime() - startedNanos) / 1e9;
          settings.put("ready_s", Math.round(ready * 10) / 10.0);
          progress.printf(Locale.ROOT, "lezflow bench: stack ready in %.1f s (MQTT: %s); %s%n", ready, stack.mqttBroker(),
              load.cameras() + " cameras");
          Sampler sampler = new Sampler(generator, db, admin);
          settle(options.rates().get(0), generator, sampler, progress, notes);
          for (double rate : options.rates()) {
            StepResult step = step(rate, options, generator, sampler, stats, db, progress);
            results.add(step);
            if (step.backlogEndReads() > 60 * rate) {
              notes.add(String.format(Locale.ROOT, "stopped after %.0f reads/s: the backlog reached %d reads (over 60 s of the rate)",
                  rate, step.backlogEndReads()));
              break;
            }
          }
          generator.setRate(0);
          settings.put("traffic", generator.describeTraffic());
          notes.add(String.format(Locale.ROOT, "load generator: %d reads generated, %d not generated because %d were queued (overflow), longest send lag %d ms",
              generator.generated(), generator.overflowed(), 2_000_000, generator.maxSendLagMillis()));
          notes.add(String.format(Locale.ROOT, "ingest: %d read gaps found (re-requested), %d recovered, %d lost",
              ingest.metrics().readGaps(), ingest.metrics().readGapsRecovered(), ingest.metrics().readGapsLost()));
        }
      }
    }
    return results;
  }

  /**
   * A fresh job first loads the register and policies and warms up its state and JIT: at the first
   * rate, wait (at most 3 minutes) until the backlog is within a second of that rate, so that the
   * first step measures the system and not its start.
   */
  private static void settle(double rate, LoadGenerator generator, Sampler sampler, PrintStream progress, List<String> notes)
      throws Exception {
    generator.setRate(rate);
    long started = System.nanoTime();
    long deadline = started + TimeUnit.MINUTES.toNanos(3);
    int calm = 0;
    while (System.nanoTime() < deadline && calm < 3) {
      Thread.sleep(1_000);
      calm = sampler.backlog() <= Math.max(2_000, rate) ? calm + 1 : 0;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    progress.printf(Locale.ROOT, "lezflow bench: settled at %.0f reads/s in %.0f s (backlog %d)%n", rate, seconds, sampler.backlog());
    if (calm < 3) notes.add(String.format(Locale.ROOT, "the system did not settle at the first rate (%.0f reads/s) within 3 minutes", rate));
  }

  private static StepResult step(double rate, Options options, LoadGenerator generator, Sampler sampler, ProcessStats stats,
      Connection db, PrintStream progress) throws Exception {
    generator.setRate(rate);
    progress.printf(Locale.ROOT, "lezflow bench: %.0f reads/s: warm-up %d s, measuring %d s%n", rate, options.warmup().toSeconds(),
        options.step().toSeconds());
    sleepSampling(options.warmup(), sampler, stats, null);
    long t0 = System.currentTimeMillis();
    long generated0 = generator.generated();
    long backlog0 = sampler.backlog();
    ProcessStats.Snapshot cpu0 = stats.snapshot();
    Map<String, Double> peakRss = new LinkedHashMap<>();
    sleepSampling(options.step(), sampler, stats, peakRss);
    long t1 = System.currentTimeMillis();
    long generated1 = generator.generated();
    ProcessStats.Snapshot cpu1 = stats.snapshot();
    long backlog1 = sampler.backlog();
    long kafkaLag = sampler.kafkaLag();
    double window = (t1 - t0) / 1000.0;
    // Latency of the reads captured in the window: decided ones exactly, the others at a lower bound.
    Histogram latency = new Histogram(TimeUnit.HOURS.toMillis(1), 3);
    long decidedInWindow = 0;
    db.setAutoCommit(false);
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT (EXTRACT(EPOCH FROM (bench_decided_at - captured_at)) * 1000)::bigint FROM sightings WHERE captured_at >= ? AND captured_at < ?")) {
      ps.setFetchSize(10_000);
      ps.setTimestamp(1, new Timestamp(t0));
      ps.setTimestamp(2, new Timestamp(t1));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          latency.recordValue(Math.max(0, Math.min(latency.getHighestTrackableValue(), rs.getLong(1))));
          decidedInWindow++;
        }
      }
    } finally {
      db.commit();
      db.setAutoCommit(true);
    }
    long expected = generated1 - generated0;
    long undecided = Math.max(0, expected - decidedInWindow);
    if (undecided > 0) {
      long lowerBound = Math.max(0, System.currentTimeMillis() - (t0 + t1) / 2);
      latency.recordValueWithCount(Math.min(latency.getHighestTrackableValue(), lowerBound), undecided);
    }
    StepResult result = new StepResult(rate, expected / window, decidedInWindow / window,
        latency.getValueAtPercentile(50), latency.getValueAtPercentile(90), latency.getValueAtPercentile(99),
        latency.getValueAtPercentile(99.9), latency.getMaxValue(), undecided, backlog0, backlog1, kafkaLag, window,
        ProcessStats.cpuPercent(cpu0, cpu1), peakRss);
    progress.printf(Locale.ROOT, "  decided %.0f reads/s, p50 %.0f ms, p99 %.0f ms, backlog %d -> %d, Kafka lag %d%s%n",
        result.decidedRate(), result.p50Ms(), result.p99Ms(), backlog0, backlog1, kafkaLag,
        result.sustained() ? "" : " (not sustained)");
    return result;
  }

  private static void sleepSampling(Duration d, Sampler sampler, ProcessStats stats, Map<String, Double> peakRss) throws Exception {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      if (peakRss != null) stats.snapshot().rssMb().forEach((k, v) -> peakRss.merge(k, v, Math::max));
    }
  }

  /** Backlog and lag: generated vs decided (inserted sightings, from PostgreSQL's statistics) and Kafka's end offsets. */
  private static final class Sampler {
    final LoadGenerator generator;
    final Connection db;
    final Admin admin;

    Sampler(LoadGenerator generator, Connection db, Admin admin) {
      this.generator = generator;
      this.db = db;
      this.admin = admin;
    }

    long decided() throws Exception {
      // count(*) over millions of rows would load the machine it measures; the statistics lag ~0.5 s.
      try (Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname LIKE 'sightings%'")) {
        rs.next();
        return rs.getLong(1);
      }
    }

    long backlog() throws Exception {
      return generator.generated() - generator.withheld() - decided();
    }

    long kafkaLag() throws Exception {
      var partitions = admin.describeTopics(List.of(Topics.PLATE_READS)).allTopicNames().get().get(Topics.PLATE_READS).partitions();
      Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
      for (var p : partitions) latest.put(new TopicPartition(Topics.PLATE_READS, p.partition()), OffsetSpec.latest());
      long end = 0;
      for (var info : admin.listOffsets(latest).all().get().values()) end += info.offset();
      return Math.max(0, end - decided());
    }
  }

  private static void growPartitions(String bootstrap, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int now = admin.describeTopics(List.of(Topics.PLATE_READS)).allTopicNames().get().get(Topics.PLATE_READS).partitions().size();
      if (partitions > now) admin.createPartitions(Map.of(Topics.PLATE_READS, NewPartitions.increaseTo(partitions))).all().get();
      else if (partitions < now) log.info("--partitions {} is below the topic's {}: Kafka cannot shrink a topic, keeping {}", partitions, now, now);
    }
  }

  // ---------------------------------------------------------------- baselines

  private static void baselines(Options options, Path work, PrintStream progress, Map<String, Double> out, List<String> notes)
      throws Exception {
    progress.println("lezflow bench: baselines (fresh stack)");
    try (LocalStack stack = LocalStack.start(StackEndpoints.allEmbedded(), work.resolve("stack"), "public")) {
      growPartitions(stack.kafkaBootstrap(), options.partitions());
      try {
        BenchResult ingest = IngestBenchmark.run(new BenchOptions(stack.kafkaBootstrap(), work, options.baselineReads(), 16,
            Math.min(20_000, options.baselineReads() / 5)));
        out.put("raw Mosquitto publish->subscribe", ingest.baselineReadsPerSecond());
        out.put("ingest gateway (MQTT -> outbox -> Kafka)", ingest.gatewayReadsPerSecond());
        progress.printf(Locale.ROOT, "  raw Mosquitto %.0f reads/s, gateway %.0f reads/s%n", ingest.baselineReadsPerSecond(),
            ingest.gatewayReadsPerSecond());
      } catch (RuntimeException e) {
        notes.add("MQTT baseline failed: " + e.getMessage());
      }
      List<byte[]> payloads = samplePayloads(options);
      double kafka = KafkaBaseline.readsPerSecond(stack.kafkaBootstrap(), payloads, options.baselineReads(), options.partitions());
      out.put("raw Kafka produce->consume", kafka);
      progress.printf(Locale.ROOT, "  raw Kafka %.0f reads/s%n", kafka);
      JobBenchmark.Result job = JobBenchmark.run(stack, new JobBenchmark.Options(work, options.baselineReads(), options.vehicles(),
          Math.min(options.cameras(), 330), options.parallelism(), options.seed()));
      out.put("consume-and-parse job", job.baselineReadsPerSecond());
      out.put("pass-through job Kafka->Kafka", job.passThroughReadsPerSecond());
      out.put("enforcement job from a backlog", job.jobReadsPerSecond());
      progress.printf(Locale.ROOT, "  consume-and-parse %.0f, pass-through %.0f, enforcement %.0f reads/s%n",
          job.baselineReadsPerSecond(), job.passThroughReadsPerSecond(), job.jobReadsPerSecond());
      if (job.sightings() != job.reads()) notes.add("enforcement backlog leg: " + job.sightings() + " sightings for " + job.reads() + " reads");
    }
  }

  /** Plate reads as the simulated cameras send them (what the other legs carry). */
  private static List<byte[]> samplePayloads(Options options) {
    LocalDate today = LocalDate.now(VehiclePopulation.BRUSSELS);
    List<VehicleRecord> population = VehiclePopulation.generate(options.seed(), Math.min(options.vehicles(), 10_000), today);
    TrafficModel traffic = new TrafficModel(options.seed(), 1, population.size());
    List<byte[]> payloads = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < 1_000; i++) {
      var passage = traffic.next();
      PlateRead read = PlateReads.capture("bru-0001", i + 1, now, population.get(passage.vehicleIndex()), passage);
      payloads.add(read.toBuilder().setPublishedAtMs(now).build().toByteArray());
    }
    return payloads;
  }

  // ---------------------------------------------------------------- machine

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("cpu_model", cpuModel());
    m.put("load_average_start", loadAverage());
    m.put("java", System.getProperty("java.version"));
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    return m;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII).stream()
          .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
