package io.lezflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.EmbeddedKafka;
import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.schemas.CameraIds;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.VehicleKeys;
import io.lezflow.schemas.ViolationIds;
import io.lezflow.schemas.v1.Evidence;
import io.lezflow.schemas.v1.Fuel;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleCategory;
import io.lezflow.schemas.v1.VehicleRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring end to end on real parts: in-process Kafka (KRaft) with the real topics,
 * a Flink MiniCluster with RocksDB state and checkpoints, PostgreSQL with the Flyway schema.
 *
 * <p>The expected outcomes are computed here from the fleet's profiles (the test's own reading
 * of the Brussels rule), not by calling the decider.
 */
class EnforcementJobITCase {
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
  private static final String HMAC_SECRET = "it-secret-0123456789abcdef";
  /** Capture times span two Brussels days, including the hour around midnight. */
  private static final Instant FIRST_CAPTURE = Instant.parse("2026-03-10T20:00:00Z");
  private static final long CAPTURE_SPAN_MS = Duration.ofHours(30).toMillis();
  private static final long REGISTER_LOADED_AT = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
  private static final int GARBAGE_READS = 3;

  @TempDir static Path kafkaDir;
  private static EmbeddedKafka kafka;

  @TempDir Path checkpoints;
  private TestDatabase database;

  /** What the register says about a vehicle, and what the Brussels 2026 rule makes of it. */
  enum Profile {
    BANNED_DIESEL(VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 3, false, "VIOLATION"),
    BANNED_PETROL_VAN(VehicleCategory.VEHICLE_CATEGORY_N1, Fuel.FUEL_PETROL, 1, false, "VIOLATION"),
    CLEAN_DIESEL(VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_DIESEL, 6, false, "COMPLIANT"),
    CLEAN_PETROL(VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 2, false, "COMPLIANT"),
    TRUCK(VehicleCategory.VEHICLE_CATEGORY_N3, Fuel.FUEL_DIESEL, 2, false, "EXEMPT"),
    ELECTRIC(VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_ELECTRIC, 0, false, "EXEMPT"),
    OLDTIMER(VehicleCategory.VEHICLE_CATEGORY_M1, Fuel.FUEL_PETROL, 0, true, "EXEMPT"),
    NOT_REGISTERED(null, null, 0, false, "UNKNOWN_VEHICLE");

    final VehicleCategory category;
    final Fuel fuel;
    final int euro;
    final boolean historic;
    final String outcome;

    Profile(VehicleCategory category, Fuel fuel, int euro, boolean historic, String outcome) {
      this.category = category;
      this.fuel = fuel;
      this.euro = euro;
      this.historic = historic;
      this.outcome = outcome;
    }
  }

  record Vehicle(String country, String plate, Profile profile) {
    String key() {
      return VehicleKeys.of(country, plate);
    }
  }

  private static List<PlateRead> reads;
  private static Set<String> expectedViolationIds;
  private static Map<String, Long> expectedOutcomes;

  /** One fleet and one day and a half of reads in the real topics, shared by the tests (each reads with its own consumer group). */
  @BeforeAll
  static void startKafkaWithTraffic() throws Exception {
    kafka = EmbeddedKafka.start(kafkaDir);
    kafka.createLezTopics();
    awaitPartitionLeaders(List.of(Topics.PLATE_READS, Topics.VEHICLES));

    Random random = new Random(20260310L);
    List<Vehicle> fleet = new ArrayList<>();
    for (Profile profile : Profile.values()) {
      for (int i = 0; i < 15; i++) {
        String plate = (i % 2 == 0 ? "1-" : "2-") + profile.ordinal() + (char) ('A' + i) + "X-" + String.format("%03d", i);
        fleet.add(new Vehicle(profile == Profile.NOT_REGISTERED && i % 3 == 0 ? "FR" : "BE", plate, profile));
      }
    }
    reads = new ArrayList<>();
    Map<String, Integer> sequences = new HashMap<>();
    for (int n = 0; n < 1_500; n++) {
      Vehicle vehicle = fleet.get(random.nextInt(fleet.size()));
      String camera = CameraIds.of("bru", 1 + random.nextInt(8));
      int seq = sequences.merge(camera, 1, Integer::sum);
      long captured = FIRST_CAPTURE.toEpochMilli() + (long) (random.nextDouble() * CAPTURE_SPAN_MS);
      reads.add(PlateRead.newBuilder()
          .setReadId(CameraIds.readId(camera, seq)).setCameraId(camera).setSequence(seq)
          .setCapturedAtMs(captured).setPublishedAtMs(captured + 150)
          .setPlateText(vehicle.plate()).setPlateCountry(vehicle.country())
          .setConfidence(0.9f + random.nextFloat() / 10)
          .setEvidence(Evidence.newBuilder().setImageKey("img/" + camera + "/" + seq).setImageSha256(sha(random)))
          .build());
    }
    // Reads first, register last: the job consumes both topics at once, so reads overtake their register entries.
    produceReads(reads);
    produceRegister(fleet);

    Map<String, Vehicle> byKey = new HashMap<>();
    fleet.forEach(v -> byKey.put(v.key(), v));
    expectedViolationIds = new HashSet<>();
    expectedOutcomes = new TreeMap<>();
    for (PlateRead read : reads) {
      Vehicle vehicle = byKey.get(VehicleKeys.of(read.getPlateCountry(), read.getPlateText()));
      expectedOutcomes.merge(vehicle.profile().outcome, 1L, Long::sum);
      if (vehicle.profile().outcome.equals("VIOLATION")) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(read.getCapturedAtMs()), BRUSSELS);
        expectedViolationIds.add(ViolationIds.of("BRU", vehicle.key(), day));
      }
    }
    assertThat(expectedViolationIds).hasSizeGreaterThan(20); // the data exercises both days
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
  void decidesEveryReadAndAReplayLeavesTheTablesExactlyAsTheyWere() throws Exception {
    EnforcementJobConfig config = new EnforcementJobConfig(kafka.bootstrapServers(), database.jdbcUrl(),
        database.user(), database.password(), checkpoints.toString(), Duration.ofSeconds(1), 2, HMAC_SECRET,
        "enforcement-it-run-1", true);

    runToCompletion(config);

    assertThat(query("SELECT violation_id FROM violations")).containsExactlyInAnyOrderElementsOf(expectedViolationIds);
    assertThat(countByOutcome()).isEqualTo(expectedOutcomes);
    assertThat(query("SELECT count(*) FROM sightings")).containsExactly(String.valueOf(reads.size()));
    assertThat(query("SELECT count(DISTINCT read_id) FROM sightings")).containsExactly(String.valueOf(reads.size()));
    assertThat(query("SELECT DISTINCT tableoid::regclass::text FROM sightings ORDER BY 1"))
        .containsExactly("sightings_20260310", "sightings_20260311", "sightings_20260312");
    assertThat(query("SELECT count(*) FROM sightings WHERE vehicle_hash IS NULL OR length(vehicle_hash) <> 32")).containsExactly("0");
    assertThat(query("SELECT count(*) FROM violations WHERE explanation NOT LIKE '%banned up to Euro%'")).containsExactly("0");

    List<String> violationsAfterFirstRun = query("SELECT v::text FROM violations v ORDER BY violation_id");
    List<String> sightingsAfterFirstRun = query("SELECT s::text FROM sightings s ORDER BY captured_at, read_id");
    // Lose one day's sightings (as if their commits were lost), so the replay has to re-derive them.
    int lost = update("DELETE FROM sightings_20260311");
    assertThat(lost).isPositive();

    runToCompletion(config.withConsumerGroup("enforcement-it-run-2"));

    assertThat(query("SELECT v::text FROM violations v ORDER BY violation_id")).isEqualTo(violationsAfterFirstRun);
    assertThat(query("SELECT s::text FROM sightings s ORDER BY captured_at, read_id")).isEqualTo(sightingsAfterFirstRun);
  }

  /**
   * The way the local stack runs it: unbounded, started with {@link EnforcementJob#start}, cancelled
   * through its {@link JobClient}. Reads of registered vehicles are decided as soon as their register
   * entry is there; reads of unregistered vehicles wait for the event-time watermark, which only
   * newer traffic moves, so they are not awaited here.
   */
  @Test
  void runsUnboundedUntilCancelled() throws Exception {
    EnforcementJobConfig config = new EnforcementJobConfig(kafka.bootstrapServers(), database.jdbcUrl(),
        database.user(), database.password(), checkpoints.toString(), Duration.ofSeconds(1), 2, HMAC_SECRET,
        "enforcement-it-live", false);
    Configuration testOverrides = new Configuration();
    testOverrides.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    long registeredReads = reads.size() - expectedOutcomes.getOrDefault("UNKNOWN_VEHICLE", 0L);

    JobClient client = EnforcementJob.onKafka(config).start(EnforcementJob.localEnvironment(config, testOverrides));
    try {
      Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
          assertThat(query("SELECT count(*) FROM sightings WHERE outcome <> 'UNKNOWN_VEHICLE'"))
              .containsExactly(String.valueOf(registeredReads)));
      assertThat(query("SELECT violation_id FROM violations")).containsExactlyInAnyOrderElementsOf(expectedViolationIds);
      assertThat(client.getJobExecutionResult()).isNotDone();
    } finally {
      client.cancel().get(30, TimeUnit.SECONDS);
    }
    assertThat(client.getJobExecutionResult()).failsWithin(Duration.ofSeconds(30));
  }

  private static void runToCompletion(EnforcementJobConfig config) throws Exception {
    Configuration testOverrides = new Configuration();
    testOverrides.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failure fails the test, no silent retry loop
    JobClient client = EnforcementJob.onKafka(config).start(EnforcementJob.localEnvironment(config, testOverrides));
    try {
      client.getJobExecutionResult().get(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      client.cancel().get(30, TimeUnit.SECONDS); // never leave a job running behind a failed test
      throw e;
    }
  }

  private static void produceReads(List<PlateRead> reads) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (PlateRead read : reads) {
        byte[] key = VehicleKeys.of(read.getPlateCountry(), read.getPlateText()).getBytes(StandardCharsets.UTF_8);
        acks.add(producer.send(new ProducerRecord<>(Topics.PLATE_READS, key, read.toByteArray())));
      }
      for (int i = 0; i < GARBAGE_READS; i++) {
        // Not a PlateRead: must be skipped and counted, never kill the job.
        acks.add(producer.send(new ProducerRecord<>(Topics.PLATE_READS, null, new byte[] {(byte) 0xff, (byte) i, 0x7f, (byte) 0x80})));
      }
      awaitAcks(acks);
    }
  }

  private static void produceRegister(List<Vehicle> fleet) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (Vehicle v : fleet) {
        if (v.profile() == Profile.NOT_REGISTERED) continue;
        VehicleRecord record = VehicleRecord.newBuilder()
            .setVehicleKey(v.key()).setPlate(v.plate()).setCountry(v.country())
            .setCategory(v.profile().category).setFuel(v.profile().fuel).setEuroNorm(v.profile().euro)
            .setFirstRegistration(v.profile().historic ? "1975-06-01" : "2009-06-01")
            .setHistoricPlate(v.profile().historic)
            .setUpdatedAtMs(REGISTER_LOADED_AT).setCritAir(-1)
            .build();
        acks.add(producer.send(new ProducerRecord<>(Topics.VEHICLES, v.key().getBytes(StandardCharsets.UTF_8), record.toByteArray())));
      }
      awaitAcks(acks);
    }
  }

  /** Every record acknowledged, or the test fails here rather than on a count later. */
  private static void awaitAcks(List<Future<RecordMetadata>> acks) throws Exception {
    for (Future<RecordMetadata> ack : acks) ack.get(60, TimeUnit.SECONDS);
  }

  /** A freshly created topic accepts writes only once each partition has a leader. */
  private static void awaitPartitionLeaders(List<String> topics) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
          admin.describeTopics(topics).allTopicNames().get().values().stream()
              .flatMap(t -> t.partitions().stream())
              .allMatch(p -> p.leader() != null && p.leader().id() >= 0));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Plain retries in order: right after topic creation the idempotent producer hit
    // OUT_OF_ORDER_SEQUENCE_NUMBER on this single-node broker and dropped batches.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private static String sha(Random random) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 32; i++) hex.append(String.format("%02x", random.nextInt(256)));
    return hex.toString();
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

  static {
    // Capture days in UTC used by the partition assertions above.
    assert LocalDate.ofInstant(FIRST_CAPTURE, ZoneOffset.UTC).equals(LocalDate.parse("2026-03-10"));
  }
}
