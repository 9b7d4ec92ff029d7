package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.jobs.testing.BrusselsTraffic;
import io.lezflow.jobs.testing.KafkaTestSupport;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.Violation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring ({@link EnforcementJob#onKafka}) end to end on real parts: in-process Kafka
 * (KRaft) with the real topics, the shipped policies published with {@link PolicyPublisher}, a
 * Flink MiniCluster with RocksDB state and checkpoints, PostgreSQL with the Flyway schema.
 *
 * <p>The expected outcomes are worked out by {@link BrusselsTraffic} from the fleet's profiles
 * (the test's own reading of the Brussels policy), not by calling the rules.
 */
class EnforcementJobITCase {
  private static final String HMAC_SECRET = "it-secret-0123456789abcdef";
  /** Capture times span two Brussels days, including the hour around midnight. */
  private static final Instant FIRST_CAPTURE = Instant.parse("2026-03-10T20:00:00Z");
  private static final long REGISTER_LOADED_AT = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
  private static final int GARBAGE_READS = 3;

  @TempDir static Path kafkaDir;
  private static EmbeddedKafka kafka;
  private static BrusselsTraffic traffic;
  private static List<PlateRead> reads;

  @TempDir Path checkpoints;
  private TestDatabase database;

  /** One fleet and a day and a half of reads in the real topics, shared by the tests (each reads with its own consumer group). */
  @BeforeAll
  static void startKafkaWithTraffic() throws Exception {
    kafka = EmbeddedKafka.start(kafkaDir);
    kafka.createLezTopics();
    traffic = new BrusselsTraffic(15, 8);
    reads = traffic.reads(20260310L, 1_500, FIRST_CAPTURE, Duration.ofHours(30), 20);

    PolicyPublisher.publishShipped(kafka.bootstrapServers());
    KafkaTestSupport.produce(kafka, traffic.cameraRecords());
    List<ProducerRecord<byte[], byte[]>> readRecords = new ArrayList<>(BrusselsTraffic.readRecords(reads));
    for (int i = 0; i < GARBAGE_READS; i++) {
      // Not a PlateRead: must be skipped and counted, never kill the job.
      readRecords.add(new ProducerRecord<>(Topics.PLATE_READS, null, new byte[] {(byte) 0xff, (byte) i, 0x7f, (byte) 0x80}));
    }
    // Reads before the register: the job consumes both at once, so reads overtake their register entries.
    KafkaTestSupport.produce(kafka, readRecords);
    KafkaTestSupport.produce(kafka, traffic.registerRecords(REGISTER_LOADED_AT));
    assertThat(traffic.expectedViolationIds(reads)).hasSizeGreaterThan(20);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) kafka.close();
  }

  @BeforeEach
  void freshDatabase() {
    database = TestServices.freshDatabase();
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) database.close();
  }

  @Test
  void decidesEveryReadWritesViolationsOnceToPostgresAndKafkaAndAReplayLeavesTheTablesAsTheyWere() throws Exception {
    EnforcementJobConfig config = config("enforcement-it-run-1", true);
    List<String> publishedBefore = ids(KafkaTestSupport.committedViolations(kafka, Topics.VIOLATIONS));

    runToCompletion(firstDeployment(config), config);

    assertThat(query("SELECT violation_id FROM violations WHERE status = 'PENDING_REVIEW'"))
        .containsExactlyInAnyOrderElementsOf(traffic.expectedViolationIds(reads));
    // Every candidate got a row; the later days of a fined vehicle were dropped by the 3-month gap.
    assertThat(query("SELECT violation_id FROM violations WHERE status = 'DROPPED' AND drop_reason = 'FINE_LIMIT_MINIMUM_GAP'"))
        .containsExactlyInAnyOrderElementsOf(candidateIds(reads).stream().filter(id -> !traffic.expectedViolationIds(reads).contains(id)).toList());
    assertThat(query("SELECT count(*) FROM violations WHERE status NOT IN ('PENDING_REVIEW', 'DROPPED')")).containsExactly("0");
    assertThat(countByOutcome()).isEqualTo(traffic.expectedOutcomeCounts(reads));
    assertThat(query("SELECT count(*) FROM sightings")).containsExactly(String.valueOf(reads.size()));
    assertThat(query("SELECT count(DISTINCT read_id) FROM sightings")).containsExactly(String.valueOf(reads.size()));
    assertThat(query("SELECT DISTINCT tableoid::regclass::text FROM sightings ORDER BY 1"))
        .containsExactly("sightings_20260310", "sightings_20260311", "sightings_20260312");
    assertThat(query("SELECT count(*) FROM sightings WHERE vehicle_hash IS NULL OR length(vehicle_hash) <> 32")).containsExactly("0");
    assertThat(query("SELECT DISTINCT policy_version || ' ' || currency || ' ' || fine_cents || ' ' || violation_type FROM violations WHERE status = 'PENDING_REVIEW' ORDER BY 1"))
        .containsExactly("2 EUR 15000 UNREGISTERED_FOREIGN", "2 EUR 35000 EMISSION_BAN");
    // March 2026: decided by Brussels v2 (the reinstated 2025 step, in force since 2025-09-22).
    assertThat(query("SELECT count(*) FROM violations WHERE rule NOT LIKE 'brussels@v2:%' OR explanation NOT LIKE '%brussels v2%'"))
        .containsExactly("0");
    // A committed transaction's markers reach the partitions a moment after the commit returns.
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<String> published = ids(KafkaTestSupport.committedViolations(kafka, Topics.VIOLATIONS));
      publishedBefore.forEach(published::remove); // the topic is shared with the other test
      assertThat(published).containsExactlyInAnyOrderElementsOf(traffic.expectedViolationIds(reads));
    });

    List<String> violationsAfterFirstRun = query("SELECT v::text FROM violations v ORDER BY violation_id");
    List<String> sightingsAfterFirstRun = query("SELECT s::text FROM sightings s ORDER BY captured_at, read_id");
    // Lose one day's sightings (as if their commits were lost), so the replay has to re-derive them.
    int lost = update("DELETE FROM sightings_20260311");
    assertThat(lost).isPositive();

    // A fresh state: the job loads the history its first run published, and decides alike.
    EnforcementJobConfig again = config.withConsumerGroup("enforcement-it-run-2");
    runToCompletion(EnforcementJob.onKafka(again), again);

    assertThat(query("SELECT v::text FROM violations v ORDER BY violation_id")).isEqualTo(violationsAfterFirstRun);
    assertThat(query("SELECT s::text FROM sightings s ORDER BY captured_at, read_id")).isEqualTo(sightingsAfterFirstRun);
  }

  /**
   * The way the local stack runs it: unbounded, started with {@link EnforcementJob#start}. A read
   * is decided once the watermark passes it: reads up to the out-of-order bound before the newest
   * capture of the slowest partition are decided while it runs, none within that bound of the
   * newest capture; {@link EnforcementJob#drainAndStop} then decides the rest and finalises every
   * candidate before the job stops.
   */
  @Test
  void runsUnboundedAndDrainsEverythingPendingWhenStopped(@TempDir Path savepoints) throws Exception {
    EnforcementJobConfig config = config("enforcement-it-live", false);
    Configuration testOverrides = new Configuration();
    testOverrides.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    long bound = EnforcementSettings.DEFAULT_MAX_OUT_OF_ORDERNESS.toMillis();
    long newest = reads.get(reads.size() - 1).getCapturedAtMs();
    long slowestPartitionsNewest = newestCaptureOfTheSlowestReadPartition();
    long surelyDecided = reads.stream().filter(r -> r.getCapturedAtMs() < slowestPartitionsNewest - bound).count();
    long atMostDecided = reads.stream().filter(r -> r.getCapturedAtMs() < newest - bound).count();
    assertThat(surelyDecided).isGreaterThan(reads.size() * 9L / 10);

    JobClient client = firstDeployment(config).start(EnforcementJob.localEnvironment(config, testOverrides));
    try {
      Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
          assertThat(count("sightings")).isGreaterThanOrEqualTo(surelyDecided));
      // Candidates are in the store while their grace window is open (the newest ones still are).
      assertThat(query("SELECT count(*) FROM violations WHERE status = 'AWAITING_GRACE'")).doesNotContain("0");
      assertThat(count("sightings")).isLessThanOrEqualTo(atMostDecided);
      assertThat(client.getJobExecutionResult()).isNotDone();

      EnforcementJob.drainAndStop(client, savepoints.toUri().toString()).get(60, TimeUnit.SECONDS);
    } finally {
      if (!client.getJobExecutionResult().isDone()) client.cancel().get(30, TimeUnit.SECONDS);
    }
    assertThat(count("sightings")).isEqualTo(reads.size());
    assertThat(query("SELECT violation_id FROM violations WHERE status = 'PENDING_REVIEW'"))
        .containsExactlyInAnyOrderElementsOf(traffic.expectedViolationIds(reads));
    assertThat(query("SELECT count(*) FROM violations WHERE status = 'AWAITING_GRACE'")).containsExactly("0");
  }

  /** The newest capture of the read partition whose newest capture is oldest (Kafka's key partitioning). */
  private static long newestCaptureOfTheSlowestReadPartition() {
    int partitions = Topics.defaultPartitions(Topics.PLATE_READS);
    long[] newest = new long[partitions];
    java.util.Arrays.fill(newest, Long.MIN_VALUE);
    for (ProducerRecord<byte[], byte[]> r : BrusselsTraffic.readRecords(reads)) {
      int p = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(r.key())) % partitions;
      newest[p] = Math.max(newest[p], PlateReadTime.of(r.value()));
    }
    return java.util.Arrays.stream(newest).filter(t -> t != Long.MIN_VALUE).min().orElseThrow();
  }

  private static final class PlateReadTime {
    static long of(byte[] value) {
      try {
        return PlateRead.parseFrom(value).getCapturedAtMs();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Every (vehicle, day) with a candidate read: each gets a row in the store. */
  private static List<String> candidateIds(List<PlateRead> reads) {
    return reads.stream().filter(r -> traffic.expectedOutcome(r).equals("CANDIDATE"))
        .map(r -> io.lezflow.schemas.ViolationIds.of(BrusselsTraffic.ZONE, traffic.vehicleOf(r).key(),
            java.time.LocalDate.ofInstant(Instant.ofEpochMilli(r.getCapturedAtMs()), BrusselsTraffic.BRUSSELS)))
        .distinct().toList();
  }

  private long count(String table) throws Exception {
    return Long.parseLong(query("SELECT count(*) FROM " + table).get(0));
  }

  private static List<String> ids(List<Violation> violations) {
    return new ArrayList<>(violations.stream().map(Violation::getViolationId).toList());
  }

  private EnforcementJobConfig config(String consumerGroup, boolean bounded) {
    return new EnforcementJobConfig(kafka.bootstrapServers(), database.jdbcUrl(), database.user(), database.password(),
        checkpoints.toString(), Duration.ofSeconds(1), 2, HMAC_SECRET, consumerGroup, bounded);
  }

  /**
   * The production job of a deployment that has decided nothing before: no history to load. The
   * tests share one Kafka (and its history topic) but each is a deployment of its own, with its own
   * database; the job still publishes its own history.
   */
  private static EnforcementJob firstDeployment(EnforcementJobConfig config) {
    return EnforcementJob.withProductionSinks(
            EnforcementJob.kafkaInputs(config, EnforcementSettings.defaults(config.sightingsHmacKey())), config)
        .history(EnforcementInput.empty())
        .build();
  }

  private static void runToCompletion(EnforcementJob job, EnforcementJobConfig config) throws Exception {
    Configuration testOverrides = new Configuration();
    testOverrides.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failure fails the test, no silent retry loop
    JobClient client = job.start(EnforcementJob.localEnvironment(config, testOverrides));
    try {
      client.getJobExecutionResult().get(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      client.cancel().get(30, TimeUnit.SECONDS); // never leave a job running behind a failed test
      throw e;
    }
  }

  private Map<String, Long> countByOutcome() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    for (String row : query("SELECT outcome || '=' || count(*) FROM sightings GROUP BY outcome")) {
      String[] parts = row.split("=");
      counts.put(parts[0], Long.parseLong(parts[1]));
    }
    return counts;
  }

  private List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = database.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) rows.add(rs.getString(1));
    }
    return rows;
  }

  private int update(String sql) throws Exception {
    try (Connection c = database.open(); Statement st = c.createStatement()) {
      return st.executeUpdate(sql);
    }
  }
}
