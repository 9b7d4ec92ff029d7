package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.jobs.kafka.KafkaSinks;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.jobs.postgres.JdbcTarget;
import io.lezflow.jobs.postgres.PostgresDecisionSink;
import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.testing.BrusselsTraffic;
import io.lezflow.jobs.testing.CollectingSink;
import io.lezflow.jobs.testing.KafkaTestSupport;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcement is killed in the middle of the stream and restarted from its last retained
 * checkpoint: the violations it produces are exactly those of an uninterrupted run over the same
 * topics — none missing, none twice — in PostgreSQL and on the Kafka topic as a {@code
 * read_committed} consumer sees it.
 *
 * <p>Five days of Brussels traffic, each vehicle first seen on a day of its own. The job runs live on
 * the first three days (candidates of day 1 are issued, later ones wait in state for their grace
 * windows), the last two days arrive, and the job crashes while deciding them (an injected
 * failure, no restart strategy). It is started again from the newest completed checkpoint, and the
 * stream goes on: a read a week later in every partition moves event time past every grace window.
 * Reference: the same topics read from the start by one uninterrupted bounded run.
 */
class CheckpointRecoveryITCase {
  private static final String SECRET = "recovery-secret-0123456789";
  private static final Instant FIRST_CAPTURE = Instant.parse("2026-04-06T04:00:00Z"); // Monday 06:00 in Brussels
  private static final Instant DAY_4 = Instant.parse("2026-04-08T22:00:00Z");          // Thursday 00:00 in Brussels
  private static final String REFERENCE_TOPIC = "reference.violations";

  @TempDir static Path dataDir;
  private static EmbeddedKafka kafka;
  private static BrusselsTraffic traffic;
  private static List<PlateRead> firstDays;
  private static List<PlateRead> lastDays;
  /** One read a week after the rest in every read partition: moves event time past every grace window. */
  private static List<PlateRead> eventTimePushers;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.start(dataDir);
    kafka.createLezTopics();
    kafka.createTopics(List.of(REFERENCE_TOPIC));
    traffic = new BrusselsTraffic(10, 6);
    // Each vehicle first comes on a day of its own, so violations (one per vehicle: the 3-month gap
    // drops its later days) fall on all five days: some before the crash, some after.
    List<PlateRead> reads = traffic.reads(20260406L, 1_500, FIRST_CAPTURE, Duration.ofDays(5), 10).stream()
        .filter(r -> r.getCapturedAtMs() >= firstDayOf(traffic.vehicleOf(r)))
        .toList();
    firstDays = reads.stream().filter(r -> r.getCapturedAtMs() < DAY_4.toEpochMilli()).toList();
    lastDays = reads.stream().filter(r -> r.getCapturedAtMs() >= DAY_4.toEpochMilli()).toList();
    eventTimePushers = pushers(reads.get(reads.size() - 1).getCapturedAtMs() + Duration.ofDays(7).toMillis());

    PolicyPublisher.publishShipped(kafka.bootstrapServers());
    KafkaTestSupport.produce(kafka, traffic.cameraRecords());
    KafkaTestSupport.produce(kafka, traffic.registerRecords(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli()));
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) kafka.close();
  }

  @Test
  void aJobKilledMidStreamAndRestartedFromItsLastCheckpointIssuesExactlyTheViolationsOfAnUninterruptedRun(
      @TempDir Path checkpoints) throws Exception {
    try (TestDatabase interrupted = TestServices.freshDatabase(); TestDatabase reference = TestServices.freshDatabase()) {
      EnforcementJobConfig config = config(interrupted, checkpoints, "recovery-it", false);
      Configuration noRestarts = new Configuration();
      noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");

      // 1. Live on the first three days until a checkpoint completes after violations went out.
      KafkaTestSupport.produce(kafka, BrusselsTraffic.readRecords(firstDays));
      CollectingSink<DecisionRecord> crashing = CollectingSink.named("recovery-first-attempt");
      JobClient first = job(config, crashing).start(EnforcementJob.localEnvironment(config, noRestarts));
      Path jobCheckpoints = checkpoints.resolve(first.getJobID().toString());
      try {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
            .until(() -> fines(interrupted) > 0);
        long checkpointWithoutThem = latestCheckpointNumber(jobCheckpoints);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> latestCheckpointNumber(jobCheckpoints) > checkpointWithoutThem);

        // 2. The rest arrives; the job crashes while deciding it (reads of registered vehicles are
        // decided as they arrive, so the crash is armed before they are sent).
        crashing.failAfter(200);
        KafkaTestSupport.produce(kafka, BrusselsTraffic.readRecords(lastDays));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> first.getJobExecutionResult().isDone());
      } finally {
        if (!first.getJobExecutionResult().isDone()) first.cancel().get(30, TimeUnit.SECONDS);
      }
      assertThat(first.getJobExecutionResult()).failsWithin(Duration.ofSeconds(1))
          .withThrowableOfType(ExecutionException.class).withStackTraceContaining("injected failure");
      long violationsBeforeTheCrash = fines(interrupted);
      assertThat(violationsBeforeTheCrash).isPositive();

      // The uninterrupted reference: the same topics from the start, to their end.
      runToCompletion(referenceJob(config(reference, checkpoints.resolve("reference"), "recovery-reference", true)),
          config(reference, checkpoints.resolve("reference"), "recovery-reference", true));
      List<String> expected = violationRows(reference);
      // Fines (PENDING_REVIEW) go to Kafka too; the store also keeps the candidates that were dropped.
      List<String> expectedIds = query(reference, "SELECT violation_id FROM violations WHERE status = 'PENDING_REVIEW' ORDER BY 1");
      assertThat(query(reference, "SELECT DISTINCT status FROM violations ORDER BY 1")).containsExactly("DROPPED", "PENDING_REVIEW");
      assertThat(expectedIds).hasSizeGreaterThan((int) violationsBeforeTheCrash);
      // A committed transaction's markers reach the partitions a moment after the commit returns.
      Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(ids(KafkaTestSupport.committedViolations(kafka, REFERENCE_TOPIC))).containsExactlyInAnyOrderElementsOf(expectedIds));

      // 3. Restart from the newest retained checkpoint of the crashed job.
      Path restoreFrom = latestCheckpoint(jobCheckpoints).orElseThrow();
      Configuration restore = noRestarts.clone();
      restore.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
      CollectingSink<DecisionRecord> afterRestart = CollectingSink.named("recovery-second-attempt");
      JobClient second = job(config, afterRestart).start(EnforcementJob.localEnvironment(config, restore));
      try {
        // The stream goes on: new reads rebuild event time (watermarks are not part of a checkpoint).
        KafkaTestSupport.produce(kafka, BrusselsTraffic.readRecords(eventTimePushers));
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
          assertThat(violationRows(interrupted)).isEqualTo(expected); // all settled, as in the reference
          assertThat(ids(KafkaTestSupport.committedViolations(kafka, Topics.VIOLATIONS))).hasSameSizeAs(expectedIds);
        });
        assertThat(second.getJobExecutionResult()).isNotDone();
      } finally {
        second.cancel().get(30, TimeUnit.SECONDS);
      }

      // None twice on Kafka either, also after the job has stopped.
      assertThat(ids(KafkaTestSupport.committedViolations(kafka, Topics.VIOLATIONS))).containsExactlyInAnyOrderElementsOf(expectedIds);
      // Every read decided once (all but the reads that moved event time on, which nothing passed).
      assertThat(count(interrupted, "sightings")).isEqualTo(firstDays.size() + lastDays.size());
      assertThat(query(interrupted, "SELECT read_id || ' ' || outcome FROM sightings ORDER BY 1"))
          .isEqualTo(query(reference, "SELECT read_id || ' ' || outcome FROM sightings WHERE camera_id <> '"
              + PUSHER_CAMERA + "' ORDER BY 1"));
      // The restarted job resumed from the checkpoint's state and offsets; it did not start over.
      assertThat(afterRestart.collected().stream().filter(d -> d.stage == DecisionRecord.Stage.READ).count())
          .isLessThan(firstDays.size() + lastDays.size());
    }
  }

  private static long firstDayOf(BrusselsTraffic.Vehicle v) {
    return FIRST_CAPTURE.toEpochMilli() + Duration.ofDays(Math.floorMod(v.key().hashCode(), 5)).toMillis();
  }

  private static EnforcementJobConfig config(TestDatabase db, Path checkpoints, String group, boolean bounded) {
    return new EnforcementJobConfig(kafka.bootstrapServers(), db.jdbcUrl(), db.user(), db.password(), checkpoints.toString(),
        Duration.ofMillis(500), 2, SECRET, group, bounded);
  }

  /**
   * Read partitions never count as idle here: every one of them gets a pusher at the end, so event
   * time moves on without idleness, and a partition read slowly on a loaded machine is never left
   * behind (its reads would be late). Reference topics count as loaded after 2 s.
   */
  private static EnforcementSettings settings() {
    return EnforcementSettings.defaults(SECRET).withIdleness(Duration.ofMinutes(10), Duration.ofSeconds(2));
  }

  static final String PUSHER_CAMERA = "bru-cam-0099";

  /** Reads of unregistered plates (no violation), one landing in each partition of the reads topic. */
  private static List<PlateRead> pushers(long capturedAtMs) {
    int partitions = Topics.defaultPartitions(Topics.PLATE_READS);
    PlateRead[] byPartition = new PlateRead[partitions];
    int found = 0;
    for (int n = 0; found < partitions; n++) {
      String plate = "7-UVW-" + (100 + n);
      byte[] key = BrusselsTraffic.bytes(io.lezflow.schemas.VehicleKeys.of("BE", plate));
      int p = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key)) % partitions;
      if (byPartition[p] != null) continue;
      byPartition[p] = BrusselsTraffic.read(PUSHER_CAMERA, n + 1, capturedAtMs,
          new BrusselsTraffic.Vehicle("BE", plate, BrusselsTraffic.Profile.NOT_REGISTERED), 0.95f);
      found++;
    }
    return List.of(byPartition);
  }

  /** The production job, with a decisions sink that the test can make crash. */
  private static EnforcementJob job(EnforcementJobConfig config, CollectingSink<DecisionRecord> decisions) {
    return EnforcementJob.withProductionSinks(EnforcementJob.kafkaInputs(config, settings()), config)
        .decisionsSink(decisions)
        .build();
  }

  /** As production, with its own Kafka violations topic. */
  private static EnforcementJob referenceJob(EnforcementJobConfig config) {
    JdbcTarget db = new JdbcTarget(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    return EnforcementJob.kafkaInputs(config, settings())
        .history(EnforcementInput.empty()) // a deployment of its own: not the crashed job's history
        .sightingsSink(PostgresDecisionSink.sightings(db))
        .addViolationsSink(EnforcementJob.VIOLATIONS_SINK_UID, PostgresDecisionSink.violations(db))
        .addViolationsSink(EnforcementJob.VIOLATIONS_KAFKA_SINK_UID, KafkaSinks.violationsExactlyOnce(
            config.kafkaBootstrap(), REFERENCE_TOPIC, "lez-violations-reference"))
        .build();
  }

  private static void runToCompletion(EnforcementJob job, EnforcementJobConfig config) throws Exception {
    Configuration noRestarts = new Configuration();
    noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    JobClient client = job.start(EnforcementJob.localEnvironment(config, noRestarts));
    try {
      client.getJobExecutionResult().get(120, TimeUnit.SECONDS);
    } finally {
      if (!client.getJobExecutionResult().isDone()) client.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  /** The newest completed (retained) checkpoint of a job: {@code chk-N} with its {@code _metadata}. */
  private static Optional<Path> latestCheckpoint(Path jobCheckpoints) throws IOException {
    if (!Files.isDirectory(jobCheckpoints)) return Optional.empty();
    try (Stream<Path> dirs = Files.list(jobCheckpoints)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
          .max(Comparator.comparingLong(CheckpointRecoveryITCase::checkpointNumber));
    }
  }

  private static long latestCheckpointNumber(Path jobCheckpoints) throws IOException {
    return latestCheckpoint(jobCheckpoints).map(CheckpointRecoveryITCase::checkpointNumber).orElse(0L);
  }

  private static long checkpointNumber(Path chk) {
    return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
  }

  /** What a violation says and where it stands, without the row's creation and settlement times. */
  private static List<String> violationRows(TestDatabase db) throws Exception {
    return query(db, "SELECT violation_id || ' ' || status || ' ' || coalesce(drop_reason, '-') || ' ' || violation_type"
        + " || ' ' || rule || ' ' || policy_version || ' ' || fine_cents || ' ' || first_seen_at || ' '"
        + " || array_to_string(read_ids, ',') FROM violations ORDER BY 1");
  }

  /** Violations issued as fines so far (settled, in the review queue). */
  private static long fines(TestDatabase db) throws Exception {
    return Long.parseLong(query(db, "SELECT count(*) FROM violations WHERE status = 'PENDING_REVIEW'").get(0));
  }

  private static List<String> ids(List<Violation> violations) {
    return violations.stream().map(Violation::getViolationId).toList();
  }

  private static long count(TestDatabase db, String table) throws Exception {
    return Long.parseLong(query(db, "SELECT count(*) FROM " + table).get(0));
  }

  private static List<String> query(TestDatabase db, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) rows.add(rs.getString(1));
    }
    return rows;
  }
}
