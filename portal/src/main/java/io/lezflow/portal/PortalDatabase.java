package io.lezflow.portal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/** The portal's connection pool and Jdbi over it. Closing it closes the pool. */
public final class PortalDatabase implements AutoCloseable {
  private final HikariDataSource pool;
  private final Jdbi jdbi;

  private PortalDatabase(HikariDataSource pool) {
    this.pool = pool;
    this.jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
  }

  public static PortalDatabase open(String jdbcUrl, String user, String password) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password == null ? "" : password);
    c.setMaximumPoolSize(8);
    c.setMinimumIdle(1);
    c.setPoolName("lezflow-portal");
    // Fail fast at start on a wrong URL rather than on the first request.
    c.setInitializationFailTimeout(10_000);
    c.setConnectionTimeout(10_000);
    return new PortalDatabase(new HikariDataSource(c));
  }

  /** The pool itself, for libraries on plain JDBC (the police library's {@code Connections.of(dataSource)}). */
  public javax.sql.DataSource dataSource() {
    return pool;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public void close() {
    pool.close();
  }
}
