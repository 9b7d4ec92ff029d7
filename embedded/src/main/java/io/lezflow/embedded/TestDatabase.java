package io.lezflow.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One test's own migrated database schema. {@link #jdbcUrl()} carries {@code currentSchema=<schema>},
 * so unqualified SQL on a connection opened with it reads and writes that schema only.
 *
 * <p>Closing drops the schema (optional: a schema left behind is harmless, just clutter).
 */
public record TestDatabase(String jdbcUrl, String user, String password, String schema) implements AutoCloseable {

  public TestDatabase {
    if (!schema.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("test schema must be a plain lower-case identifier: " + schema);
    }
  }

  /** A new JDBC connection to this schema (the caller closes it). */
  public Connection open() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl, props);
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.execute("SET lock_timeout = '10s'");
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }
}
