package io.lezflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {
  @TempDir Path dataDir;

  @Test
  void runsRealPostgresAndStopsItsProcessesOnClose() throws Exception {
    long t0 = System.nanoTime();
    LocalPostgres postgres = LocalPostgres.start(dataDir);
    System.out.printf("LocalPostgres (initdb + start) in %d ms on %s%n", (System.nanoTime() - t0) / 1_000_000, postgres.jdbcUrl());
    try {
      assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/postgres");
      try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW server_version_num")) {
        rs.next();
        assertThat(rs.getInt(1)).isBetween(140000, 149999);
      }
      assertThat(postgresProcessesOf(postgres.clusterDir())).isNotEmpty();
    } finally {
      postgres.close();
    }
    assertThat(postgresProcessesOf(postgres.clusterDir())).isEmpty();
  }

  @Test
  void restartOnTheSameDataDirKeepsTheData() throws Exception {
    try (LocalPostgres first = LocalPostgres.start(dataDir)) {
      execute(first, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");
    }
    long t0 = System.nanoTime();
    try (LocalPostgres second = LocalPostgres.start(dataDir)) {
      System.out.printf("LocalPostgres restart on an existing cluster in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.user(), second.password());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  private static void execute(LocalPostgres postgres, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
        Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  /** Command lines of running processes that mention the cluster directory (postmaster and its children). */
  static List<String> postgresProcessesOf(Path clusterDir) throws IOException, InterruptedException {
    Process ps = new ProcessBuilder("ps", "-eo", "pid,args").redirectErrorStream(true).start();
    List<String> lines;
    try (var reader = ps.inputReader()) {
      lines = reader.lines().toList();
    }
    ps.waitFor();
    return lines.stream().filter(line -> line.contains(clusterDir.toString()) && line.contains("postgres")).toList();
  }
}
