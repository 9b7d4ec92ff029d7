package io.lezflow.police;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where the police library gets its JDBC connections: a pool's {@code dataSource::getConnection}
 * in the portal, {@link #of(String, String, String)} in commands and tests. Every caller closes
 * the connection it opened.
 */
@FunctionalInterface
public interface Connections {
  Connection open() throws SQLException;

  static Connections of(DataSource dataSource) {
    return dataSource::getConnection;
  }

  /** Connections straight from the driver (a URL with {@code currentSchema=} selects the schema). */
  static Connections of(String jdbcUrl, String user, String password) {
    return () -> {
      Properties props = new Properties();
      if (user != null && !user.isBlank()) props.setProperty("user", user);
      props.setProperty("password", password == null ? "" : password);
      props.setProperty("ApplicationName", "lezflow-police");
      return DriverManager.getConnection(jdbcUrl, props);
    };
  }
}
