package io.lezflow.ops;

import io.lezflow.police.Connections;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.audit.AuditVerification;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lezflow audit verify}: walks the hash chain of {@code audit_log} and reports every break
 * (deleted entries, edited entries, a rewritten link) with its sequence number. Exit 0 when the
 * chain is intact, 3 when it is broken, 2 for a bad flag, 1 when the database does not answer.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The police audit log.",
    subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Runnable {
  /** Exit code of a broken chain: distinct from a bad flag (2) and an unreachable database (1). */
  public static final int CHAIN_BROKEN = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check the audit log's hash chain; report where it breaks (exit 3) or its head (exit 0).")
  static final class Verify implements Callable<Integer> {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Spec CommandSpec spec;

    @Option(names = "--jdbc-url", defaultValue = "${env:LEZ_JDBC_URL}",
        description = "PostgreSQL JDBC URL of the lezflow database (env LEZ_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:LEZ_JDBC_USER:-postgres}", description = "Database user (env LEZ_JDBC_USER). Default: postgres.")
    String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "${env:LEZ_JDBC_PASSWORD:-}", description = "Database password (env LEZ_JDBC_PASSWORD).")
    String jdbcPassword;

    @Option(names = "--schema", defaultValue = "public", description = "Database schema of the lezflow tables. Default: ${DEFAULT-VALUE}.")
    String schema;

    @Override
    public Integer call() {
      if (jdbcUrl == null || jdbcUrl.isBlank()) throw new BadSetting("--jdbc-url (or LEZ_JDBC_URL) must name the lezflow database");
      if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
        throw new BadSetting("--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), was '" + jdbcUrl + "'");
      }
      if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new BadSetting("--schema must be a plain identifier, was '" + schema + "'");
      String url = LocalStack.withCurrentSchema(jdbcUrl, schema);
      Connections base = Connections.of(url, jdbcUser, jdbcPassword);
      try (Connection probe = connectBounded(base)) {
        // reachable
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
          throw new ServiceUnreachable("PostgreSQL", jdbcUrl, CONNECT_TIMEOUT);
        }
        throw new BadSetting("cannot open the audit database: SQLState " + e.getSQLState());
      }
      AuditVerification v = new AuditLog(base, Clock.systemUTC()).verify();
      PrintWriter out = spec.commandLine().getOut();
      if (v.intact()) {
        out.printf("audit log intact: %d entries, head seq %d, head hash %s%n", v.entriesChecked(), v.headSeq(), v.headHashHex());
        out.flush();
        return 0;
      }
      out.printf("audit log BROKEN: %d break(s) in %d entries (head seq %d)%n", v.breaks().size(), v.entriesChecked(), v.headSeq());
      for (AuditVerification.Break b : v.breaks()) out.println("  " + b);
      out.flush();
      return CHAIN_BROKEN;
    }

    private static Connection connectBounded(Connections db) throws SQLException {
      DriverManager.setLoginTimeout((int) CONNECT_TIMEOUT.toSeconds());
      return db.open();
    }
  }
}
