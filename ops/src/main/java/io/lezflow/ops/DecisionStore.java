package io.lezflow.ops;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** Read-only view of what the enforcement job has written to PostgreSQL, for progress and verdicts. */
final class DecisionStore implements AutoCloseable {
  private final Connection connection;

  DecisionStore(String jdbcUrl, String user, String password) throws SQLException {
    this.connection = DriverManager.getConnection(jdbcUrl, user, password);
    this.connection.setReadOnly(true);
  }

  /** Reads decided so far: one sighting per decided read (idempotent on read id). */
  long decidedReads() throws SQLException {
    return count("SELECT count(*) FROM sightings");
  }

  long violations() throws SQLException {
    return count("SELECT count(*) FROM violations WHERE status <> 'DROPPED'");
  }

  /** Violations the grace window has released into the operators' review queue. */
  long pendingReview() throws SQLException {
    return count("SELECT count(*) FROM violations WHERE status = 'PENDING_REVIEW'");
  }

  Set<String> violationIds() throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT violation_id FROM violations WHERE status <> 'DROPPED'")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  private long count(String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
