package io.lezflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.jobs.testing.BrusselsTraffic;
import io.lezflow.jobs.testing.KafkaTestSupport;
import io.lezflow.ops.FlinkRestClient;
import io.lezflow.ops.LezflowCommand;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real standalone Flink session cluster: a JobManager and a TaskManager as
 * separate processes started with {@code bin/flink-process.sh} from the lib directory Maven
 * assembled, RocksDB state, checkpoints in a directory both processes reach, the embedded Kafka
 * and PostgreSQL of this JVM. Driven only by {@code lezflow job ...} commands, as an operator would.
 *
 * <ol>
 *   <li>{@code lezflow job submit} the job jar; it decides three days of Brussels traffic and
 *       issues their violations; a checkpoint completes after them.
 *   <li>The TaskManager is SIGKILLed while the last two days arrive; a new one is started; the job
 *       restores its last checkpoint on it and goes on.
 *   <li>{@code lezflow job savepoint --stop}, new reads, {@code lezflow job submit
 *       --from-savepoint}; then {@code lezflow job upgrade} and {@code lezflow job cancel}.
 * </ol>
 *
 * Every violation the traffic calls for is in PostgreSQL and on the violations topic as a {@code
 * read_committed} consumer sees it, each exactly once, and every read is decided once. The job's
 * metrics are scraped from the TaskManager's Prometheus reporter.
 */
class FlinkClusterIT {
  private static final String SECRET = "cluster-it-secret-0123456789";
  private static final Instant FIRST_CAPTURE = Instant.parse("2026-04-06T04:00:00Z"); // Monday 06:00 in Brussels
  private static final Instant DAY_4 = Instant.parse("2026-04-08T22:00:00Z");
  private static final String PUSHER_CAMERA = "bru-cam-0099";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private static Path flinkHome;
  private static Path lib;
  private static Path jobJar;
  private static Path logs;
  private static EmbeddedKafka kafka;
  private static TestDatabase db;
  private static FlinkProcess jobManager;
  private static final List<FlinkProcess> taskManagers = new ArrayList<>();
  private static String restUrl;
  private static String rpcPort;
  private static int jobManagerMetricsPort;

  @BeforeAll
  static void startServicesAndCluster() throws Exception {
    flinkHome = Path.of(System.getProperty("lez.flink.home", "."));
    lib = Path.of(System.getProperty("lez.flink.lib", "target/lib"));
    jobJar = Path.of(System.getProperty("lez.job.jar", ""));
    assertThat(lib.resolve("flink-runtime-2.2.1.jar")).as("the cluster's lib directory (mvn package)").exists();
    assertThat(jobJar).as("the job jar (stream-jobs, mvn package)").exists();
    logs = flinkHome.resolve("target/flink-cluster-it");
    Files.createDirectories(logs);

    int restPort = freePort();
    rpcPort = Integer.toString(freePort());
    restUrl = "http://127.0.0.1:" + restPort;
    Map<String, String> jm = clusterSettings();
    jm.put("rest.port", Integer.toString(restPort));
    jobManagerMetricsPort = freePort();
    jm.put("metrics.reporter.prom.port", Integer.toString(jobManagerMetricsPort));
    jobManager = FlinkProcess.start(flinkHome, lib, "jobmanager", jm, logs.resolve("jobmanager.log"));
    startTaskManager(); // both JVMs start while Kafka and PostgreSQL do

    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createLezTopics();
    db = TestServices.freshDatabase();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (FlinkProcess tm : taskManagers) tm.close();
    if (jobManager != null) jobManager.close();
    if (kafka != null) kafka.close();
    if (db != null) db.close();
  }

  /** What every process of this cluster shares over conf/config.yaml: this test's ports and directories. */
  private static Map<String, String> clusterSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("jobmanager.rpc.port", rpcPort);
    s.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
    s.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
    s.put("io.tmp.dirs", dir.resolve("tmp").toString());
    s.put("blob.server.port", "0");
    // A killed TaskManager is noticed within seconds, not the production 20 s.
    s.put("heartbeat.interval", "1000");
    s.put("heartbeat.timeout", "5000");
    return s;
  }

  private static int metricsPortOfLastTaskManager;

  private static FlinkProcess startTaskManager() throws IOException {
    Map<String, String> tm = clusterSettings();
    metricsPortOfLastTaskManager = freePort();
    tm.put("metrics.reporter.prom.port", Integer.toString(metricsPortOfLastTaskManager));
    FlinkProcess process = FlinkProcess.start(flinkHome, lib, "taskmanager", tm,
        logs.resolve("taskmanager-" + (taskManagers.size() + 1) + ".log"));
    taskManagers.add(process);
    return process;
  }

  @Test
  void theJobJarOnAStandaloneClusterSurvivesAKilledTaskManagerAndResumesFromASavepoint() throws Exception {
    BrusselsTraffic traffic = new BrusselsTraffic(10, 6);
    // Each vehicle first comes on a day of its own: violations fall before and after the crash.
    List<PlateRead> reads = traffic.reads(20261203L, 1_200, FIRST_CAPTURE, Duration.ofDays(5), 10).stream()
        .filter(r -> r.getCapturedAtMs() >= firstDayOf(traffic.vehicleOf(r)))
        .toList();
    List<PlateRead> firstDays = reads.stream().filter(r -> r.getCapturedAtMs() < DAY_4.toEpochMilli()).toList();
    List<PlateRead> lastDays = reads.stream().filter(r -> r.getCapturedAtMs() >= DAY_4.toEpochMilli()).toList();
    long lastCapture = reads.get(reads.size() - 1).getCapturedAtMs();
    Set<String> expected = traffic.expectedViolationIds(reads);
    PolicyPublisher.publishShipped(kafka.bootstrapServers());
    KafkaTestSupport.produce(kafka, traffic.cameraRecords());
    KafkaTestSupport.produce(kafka, traffic.registerRecords(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli()));
    KafkaTestSupport.produce(kafka, BrusselsTraffic.readRecords(firstDays));

    FlinkRestClient flink = new FlinkRestClient(restUrl, WAIT);
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> flink.taskManagers() == 1);

    // 1. Submitted like an operator does; live on the first three days until a checkpoint holds violations.
    String job = lezflow(withJobSettings("job", "submit", "--jar", jobJar.toString()));
    long finesBefore = awaitValue(() -> fines(), n -> n > 0);
    long checkpointsWithoutThem = flink.checkpoints(job).completed();
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> flink.checkpoints(job).completed() > checkpointsWithoutThem);
    assertThat(finesBefore).isLessThan(expected.size());

    // 2. The machine of the TaskManager is lost while the rest of the traffic arrives; a new one comes.
    taskManagers.get(0).kill();
    KafkaTestSupport.produce(kafka, BrusselsTraffic.readRecords(lastDays));
    startTaskManager();
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
        .until(() -> flink.checkpoints(job).restored().isPresent() && flink.fullyRunning(job));
    FlinkRestClient.Restored restored = flink.checkpoints(job).restored().orElseThrow();
    assertThat(restored.savepoint()).isFalse(); // its own last checkpoint
    // A read a week later in every partition moves event time past every grace window.
    KafkaTestSupport.produce(kafka, BrusselsTraffic.readRecords(pushers(lastCapture + Duration.ofDays(7).toMillis(), 100)));
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(pendingReview()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(committedViolationIds()).hasSameSizeAs(expected);
    });
    assertThat(committedViolationIds()).containsExactlyInAnyOrderElementsOf(expected); // none twice

    // The job's counters and latency histogram reach Flink's Prometheus reporter on the TaskManager.
    String scrape = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> get("http://127.0.0.1:" + metricsPortOfLastTaskManager + "/metrics"),
            body -> body.contains("lez_job_decision_latency_seconds_count") && body.contains("lez_enforcement_reads_decided_total"));
    recordJobMetricNames(scrape);

    // 3. Stop with a savepoint; the stream goes on while the job is down; resume from the savepoint.
    String savepoint = lezflow("job", "savepoint", job, "--stop", "--flink-url", restUrl);
    assertThat(flink.state(job)).isEqualTo("FINISHED");
    assertThat(Path.of(URI.create(savepoint)).resolve("_metadata")).exists();
    List<PlateRead> whileDown = pushers(lastCapture + Duration.ofDays(14).toMillis(), 200);
    KafkaTestSupport.produce(kafka, BrusselsTraffic.readRecords(whileDown));
    String resumed = lezflow(withJobSettings("job", "submit", "--jar", jobJar.toString(), "--from-savepoint", savepoint));
    FlinkRestClient.Restored fromSavepoint = flink.checkpoints(resumed).restored().orElseThrow();
    assertThat(fromSavepoint.savepoint()).isTrue();
    assertThat(fromSavepoint.path()).isEqualTo(savepoint);
    // The week-later reads are decided now that the fortnight-later ones moved event time past them.
    int decidable = firstDays.size() + lastDays.size() + Topics.defaultPartitions(Topics.PLATE_READS);
    Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> sightings() == decidable);
    assertThat(lezflow("job", "list", "--flink-url", restUrl))
        .contains(job + "  FINISHED").contains(resumed + "  RUNNING");

    // An upgrade (the same jar here) is a stop-with-savepoint and a submit from it.
    String upgraded = lezflow(withJobSettings("job", "upgrade", resumed, "--jar", jobJar.toString()));
    assertThat(flink.state(resumed)).isEqualTo("FINISHED");
    assertThat(flink.checkpoints(upgraded).restored().orElseThrow().savepoint()).isTrue();
    lezflow("job", "cancel", upgraded, "--flink-url", restUrl);
    assertThat(flink.state(upgraded)).isEqualTo("CANCELED");

    // Nothing lost, nothing twice, across the crash and both savepoint restarts.
    assertThat(committedViolationIds()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pendingReview()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(sightings()).isEqualTo(decidable);
    assertThat(jobManager.alive()).isTrue();
  }

  // ---- lezflow, as typed ----

  private static String[] withJobSettings(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of("--flink-url", restUrl, "--kafka-bootstrap", kafka.bootstrapServers(),
        "--jdbc-url", db.jdbcUrl(), "--jdbc-user", db.user(), "--jdbc-password", db.password(),
        "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(), "--checkpoint-interval", "1s",
        "--parallelism", "2", "--sightings-hmac-key", SECRET, "--consumer-group", "cluster-it"));
    return args.toArray(String[]::new);
  }

  /** Runs a lezflow command line in this JVM; returns its stdout (trimmed), fails the test on a non-zero exit. */
  private static String lezflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LezflowCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    assertThat(exit).as("lezflow %s\nstderr: %s", args[0] + " " + args[1], err).isZero();
    return out.toString().trim();
  }

  // ---- traffic ----

  private static long firstDayOf(BrusselsTraffic.Vehicle v) {
    return FIRST_CAPTURE.toEpochMilli() + Duration.ofDays(Math.floorMod(v.key().hashCode(), 5)).toMillis();
  }

  /** Reads of unregistered plates (no violation), one landing in each partition of the reads topic. */
  private static List<PlateRead> pushers(long capturedAtMs, int firstSequence) {
    int partitions = Topics.defaultPartitions(Topics.PLATE_READS);
    PlateRead[] byPartition = new PlateRead[partitions];
    int found = 0;
    for (int n = 0; found < partitions; n++) {
      String plate = "7-UVW-" + (100 + n);
      int p = Utils.toPositive(Utils.murmur2(BrusselsTraffic.bytes(VehicleKeys.of("BE", plate)))) % partitions;
      if (byPartition[p] != null) continue;
      byPartition[p] = BrusselsTraffic.read(PUSHER_CAMERA, firstSequence + n, capturedAtMs,
          new BrusselsTraffic.Vehicle("BE", plate, BrusselsTraffic.Profile.NOT_REGISTERED), 0.95f);
      found++;
    }
    return List.of(byPartition);
  }

  // ---- what came out ----

  private static List<String> committedViolationIds() throws Exception {
    return KafkaTestSupport.committedViolations(kafka, Topics.VIOLATIONS).stream().map(Violation::getViolationId).toList();
  }

  private static List<String> pendingReview() throws Exception {
    return query("SELECT violation_id FROM violations WHERE status = 'PENDING_REVIEW'");
  }

  private static long fines() throws Exception {
    return pendingReview().size();
  }

  private static long sightings() throws Exception {
    return Long.parseLong(query("SELECT count(*) FROM sightings").get(0));
  }

  private static List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) rows.add(rs.getString(1));
    }
    return rows;
  }

  private interface Probe {
    long get() throws Exception;
  }

  private static long awaitValue(Probe probe, java.util.function.LongPredicate done) {
    return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(probe::get, done::test);
  }

  // ---- metrics ----

  /**
   * The metric names the running job exported, for the dashboards and alert rules: all of them in
   * target/flink-cluster-it/observed-job-metrics.txt; the committed list
   * (ops/deploy/observability/job-metrics.txt, what dashboards may use) must all be among them.
   * {@code -Dlez.writeJobMetrics=true} rewrites the committed list from this run.
   */
  private static void recordJobMetricNames(String scrape) throws Exception {
    Set<String> observed = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
      observed.add(line.substring(0, end));
    }
    observed.addAll(jobManagerMetricNames());
    Files.write(logs.resolve("observed-job-metrics.txt"), observed);
    Set<String> dashboardRelevant = observed.stream()
        .filter(n -> n.contains("_lez_") || RELEVANT_FLINK_METRICS.stream().anyMatch(n::endsWith))
        .collect(Collectors.toCollection(TreeSet::new));
    Path committed = flinkHome.resolve("../ops/deploy/observability/job-metrics.txt").normalize();
    if (Boolean.getBoolean("lez.writeJobMetrics")) {
      Files.createDirectories(committed.getParent());
      List<String> text = new ArrayList<>(List.of(
          "# Prometheus metric names the enforcement job exports on a Flink cluster (Flink's Prometheus reporter),",
          "# scraped from a live run by flink-cluster's FlinkClusterIT, which checks each is still exported.",
          "# Regenerate: mvn -B verify -pl flink-cluster -am -Dit.test=FlinkClusterIT -Dlez.writeJobMetrics=true"));
      text.addAll(dashboardRelevant);
      Files.write(committed, text);
    }
    try (Stream<String> lines = Files.lines(committed)) {
      List<String> listed = lines.filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
      assertThat(observed).as("names in %s that the running job no longer exports", committed).containsAll(listed);
    }
  }

  /** Flink's own metrics the alert rules use: checkpoints, restarts, consumer lag, throughput, event-time lag. */
  private static final List<String> RELEVANT_FLINK_METRICS = List.of(
      "_numberOfFailedCheckpoints", "_numberOfCompletedCheckpoints", "_lastCheckpointDuration", "_numRestarts",
      "_uptime", "_records_lag_max", "_numRecordsInPerSecond", "_numRecordsOutPerSecond", "_currentEmitEventTimeLag",
      "_currentInputWatermark", "_numLateRecordsDropped");

  private static Set<String> jobManagerMetricNames() throws Exception {
    Set<String> names = new TreeSet<>();
    for (String line : get("http://127.0.0.1:" + jobManagerMetricsPort + "/metrics").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
      names.add(line.substring(0, end));
    }
    return names;
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IllegalStateException(url + " answered " + response.statusCode());
    return response.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
