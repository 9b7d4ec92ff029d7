package io.lezflow.portal.review;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Table {@code violations} as the portal reads and decides it: every SQL statement on it lives
 * here (the enforcement job's writer has its own in stream-jobs).
 */
public final class ViolationStore {
  /** A warning, not a fine: never exported, a warning letter instead of a fine notice. */
  static final String IS_WARNING = "v.warning_only";

  private static final String COLUMNS =
      "v.violation_id, v.zone_id, v.vehicle_key, v.enforcement_day, v.violation_type, v.rule, v.policy_version, v.fine_cents,"
          + " v.currency, " + IS_WARNING + " AS warning, v.needs_review, v.review_reason, v.first_seen_at, v.camera_id, v.read_ids,"
          + " v.plate_text, v.country, v.confidence, v.image_sha256, v.explanation, v.status, v.decide_at, v.drop_reason,"
          + " v.version, v.decided_by, v.decided_at, v.export_batch_id, c.police_zone, v.fineable_from";

  private final Jdbi jdbi;

  public ViolationStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One page of the queue, oldest first, by keyset (no OFFSET: page 2,000 costs what page 1 does). */
  public QueuePage queue(QueueFilter f) {
    StringBuilder sql = new StringBuilder(
        "SELECT v.violation_id, v.zone_id, v.status, v.violation_type, v.enforcement_day, v.first_seen_at, v.camera_id, v.confidence,"
            + " v.review_reason, " + IS_WARNING + " AS warning, v.plate_text, v.country, v.fine_cents, v.currency, v.version FROM violations v");
    Map<String, Object> binds = new LinkedHashMap<>();
    String where = where(f, binds, sql);
    sql.append(where).append(" ORDER BY v.first_seen_at, v.violation_id LIMIT :limit");
    binds.put("limit", f.limit() + 1);
    List<QueueRow> rows = jdbi.withHandle(h -> {
      var q = h.createQuery(sql.toString());
      binds.forEach(q::bind);
      bindLists(q, f);
      return q.map((rs, c) -> new QueueRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getObject(5, LocalDate.class), instant(rs, 6), rs.getString(7), rs.getFloat(8), rs.getString(9), rs.getBoolean(10),
              rs.getString(11), rs.getString(12), rs.getLong(13), rs.getString(14), rs.getInt(15)))
          .list();
    });
    QueueCursor next = null;
    if (rows.size() > f.limit()) {
      rows = new ArrayList<>(rows.subList(0, f.limit()));
      QueueRow last = rows.get(rows.size() - 1);
      next = new QueueCursor(last.firstSeenAt(), last.violationId());
    }
    return new QueuePage(rows, next);
  }

  /** The query plan of a queue page (EXPLAIN ANALYZE), for the paging measurement. */
  public List<String> explainQueue(QueueFilter f) {
    StringBuilder sql = new StringBuilder("EXPLAIN (ANALYZE, BUFFERS) SELECT v.violation_id, v.first_seen_at FROM violations v");
    Map<String, Object> binds = new LinkedHashMap<>();
    sql.append(where(f, binds, sql)).append(" ORDER BY v.first_seen_at, v.violation_id LIMIT :limit");
    binds.put("limit", f.limit() + 1);
    return jdbi.withHandle(h -> {
      var q = h.createQuery(sql.toString());
      binds.forEach(q::bind);
      bindLists(q, f);
      return q.mapTo(String.class).list();
    });
  }

  private static String where(QueueFilter f, Map<String, Object> binds, StringBuilder sql) {
    List<String> w = new ArrayList<>();
    if (f.policeZone() != null) {
      sql.append(" JOIN cameras c ON c.camera_id = v.camera_id");
      w.add("c.police_zone = :policeZone");
      binds.put("policeZone", f.policeZone());
    }
    w.add("v.status = :status");
    binds.put("status", f.status().name());
    if (f.zone() != null) {
      w.add("v.zone_id = :zone");
      binds.put("zone", f.zone());
    }
    if (f.from() != null) {
      w.add("v.enforcement_day >= :from");
      binds.put("from", f.from());
    }
    if (f.to() != null) {
      w.add("v.enforcement_day <= :to");
      binds.put("to", f.to());
    }
    if (f.violationType() != null) {
      w.add("v.violation_type = :type");
      binds.put("type", f.violationType());
    }
    if (f.reviewReason() != null) w.add("v.review_reason IN (<reasons>)");
    if (f.warning() != null) w.add(f.warning() ? IS_WARNING : "NOT " + IS_WARNING);
    if (f.after() != null) {
      w.add("(v.first_seen_at, v.violation_id) > (:afterAt, :afterId)");
      binds.put("afterAt", OffsetDateTime.ofInstant(f.after().firstSeenAt(), ZoneOffset.UTC));
      binds.put("afterId", f.after().violationId());
    }
    return " WHERE " + String.join(" AND ", w);
  }

  private static void bindLists(org.jdbi.v3.core.statement.Query q, QueueFilter f) {
    if (f.reviewReason() != null) q.bindList("reasons", f.reviewReason().columnValues());
  }

  public Optional<Violation> byId(String violationId) {
    return jdbi.withHandle(h -> byId(h, violationId, false));
  }

  /** Reads a violation inside {@code h}'s transaction; {@code lock} takes its row lock (FOR UPDATE OF v). */
  Optional<Violation> byId(Handle h, String violationId, boolean lock) {
    return h.createQuery("SELECT " + COLUMNS + " FROM violations v LEFT JOIN cameras c ON c.camera_id = v.camera_id"
            + " WHERE v.violation_id = :id" + (lock ? " FOR UPDATE OF v" : ""))
        .bind("id", violationId)
        .map((rs, c) -> violation(rs))
        .findOne();
  }

  /** Other violations of the same vehicle (its history), newest first. */
  public List<QueueRow> history(String vehicleKey, String exceptId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT v.violation_id, v.zone_id, v.status, v.violation_type, v.enforcement_day, v.first_seen_at, v.camera_id, v.confidence,"
                + " v.review_reason, " + IS_WARNING + " AS warning, v.plate_text, v.country, v.fine_cents, v.currency, v.version"
                + " FROM violations v WHERE v.vehicle_key = :k AND v.violation_id <> :id ORDER BY v.enforcement_day DESC LIMIT 50")
        .bind("k", vehicleKey)
        .bind("id", exceptId)
        .map((rs, c) -> new QueueRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getObject(5, LocalDate.class), instant(rs, 6), rs.getString(7), rs.getFloat(8), rs.getString(9), rs.getBoolean(10),
            rs.getString(11), rs.getString(12), rs.getLong(13), rs.getString(14), rs.getInt(15)))
        .list());
  }

  /** Moves a violation to {@code to} and bumps its version; the caller holds the row lock. */
  int setStatus(Handle h, String violationId, String to, String actor, boolean decided) {
    return h.createUpdate("UPDATE violations SET status = :to, version = version + 1, decided_by = :actor, decided_at = "
            + (decided ? "now()" : "NULL") + " WHERE violation_id = :id")
        .bind("to", to)
        .bind("actor", decided ? actor : null)
        .bind("id", violationId)
        .execute();
  }

  /**
   * Marks every approved fine not yet exported as part of {@code batchId} and returns them. Two
   * exports at once cannot both take a row: the second UPDATE waits for the first's row locks
   * and then re-checks {@code export_batch_id IS NULL} (PostgreSQL re-evaluates the condition on
   * the updated row under READ COMMITTED), so it skips what the first took.
   */
  List<Violation> takeForExport(Handle h, long batchId) {
    h.createUpdate("UPDATE violations v SET export_batch_id = :b WHERE v.status = 'APPROVED'"
            + " AND v.export_batch_id IS NULL AND NOT " + IS_WARNING)
        .bind("b", batchId)
        .execute();
    return exportedIn(h, batchId);
  }

  List<Violation> exportedIn(Handle h, long batchId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM violations v LEFT JOIN cameras c ON c.camera_id = v.camera_id"
            + " WHERE v.export_batch_id = :b ORDER BY v.violation_id")
        .bind("b", batchId)
        .map((rs, c) -> violation(rs))
        .list();
  }

  /** Counts for the charts page. */
  public Map<String, Object> stats() {
    return jdbi.withHandle(h -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("per_day_zone", h.createQuery(
              "SELECT enforcement_day::text AS day, zone_id AS zone, count(*) FILTER (WHERE NOT " + IS_WARNING.replace("v.", "")
                  + ") AS violations, count(*) FILTER (WHERE " + IS_WARNING.replace("v.", "") + ") AS warnings"
                  + " FROM violations WHERE status <> 'DROPPED' GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 2000")
          .mapToMap().list());
      out.put("queue_age_hours", h.createQuery(
              "SELECT width_bucket(extract(epoch FROM now() - first_seen_at) / 3600, 0, 72, 12) AS bucket, count(*) AS n"
                  + " FROM violations WHERE status = 'PENDING_REVIEW' GROUP BY 1 ORDER BY 1")
          .mapToMap().list());
      out.put("decisions_per_operator", h.createQuery(
              "SELECT actor, to_status AS decision, count(*) AS n FROM violation_events WHERE to_status IN ('APPROVED', 'REJECTED')"
                  + " GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 500")
          .mapToMap().list());
      out.put("by_status", h.createQuery("SELECT status, count(*) AS n FROM violations GROUP BY 1 ORDER BY 1").mapToMap().list());
      return out;
    });
  }

  private static Violation violation(ResultSet rs) throws SQLException {
    Array reads = rs.getArray(15);
    List<String> readIds = reads == null ? List.of() : Arrays.asList((String[]) reads.getArray());
    long batch = rs.getLong(27);
    Long exportBatch = rs.wasNull() ? null : batch;
    return new Violation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5),
        rs.getString(6), rs.getInt(7), rs.getLong(8), rs.getString(9), rs.getBoolean(10), rs.getBoolean(11), rs.getString(12),
        instant(rs, 13), rs.getString(14), readIds, rs.getString(16), rs.getString(17), rs.getFloat(18), rs.getString(19),
        rs.getString(20), rs.getString(21), instant(rs, 22), rs.getString(23), rs.getInt(24), rs.getString(25), instant(rs, 26),
        exportBatch, rs.getString(28), rs.getObject(29, LocalDate.class));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
