package io.lezflow.police.audit;

import io.lezflow.police.Connections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-only, hash-chained {@code audit_log} table.
 *
 * <p>Appends are serialised per table ({@code LOCK TABLE ... SHARE ROW EXCLUSIVE}, readers are not
 * blocked): each takes the last entry's sequence number and hash, writes {@code seq + 1} with
 * {@code prev_hash} = that hash and its own {@link AuditChain#hash}, and commits. The table's
 * trigger refuses UPDATE, DELETE and TRUNCATE, and no method here changes an entry; {@link #verify}
 * finds what someone bypassing the trigger did. There is no API to delete or edit an entry.
 */
public final class AuditLog {
  private static final String COLUMNS =
      "id, seq, at, kind, actor, role, police_zone, legal_profile, reason, case_reference, query, result_count,"
          + " outcome, refusal, prev_hash, entry_hash";

  private final Connections db;
  private final Clock clock;

  public AuditLog(Connections db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Appends one entry and returns it as stored. */
  public AuditEntry append(AuditRecord record) {
    record.validate();
    try (Connection c = db.open()) {
      c.setAutoCommit(false);
      try {
        try (Statement lock = c.createStatement()) {
          lock.execute("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE");
        }
        long lastSeq = 0;
        byte[] prev = AuditChain.GENESIS;
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT seq, entry_hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")) {
          if (rs.next()) {
            lastSeq = rs.getLong(1);
            prev = rs.getBytes(2);
          }
        }
        long seq = lastSeq + 1;
        Instant at = AuditChain.storedTime(clock.instant());
        byte[] hash = AuditChain.hash(prev, seq, at, record);
        long id;
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO audit_log (seq, at, kind, actor, role, police_zone, legal_profile, reason, case_reference, query,"
                + " result_count, outcome, refusal, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " RETURNING id")) {
          insert.setLong(1, seq);
          insert.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
          insert.setString(3, record.kind());
          insert.setString(4, record.actor());
          insert.setString(5, record.role());
          insert.setString(6, record.policeZone());
          insert.setString(7, record.legalProfile());
          insert.setString(8, record.reason());
          insert.setString(9, record.caseReference());
          insert.setString(10, record.query());
          insert.setInt(11, record.resultCount());
          insert.setString(12, record.outcome());
          insert.setString(13, record.refusal());
          insert.setBytes(14, prev);
          insert.setBytes(15, hash);
          try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
          }
        }
        c.commit();
        return new AuditEntry(id, seq, at, record, prev, hash);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new AuditLogException("appending to the audit log failed: SQLState " + e.getSQLState(), e);
    }
  }

  /**
   * Entries with {@code seq > afterSeq} in sequence order, at most {@code limit}, optionally only
   * between {@code from} (inclusive) and {@code to} (exclusive) and of one police zone (null = all):
   * keyset paging for the auditor's list (pass the last seq of a page to get the next).
   */
  public List<AuditEntry> list(long afterSeq, int limit, Instant from, Instant to, String policeZone) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE seq > ?");
    if (from != null) sql.append(" AND at >= ?");
    if (to != null) sql.append(" AND at < ?");
    if (policeZone != null) sql.append(" AND police_zone = ?");
    sql.append(" ORDER BY seq LIMIT ?");
    try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(sql.toString())) {
      int i = 1;
      q.setLong(i++, afterSeq);
      if (from != null) q.setTimestamp(i++, Timestamp.from(from));
      if (to != null) q.setTimestamp(i++, Timestamp.from(to));
      if (policeZone != null) q.setString(i++, policeZone);
      q.setInt(i, Math.max(1, Math.min(limit, 10_000)));
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) out.add(entry(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new AuditLogException("reading the audit log failed: SQLState " + e.getSQLState(), e);
    }
  }

  /**
   * Writes the entries between {@code from} and {@code to} as CSV (header first, hashes in hex) and
   * audits the export itself as an AUDIT_EXPORT entry by {@code auditor}. Returns the entries written.
   */
  public long exportCsv(String auditor, Instant from, Instant to, Writer out) {
    long written = 0;
    try {
      out.write("seq,at,kind,actor,role,police_zone,legal_profile,reason,case_reference,query,result_count,outcome,refusal,prev_hash,entry_hash\n");
      long after = 0;
      while (true) {
        List<AuditEntry> page = list(after, 1_000, from, to, null);
        if (page.isEmpty()) break;
        for (AuditEntry e : page) {
          AuditRecord r = e.record();
          out.write(String.join(",", Long.toString(e.seq()), e.at().toString(), csv(r.kind()), csv(r.actor()), csv(r.role()),
              csv(r.policeZone()), csv(r.legalProfile()), csv(r.reason()), csv(r.caseReference()), csv(r.query()),
              Integer.toString(r.resultCount()), csv(r.outcome()), csv(r.refusal()), HexFormat.of().formatHex(e.prevHash()),
              HexFormat.of().formatHex(e.entryHash())));
          out.write('\n');
          written++;
          after = e.seq();
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    append(new AuditRecord("AUDIT_EXPORT", auditor, "auditor", null, null, "audit export", null,
        "from=" + from + " to=" + to, (int) Math.min(Integer.MAX_VALUE, written), AuditRecord.ALLOWED, null));
    return written;
  }

  /** Walks the whole chain in sequence order and reports every break (see {@link AuditVerification.Kind}). */
  public AuditVerification verify() {
    List<AuditVerification.Break> breaks = new ArrayList<>();
    long checked = 0;
    long expectedSeq = 1;
    byte[] prev = AuditChain.GENESIS;
    long headSeq = 0;
    byte[] headHash = null;
    try (Connection c = db.open()) {
      c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
      try (Statement unchained = c.createStatement();
          ResultSet rs = unchained.executeQuery("SELECT id FROM audit_log WHERE seq IS NULL OR entry_hash IS NULL ORDER BY id")) {
        while (rs.next()) {
          breaks.add(new AuditVerification.Break(AuditVerification.Kind.UNCHAINED, 0, rs.getLong(1),
              "entry has no sequence number or hash: written around the audit log"));
        }
      }
      try (PreparedStatement q = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM audit_log WHERE seq IS NOT NULL AND entry_hash IS NOT NULL ORDER BY seq")) {
        q.setFetchSize(1_000);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            AuditEntry e = entry(rs);
            checked++;
            if (e.seq() != expectedSeq) {
              breaks.add(new AuditVerification.Break(AuditVerification.Kind.MISSING_ENTRIES, e.seq(), e.id(),
                  e.seq() > expectedSeq
                      ? "entries " + expectedSeq + (e.seq() - 1 > expectedSeq ? ".." + (e.seq() - 1) : "") + " are missing (deleted)"
                      : "sequence number repeats or goes back (expected " + expectedSeq + ")"));
            } else if (!Arrays.equals(e.prevHash(), prev)) {
              breaks.add(new AuditVerification.Break(AuditVerification.Kind.CHAIN_MISMATCH, e.seq(), e.id(),
                  "prev_hash is not the hash of entry " + (e.seq() - 1)));
            }
            byte[] recomputed = AuditChain.hash(e.prevHash(), e.seq(), e.at(), e.record());
            if (!Arrays.equals(recomputed, e.entryHash())) {
              breaks.add(new AuditVerification.Break(AuditVerification.Kind.ENTRY_ALTERED, e.seq(), e.id(),
                  "the entry's fields do not hash to its entry_hash (edited after it was written)"));
            }
            prev = e.entryHash();
            expectedSeq = e.seq() + 1;
            headSeq = e.seq();
            headHash = e.entryHash();
          }
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new AuditLogException("reading the audit log failed: SQLState " + e.getSQLState(), e);
    }
    return new AuditVerification(checked, headSeq, headHash, breaks);
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    AuditRecord record = new AuditRecord(rs.getString("kind"), rs.getString("actor"), rs.getString("role"),
        rs.getString("police_zone"), rs.getString("legal_profile"), rs.getString("reason"), rs.getString("case_reference"),
        rs.getString("query"), rs.getInt("result_count"), rs.getString("outcome"), rs.getString("refusal"));
    return new AuditEntry(rs.getLong("id"), rs.getLong("seq"), rs.getObject("at", OffsetDateTime.class).toInstant(), record,
        rs.getBytes("prev_hash"), rs.getBytes("entry_hash"));
  }

  private static String csv(String value) {
    if (value == null) return "";
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) return value;
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** A failure of the audit store; carries the SQL state only, never the driver's message. */
  public static final class AuditLogException extends RuntimeException {
    AuditLogException(String message, SQLException cause) {
      super(message + " (" + cause.getClass().getSimpleName() + ")");
    }
  }
}
