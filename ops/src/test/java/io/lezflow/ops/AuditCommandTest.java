package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.police.Connections;
import io.lezflow.police.audit.AuditLog;
import io.lezflow.police.audit.AuditRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 10, done-when 4, as the operator runs it: {@code lezflow audit verify} names the break and where it is. */
class AuditCommandTest {
  TestDatabase database;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void threeEntries() {
    database = TestServices.freshDatabase();
    AuditLog audit = new AuditLog(Connections.of(database.jdbcUrl(), database.user(), database.password()), Clock.systemUTC());
    for (int i = 1; i <= 3; i++) {
      audit.append(new AuditRecord("SEARCH", "inspector." + i, "police", "5339", "ADMINISTRATIVE", "stolen car report " + i, null,
          "plate_hmac=k1:0" + i, 1, AuditRecord.ALLOWED, null));
    }
  }

  @AfterEach
  void drop() {
    database.close();
  }

  int verify(String... extra) {
    CommandLine cl = LezflowCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String baseUrl = database.jdbcUrl().replaceAll("[?&]currentSchema=[^&]*", "");
    String[] args = {"audit", "verify", "--jdbc-url", baseUrl, "--jdbc-user", database.user(), "--jdbc-password", database.password(),
        "--schema", database.schema()};
    if (extra.length > 0) args = extra;
    return cl.execute(args);
  }

  @Test
  void anIntactLogVerifies() {
    assertThat(verify()).isZero();
    assertThat(out.toString()).startsWith("audit log intact: 3 entries, head seq 3");
  }

  @Test
  void anEntryDeletedBehindTheTriggersBackIsReportedWithItsPlace() throws Exception {
    try (Connection c = database.open(); Statement st = c.createStatement()) {
      st.execute("SET session_replication_role = replica");
      st.execute("DELETE FROM audit_log WHERE seq = 2");
    }
    assertThat(verify()).isEqualTo(AuditCommand.CHAIN_BROKEN);
    assertThat(out.toString()).contains("audit log BROKEN").contains("MISSING_ENTRIES at seq 3").contains("entries 2 are missing");
  }

  @Test
  void aBadFlagIsOneLineAndExit2() {
    assertThat(verify("audit", "verify", "--jdbc-url", "mysql://nope")).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("lezflow: --jdbc-url must be a PostgreSQL JDBC URL").doesNotContain("Exception");
  }
}
