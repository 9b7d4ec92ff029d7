package io.lezflow.police.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.police.Connections;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, done-when 4: the audit log is append-only for the application, and an entry deleted
 * or edited by someone who bypasses the trigger (a superuser) breaks the chain where it happened.
 */
class AuditLogTest {
  TestDatabase database;
  Connections db;
  AuditLog audit;

  @BeforeEach
  void fiveEntries() {
    database = TestServices.freshDatabase();
    db = Connections.of(database.jdbcUrl(), database.user(), database.password());
    audit = new AuditLog(db, Clock.fixed(Instant.parse("2026-06-15T12:00:00.123456789Z"), ZoneOffset.UTC));
    for (int i = 1; i <= 5; i++) {
      audit.append(new AuditRecord("SEARCH", "inspector." + i, "police", "5339", "JUDICIAL", "case " + i, i % 2 == 0 ? "BR.12/" + i : null,
          "plate_hmac=k1:00" + i, i, i == 3 ? AuditRecord.REFUSED : AuditRecord.ALLOWED, i == 3 ? "NO_REASON: none" : null));
    }
  }

  @AfterEach
  void drop() {
    database.close();
  }

  @Test
  void anUntouchedChainVerifies() {
    AuditVerification v = audit.verify();
    assertThat(v.intact()).isTrue();
    assertThat(v.entriesChecked()).isEqualTo(5);
    assertThat(v.headSeq()).isEqualTo(5);
    assertThat(audit.list(0, 10, null, null, null)).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void theApplicationCannotUpdateDeleteOrTruncate() {
    for (String sql : new String[] {
        "UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 2", "TRUNCATE audit_log"}) {
      assertThatThrownBy(() -> execute(sql, false)).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void aDeletedEntryIsReportedWithWhereItWas() throws SQLException {
    execute("DELETE FROM audit_log WHERE seq = 3", true);

    AuditVerification v = audit.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.breaks()).singleElement().satisfies(b -> {
      assertThat(b.kind()).isEqualTo(AuditVerification.Kind.MISSING_ENTRIES);
      assertThat(b.seq()).isEqualTo(4);
      assertThat(b.detail()).contains("entries 3 are missing");
    });
  }

  @Test
  void anEditedEntryIsReportedWithWhereItWas() throws SQLException {
    execute("UPDATE audit_log SET case_reference = 'forged', result_count = 0 WHERE seq = 2", true);

    AuditVerification v = audit.verify();
    assertThat(v.breaks()).singleElement().satisfies(b -> {
      assertThat(b.kind()).isEqualTo(AuditVerification.Kind.ENTRY_ALTERED);
      assertThat(b.seq()).isEqualTo(2);
    });
  }

  @Test
  void anEntryRewrittenWithAFreshHashBreaksTheLinkToTheNextOne() throws SQLException {
    // A careful forger recomputes the edited entry's own hash: the next entry still points at the old one.
    AuditEntry second = audit.list(1, 1, null, null, null).get(0);
    AuditRecord forged = new AuditRecord("SEARCH", "someone.else", "police", "5339", "JUDICIAL", "case 2", null, "plate_hmac=k1:002", 2,
        AuditRecord.ALLOWED, null);
    byte[] hash = AuditChain.hash(second.prevHash(), 2, second.at(), forged);
    execute("UPDATE audit_log SET actor = 'someone.else', case_reference = NULL, entry_hash = decode('"
        + java.util.HexFormat.of().formatHex(hash) + "', 'hex') WHERE seq = 2", true);

    assertThat(audit.verify().breaks()).singleElement().satisfies(b -> {
      assertThat(b.kind()).isEqualTo(AuditVerification.Kind.CHAIN_MISMATCH);
      assertThat(b.seq()).isEqualTo(3);
    });
  }

  @Test
  void theExportHasEveryEntryAndIsAuditedItself() {
    StringWriter csv = new StringWriter();
    assertThat(audit.exportCsv("auditor.claes", null, null, csv)).isEqualTo(5);
    assertThat(csv.toString().lines()).hasSize(6).first().asString().startsWith("seq,at,kind");
    assertThat(audit.list(5, 10, null, null, null)).singleElement()
        .satisfies(e -> assertThat(e.record().kind()).isEqualTo("AUDIT_EXPORT"));
    assertThat(audit.verify().intact()).isTrue();
  }

  /** As the application (triggers on) or as a superuser bypassing them (session_replication_role = replica). */
  private void execute(String sql, boolean bypassTrigger) throws SQLException {
    try (Connection c = db.open(); Statement st = c.createStatement()) {
      if (bypassTrigger) st.execute("SET session_replication_role = replica");
      st.execute(sql);
    }
  }
}
