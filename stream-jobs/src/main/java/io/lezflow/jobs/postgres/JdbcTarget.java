package io.lezflow.jobs.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the decisions go: a PostgreSQL JDBC URL and credentials. {@link #toString()} hides the
 * password, because this record travels with the job graph and shows up in logs.
 */
public record JdbcTarget(String jdbcUrl, String user, String password) implements Serializable {

  public JdbcTarget {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("JDBC URL must be a PostgreSQL URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
    }
    password = password == null ? "" : password;
  }

  /**
   * A new connection, autocommit off, with {@code reWriteBatchedInserts=true} so that a JDBC batch
   * of inserts goes to the server as a few multi-row statements instead of one per row.
   */
  public Connection connect(String applicationName) throws SQLException {
    Properties props = new Properties();
    if (user != null && !user.isBlank()) props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("reWriteBatchedInserts", "true");
    props.setProperty("ApplicationName", applicationName);
    Connection connection = DriverManager.getConnection(jdbcUrl, props);
    connection.setAutoCommit(false);
    return connection;
  }

  @Override
  public String toString() {
    return "JdbcTarget{" + jdbcUrl + ", user=" + user + ", password=***}";
  }
}
