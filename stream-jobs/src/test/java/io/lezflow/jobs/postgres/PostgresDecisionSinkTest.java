package io.lezflow.jobs.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.jobs.records.Sighting;
import io.lezflow.jobs.records.ViolationRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batch writer against a real PostgreSQL with the real (Flyway-migrated) schema. */
class PostgresDecisionSinkTest {
  private static final long MARCH_10_LATE = Instant.parse("2026-03-10T23:59:59.999Z").toEpochMilli();
  private static final long MARCH_11_START = Instant.parse("2026-03-11T00:00:00Z").toEpochMilli();

  private TestDatabase database;
  private JdbcTarget target;
  private final ManualProcessingTime clock = new ManualProcessingTime();
  private final SimpleCounter rowsWritten = new SimpleCounter();
  private final SimpleCounter batchesWritten = new SimpleCounter();

  @BeforeEach
  void freshDatabase() {
    database = TestServices.freshDatabase();
    target = new JdbcTarget(database.jdbcUrl(), database.user(), database.password());
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void rowsGoOutWhenTheBatchIsFullNotBefore() throws Exception {
    try (var writer = sightingsWriter(3)) {
      writer.write(sighting("c:1", MARCH_10_LATE), null);
      writer.write(sighting("c:2", MARCH_10_LATE), null);
      assertThat(count("sightings")).isZero();
      assertThat(writer.buffered()).isEqualTo(2);

      writer.write(sighting("c:3", MARCH_10_LATE), null);

      assertThat(count("sightings")).isEqualTo(3);
      assertThat(writer.buffered()).isZero();
      assertThat(batchesWritten.getCount()).isEqualTo(1);
      assertThat(rowsWritten.getCount()).isEqualTo(3);
    }
  }

  @Test
  void theTailGoesOutOnTheFlushTimerAndOnCheckpointFlush() throws Exception {
    try (var writer = sightingsWriter(500)) {
      writer.write(sighting("c:1", MARCH_10_LATE), null);
      writer.write(sighting("c:2", MARCH_10_LATE), null);
      assertThat(clock.pendingTimers()).isEqualTo(1); // one timer per buffered batch, not per row
      assertThat(clock.firstDueTime()).isEqualTo(PostgresDecisionSink.DEFAULT_FLUSH_INTERVAL.toMillis());

      clock.advanceTo(PostgresDecisionSink.DEFAULT_FLUSH_INTERVAL.toMillis() - 1);
      assertThat(count("sightings")).isZero();
      clock.advanceTo(PostgresDecisionSink.DEFAULT_FLUSH_INTERVAL.toMillis());
      assertThat(count("sightings")).isEqualTo(2);

      writer.write(sighting("c:3", MARCH_10_LATE), null);
      writer.flush(false); // what the sink operator calls before a checkpoint barrier

      assertThat(count("sightings")).isEqualTo(3);
    }
  }

  @Test
  void sightingsLandInTheirUtcDayPartitionCreatedOnDemand() throws Exception {
    try (var writer = sightingsWriter(10)) {
      writer.write(sighting("c:1", MARCH_10_LATE), null);
      writer.write(sighting("c:2", MARCH_11_START), null);
      writer.flush(true);
    }

    assertThat(query("SELECT read_id || '@' || tableoid::regclass::text FROM sightings ORDER BY read_id"))
        .containsExactly("c:1@sightings_20260310", "c:2@sightings_20260311");
    assertThat(SightingRows.partitionOf(MARCH_10_LATE)).isEqualTo("sightings_20260310");
  }

  @Test
  void writingTheSameRowsAgainChangesNothing() throws Exception {
    ViolationRecord first = violation("BRU-2026-03-10-aaaa", "c:1", "first explanation");
    try (var sightings = sightingsWriter(10); var violations = violationsWriter(10)) {
      sightings.write(sighting("c:1", MARCH_10_LATE), null);
      violations.write(first, null);
      sightings.flush(true);
      violations.flush(true);
    }
    List<String> sightingsBefore = query("SELECT s::text FROM sightings s ORDER BY read_id");
    List<String> violationsBefore = query("SELECT v::text FROM violations v ORDER BY violation_id");

    try (var sightings = sightingsWriter(10); var violations = violationsWriter(10)) {
      sightings.write(sighting("c:1", MARCH_10_LATE), null);
      // Same deterministic id, other evidence: the first row written stays.
      violations.write(violation("BRU-2026-03-10-aaaa", "c:9", "second explanation"), null);
      sightings.flush(true);
      violations.flush(true);
    }

    assertThat(query("SELECT s::text FROM sightings s ORDER BY read_id")).isEqualTo(sightingsBefore);
    assertThat(query("SELECT v::text FROM violations v ORDER BY violation_id")).isEqualTo(violationsBefore);
  }

  @Test
  void sightingsKeepTheirVideoSurveillanceMetadata() throws Exception {
    try (var writer = sightingsWriter(10)) {
      writer.write(sighting("c:1", MARCH_10_LATE), null);
      writer.flush(true);
    }
    assertThat(query("SELECT concat_ws('|', hmac_key_id, encode(vehicle_fold_hash, 'hex'), lane, direction, confidence, image_key,"
        + " image_sha256) FROM sightings"))
        .containsExactly("k0123456789ab|05060708|2|OUTBOUND|0.87|img/c:1|" + "cd".repeat(32));
  }

  @Test
  void violationColumnsRoundTrip() throws Exception {
    ViolationRecord v = violation("BRU-2026-03-10-bbbb", "bru-cam-0001:7", "M1 DIESEL Euro 3 is banned");
    v.readIds = new String[] {"bru-cam-0001:7", "bru-cam-0002:9"};
    v.imageSha256 = null;
    try (var writer = violationsWriter(10)) {
      writer.write(v, null);
      writer.flush(true);
    }

    try (Connection c = database.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM violations")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("violation_id")).isEqualTo(v.violationId);
      assertThat(rs.getString("zone_id")).isEqualTo("BRU");
      assertThat(rs.getString("vehicle_key")).isEqualTo(v.vehicleKey);
      assertThat(rs.getObject("enforcement_day", LocalDate.class)).isEqualTo(LocalDate.parse("2026-03-10"));
      assertThat(rs.getString("violation_type")).isEqualTo("EMISSION_BAN");
      assertThat(rs.getString("rule")).isEqualTo(v.rule);
      assertThat(rs.getInt("policy_version")).isEqualTo(1);
      assertThat(rs.getLong("fine_cents")).isEqualTo(35_000);
      assertThat(rs.getString("currency")).isEqualTo("EUR");
      assertThat(rs.getBoolean("warning_only")).isFalse();
      assertThat(rs.getBoolean("needs_review")).isFalse();
      assertThat(rs.getObject("first_seen_at", OffsetDateTime.class).toInstant().toEpochMilli()).isEqualTo(v.firstSeenAtMs);
      assertThat(rs.getString("camera_id")).isEqualTo(v.cameraId);
      Array readIds = rs.getArray("read_ids");
      assertThat((String[]) readIds.getArray()).containsExactly("bru-cam-0001:7", "bru-cam-0002:9");
      assertThat(rs.getString("plate_text")).isEqualTo("1-ABC-234");
      assertThat(rs.getString("country")).isEqualTo("BE");
      assertThat(rs.getFloat("confidence")).isEqualTo(0.91f);
      assertThat(rs.getString("image_sha256")).isNull();
      assertThat(rs.getString("explanation")).isEqualTo("M1 DIESEL Euro 3 is banned");
      assertThat(rs.getString("status")).isEqualTo("PENDING_REVIEW");
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void parallelWritersCreatingTheSameNewDayDoNotRace() throws Exception {
    int writers = 4;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      runs.add(CompletableFuture.runAsync(() -> {
        try (var writer = new PostgresBatchWriter<>(target, new SightingRows(), 100, Duration.ofSeconds(1),
            new ManualProcessingTime(), new SimpleCounter(), new SimpleCounter())) {
          start.await();
          for (int i = 0; i < 50; i++) writer.write(sighting("w" + id + ":" + i, MARCH_11_START + i), null);
          writer.flush(true);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    start.countDown();
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(count("sightings")).isEqualTo(writers * 50L);
    assertThat(query("SELECT DISTINCT tableoid::regclass::text FROM sightings")).containsExactly("sightings_20260311");
  }

  @Test
  void aFailedBatchFailsWithItsSqlStateTableAndSizeButNoPlateAnywhereInTheException() throws Exception {
    ViolationRecord good = violation("BRU-2026-03-10-cccc", "c:1", "fine");
    ViolationRecord broken = violation("BRU-2026-03-10-dddd", "c:2", null); // explanation is NOT NULL: the batch fails
    Throwable thrown;
    try (var writer = violationsWriter(10)) {
      writer.write(good, null);
      writer.write(broken, null);
      thrown = catchThrowable(() -> writer.flush(false));
      assertThat(writer.buffered()).isEqualTo(2); // kept for the restart, nothing half-written
    }
    assertThat(count("violations")).isZero();

    assertThat(thrown).isInstanceOf(DecisionSinkException.class)
        .hasMessageContaining("2 rows").hasMessageContaining("violations").hasMessageContaining("23502")
        .hasMessageContaining("BatchUpdateException").hasMessageContaining("PSQLException");
    DecisionSinkException failure = (DecisionSinkException) thrown;
    assertThat(failure.sqlState()).isEqualTo("23502");
    assertThat(failure.table()).isEqualTo("violations");
    assertThat(failure.rows()).isEqualTo(2);
    // Everything a log line of this failure could print: messages, causes, next exceptions, stack trace.
    StringWriter printed = new StringWriter();
    thrown.printStackTrace(new PrintWriter(printed));
    List<String> texts = new ArrayList<>(List.of(printed.toString()));
    for (Throwable t : chain(thrown)) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
    }
    assertThat(texts).allSatisfy(text -> assertThat(text)
        .doesNotContain("1ABC234").doesNotContain("1-ABC-234").doesNotContain("BRU-2026-03-10-dddd"));
    // Where it failed is kept: the driver's frames, without its messages.
    assertThat(printed.toString()).contains("org.postgresql.");

    // Precondition, so the check above means something: the driver's own messages for this very
    // batch do name the vehicle.
    try (Connection c = target.connect("test"); var insert = c.prepareStatement(new ViolationRows().insertSql())) {
      for (ViolationRecord v : List.of(good, broken)) {
        new ViolationRows().bind(insert, v, c);
        insert.addBatch();
      }
      Throwable raw = catchThrowable(insert::executeBatch);
      assertThat(chain(raw)).extracting(Throwable::getMessage).anyMatch(m -> m != null && m.contains("1ABC234"));
    }
  }

  /** The exception, its causes, its suppressed exceptions and the driver's next exceptions. */
  private static List<Throwable> chain(Throwable root) {
    List<Throwable> out = new ArrayList<>();
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(List.of(root));
    while (!todo.isEmpty() && out.size() < 100) {
      Throwable t = todo.pop();
      if (out.stream().anyMatch(seen -> seen == t)) continue;
      out.add(t);
      if (t.getCause() != null) todo.push(t.getCause());
      for (Throwable s : t.getSuppressed()) todo.push(s);
      if (t instanceof java.sql.SQLException sql && sql.getNextException() != null) todo.push(sql.getNextException());
    }
    return out;
  }

  private PostgresBatchWriter<Sighting> sightingsWriter(int batchSize) {
    return new PostgresBatchWriter<>(target, new SightingRows(), batchSize, PostgresDecisionSink.DEFAULT_FLUSH_INTERVAL,
        clock, rowsWritten, batchesWritten);
  }

  private PostgresBatchWriter<ViolationRecord> violationsWriter(int batchSize) {
    return new PostgresBatchWriter<>(target, new ViolationRows(), batchSize, PostgresDecisionSink.DEFAULT_FLUSH_INTERVAL,
        clock, new SimpleCounter(), new SimpleCounter());
  }

  private static Sighting sighting(String readId, long capturedAtMs) {
    return new Sighting(readId, capturedAtMs, "bru-cam-0001", "BRU", new byte[] {1, 2, 3, 4}, "COMPLIANT")
        .withMetadata("k0123456789ab", new byte[] {5, 6, 7, 8}, 2, "OUTBOUND", 0.87f, "img/" + readId, "cd".repeat(32));
  }

  private static ViolationRecord violation(String id, String readId, String explanation) {
    ViolationRecord v = new ViolationRecord();
    v.violationId = id;
    v.zoneId = "BRU";
    v.vehicleKey = "BE:1ABC234";
    v.enforcementDay = "2026-03-10";
    v.violationType = "EMISSION_BAN";
    v.rule = "BRU-LEZ-2022-2026";
    v.policyVersion = 1;
    v.fineCents = 35_000;
    v.currency = "EUR";
    v.firstSeenAtMs = OffsetDateTime.of(2026, 3, 10, 8, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
    v.cameraId = "bru-cam-0001";
    v.readIds = new String[] {readId};
    v.plateText = "1-ABC-234";
    v.country = "BE";
    v.confidence = 0.91f;
    v.imageSha256 = "ab".repeat(32);
    v.explanation = explanation;
    return v;
  }

  private long count(String table) throws Exception {
    return Long.parseLong(query("SELECT count(*) FROM " + table).get(0));
  }

  private List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = database.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) rows.add(rs.getString(1));
    }
    return rows;
  }
}
