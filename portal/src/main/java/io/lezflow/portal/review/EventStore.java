package io.lezflow.portal.review;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Table {@code violation_events}, the review trail: append-only, every SQL statement on it lives here. */
public final class EventStore {
  private final Jdbi jdbi;

  public EventStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  void append(Handle h, String violationId, String event, String actor, String from, String to, String reasonCode, String note) {
    h.createUpdate("INSERT INTO violation_events (violation_id, event, actor, from_status, to_status, reason_code, reason)"
            + " VALUES (:id, :e, :a, :f, :t, :rc, :n)")
        .bind("id", violationId)
        .bind("e", event)
        .bind("a", actor)
        .bind("f", from)
        .bind("t", to)
        .bind("rc", reasonCode)
        .bind("n", note)
        .execute();
  }

  /** One EXPORTED event per violation of a batch, in the export's transaction. */
  void appendExported(Handle h, long batchId, String actor) {
    h.createUpdate("INSERT INTO violation_events (violation_id, event, actor, from_status, to_status, reason_code, reason)"
            + " SELECT violation_id, 'EXPORTED', :a, status, status, 'EXPORT_BATCH', 'batch ' || :b FROM violations WHERE export_batch_id = :b")
        .bind("a", actor)
        .bind("b", batchId)
        .execute();
  }

  public List<ViolationEvent> of(String violationId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT id, violation_id, event, actor, from_status, to_status, reason_code, reason, at FROM violation_events"
                + " WHERE violation_id = :id ORDER BY id")
        .bind("id", violationId)
        .map((rs, c) -> new ViolationEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant()))
        .list());
  }
}
