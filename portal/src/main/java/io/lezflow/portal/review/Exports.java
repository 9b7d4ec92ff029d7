package io.lezflow.portal.review;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Export of approved fines for the tax office; table {@code export_batches} (its SQL lives here).
 * A batch takes every approved, not yet exported fine and marks it in the same transaction, so
 * a fine is in exactly one batch however often, or however concurrently, export is asked for.
 */
public final class Exports {
  public record Batch(long batchId, Instant createdAt, String actor, List<Violation> fines) {}

  public record BatchSummary(long batchId, Instant createdAt, String actor, int fines) {}

  private final Jdbi jdbi;
  private final ViolationStore violations;
  private final EventStore events;

  public Exports(Jdbi jdbi, ViolationStore violations, EventStore events) {
    this.jdbi = jdbi;
    this.violations = violations;
    this.events = events;
  }

  /** A new batch of every exportable fine (possibly empty). */
  public Batch export(String actor) {
    return jdbi.inTransaction(h -> {
      var row = h.createQuery("INSERT INTO export_batches (actor) VALUES (:a) RETURNING batch_id, created_at")
          .bind("a", actor)
          .map((rs, c) -> new Object[] {rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()})
          .one();
      long id = (Long) row[0];
      List<Violation> fines = violations.takeForExport(h, id);
      h.createUpdate("UPDATE export_batches SET fines = :n WHERE batch_id = :b").bind("n", fines.size()).bind("b", id).execute();
      events.appendExported(h, id, actor);
      return new Batch(id, (Instant) row[1], actor, fines);
    });
  }

  /** An earlier batch again (a re-download exports nothing new). */
  public Optional<Batch> batch(long batchId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT batch_id, created_at, actor FROM export_batches WHERE batch_id = :b")
        .bind("b", batchId)
        .map((rs, c) -> new Batch(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
            violations.exportedIn(h, batchId)))
        .findOne());
  }

  public List<BatchSummary> batches() {
    return jdbi.withHandle(h -> h.createQuery("SELECT batch_id, created_at, actor, fines FROM export_batches ORDER BY batch_id DESC LIMIT 200")
        .map((rs, c) -> new BatchSummary(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getInt(4)))
        .list());
  }

  /** The tax office's CSV: one line per fine, RFC 4180 quoting. */
  public static String csv(Batch batch) {
    StringBuilder sb = new StringBuilder(
        "batch_id,violation_id,zone_id,enforcement_day,country,plate,violation_type,rule,policy_version,amount_cents,currency,first_seen_at,camera_id,approved_by,approved_at\r\n");
    for (Violation v : batch.fines()) {
      String[] cells = {
        Long.toString(batch.batchId()), v.violationId(), v.zoneId(), v.enforcementDay().toString(), v.country(), v.plateText(),
        v.violationType(), v.rule(), Integer.toString(v.policyVersion()), Long.toString(v.fineCents()), v.currency(),
        v.firstSeenAt().toString(), v.cameraId(), v.decidedBy(), v.decidedAt() == null ? "" : v.decidedAt().toString()
      };
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) sb.append(',');
        sb.append(quote(cells[i]));
      }
      sb.append("\r\n");
    }
    return sb.toString();
  }

  static String quote(String s) {
    if (s == null) return "";
    // A leading = + - @ would be a formula in a spreadsheet: neutralise it.
    String t = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    if (t.contains(",") || t.contains("\"") || t.contains("\n") || t.contains("\r")) return "\"" + t.replace("\"", "\"\"") + "\"";
    return t;
  }
}
