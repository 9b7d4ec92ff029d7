package io.lezflow.ops;

import io.lezflow.embedded.DatabaseMigrations;
import io.lezflow.portal.PortalDatabase;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** The portal's database for a command: the URL checked, reachable within a bounded wait, migrated. */
final class PortalDb {
  static final Duration WAIT = Duration.ofSeconds(10);

  private PortalDb() {}

  static PortalDatabase open(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || jdbcUrl.isBlank()) throw new BadSetting("--jdbc-url (or env LEZ_JDBC_URL) is required, e.g. jdbc:postgresql://127.0.0.1:5432/lezflow");
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) throw new BadSetting("--jdbc-url must start with jdbc:postgresql://, got " + redact(jdbcUrl));
    DriverManager.setLoginTimeout((int) WAIT.toSeconds());
    try (var c = DriverManager.getConnection(jdbcUrl, user, password == null ? "" : password)) {
      c.isValid(2);
    } catch (SQLException e) {
      // 28xxx: authentication; 3D000: no such database — the user's to fix, not an outage.
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      if (state.startsWith("28") || state.equals("3D000")) throw new BadSetting("PostgreSQL refused the login or database (SQL state " + state + ")");
      throw new ServiceUnreachable("PostgreSQL", redact(jdbcUrl), WAIT);
    }
    String schema = currentSchema(jdbcUrl);
    DatabaseMigrations.migrate(jdbcUrl, user, password == null ? "" : password, schema);
    return PortalDatabase.open(jdbcUrl, user, password);
  }

  static String currentSchema(String jdbcUrl) {
    int i = jdbcUrl.indexOf("currentSchema=");
    if (i < 0) return "public";
    String rest = jdbcUrl.substring(i + "currentSchema=".length());
    int amp = rest.indexOf('&');
    return amp < 0 ? rest : rest.substring(0, amp);
  }

  /** The URL without its query (which may carry a password). */
  static String redact(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }
}
