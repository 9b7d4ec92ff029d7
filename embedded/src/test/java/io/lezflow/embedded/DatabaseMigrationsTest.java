package io.lezflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs on the machine's PostgreSQL (15) when LEZ_TEST_JDBC_URL is set, else on the embedded
 * PostgreSQL 14 (see {@link TestServices#freshDatabase()}).
 */
class DatabaseMigrationsTest {
  private static final List<String> CORE_TABLES = List.of("audit_log", "cameras", "sightings", "violation_events", "violations");

  @Test
  void freshDatabaseHoldsTheCoreSchemaInItsOwnSchema() throws Exception {
    try (TestDatabase db = TestServices.freshDatabase()) {
      System.out.printf("freshDatabase on %s (external: %s)%n", db.jdbcUrl(), TestServices.externalJdbcUrl().isPresent());
      assertThat(tablesIn(db)).containsAll(CORE_TABLES).contains("flyway_schema_history");
      try (Connection c = db.open(); Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo(db.schema());
        }
        try (ResultSet rs = s.executeQuery("SELECT relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND relname = 'sightings'")) {
          rs.next();
          assertThat(rs.getString(1)).as("sightings is a partitioned table").isEqualTo("p");
        }
      }
    }
  }

  @Test
  void unqualifiedSqlLandsInTheFreshSchemaOnly() throws Exception {
    try (TestDatabase first = TestServices.freshDatabase(); TestDatabase second = TestServices.freshDatabase()) {
      assertThat(first.schema()).isNotEqualTo(second.schema());
      try (Connection c = first.open(); Statement s = c.createStatement()) {
        s.executeUpdate(insertViolation("v-1"));
      }
      assertThat(count(first, first.schema() + ".violations")).isEqualTo(1);
      assertThat(count(second, "violations")).isZero();
      try (Connection c = first.open(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE sightings_2026_01_01 PARTITION OF sightings FOR VALUES FROM ('2026-01-01') TO ('2026-01-02')");
        s.executeUpdate("INSERT INTO sightings (read_id, captured_at, camera_id, zone_id, vehicle_hash, outcome) VALUES ('CAM-1:1', '2026-01-01T10:00:00Z', 'CAM-1', 'BRU', '\\x01'::bytea, 'COMPLIANT')");
      }
      assertThat(count(first, "sightings")).isEqualTo(1);
    }
  }

  @Test
  void migratingTwiceAppliesNothingTheSecondTime() {
    try (TestDatabase db = TestServices.freshDatabase()) {
      // freshDatabase() already migrated it: a second run finds nothing to do.
      assertThat(DatabaseMigrations.migrate(db.jdbcUrl(), db.user(), db.password(), db.schema())).isZero();
    }
  }

  @Test
  void closingATestDatabaseDropsItsSchema() throws Exception {
    TestDatabase db = TestServices.freshDatabase();
    db.close();
    try (Connection c = db.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + db.schema() + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void blankSchemaIsRejectedWithAMessage() {
    assertThatThrownBy(() -> DatabaseMigrations.migrate("jdbc:postgresql://127.0.0.1:1/x", "u", "", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema");
  }

  @Test
  void migratesIntoPublicOfAFreshLocalPostgres(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir)) {
      assertThat(DatabaseMigrations.migrate(postgres.jdbcUrl(), postgres.user(), postgres.password()))
          .as("every migration shipped in schemas is applied once")
          .isEqualTo(shippedMigrations());
      assertThat(DatabaseMigrations.migrate(postgres.jdbcUrl(), postgres.user(), postgres.password())).isZero();
      try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'violations'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  private static String insertViolation(String id) {
    return "INSERT INTO violations (violation_id, zone_id, vehicle_key, enforcement_day, violation_type, rule, policy_version,"
        + " fine_cents, currency, first_seen_at, camera_id, read_ids, plate_text, country, confidence, explanation)"
        + " VALUES ('" + id + "', 'BRU', 'BE:1ABC234', '2026-01-01', 'EURO_NORM', 'diesel-euro4', 1, 35000, 'EUR', now(),"
        + " 'CAM-1', ARRAY['CAM-1:1'], '1ABC234', 'BE', 0.98, 'test')";
  }

  private static List<String> tablesIn(TestDatabase db) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = db.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + db.schema() + "' ORDER BY 1")) {
      while (rs.next()) tables.add(rs.getString(1));
    }
    return tables;
  }

  private static long count(TestDatabase db, String table) throws SQLException {
    try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The V*__*.sql files of schemas' db/migration folder on the classpath. */
  private static int shippedMigrations() throws Exception {
    java.net.URL folder = DatabaseMigrationsTest.class.getResource("/db/migration/V1__core_schema.sql");
    assertThat(folder).as("schemas' migrations on the classpath").isNotNull();
    String jar = folder.toString();
    if (jar.startsWith("jar:")) {
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.substring("jar:file:".length(), jar.indexOf("!/")))) {
        return (int) zip.stream().filter(e -> e.getName().matches("db/migration/V\\d+__.*\\.sql")).count();
      }
    }
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(folder.toURI()).getParent())) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }
}
