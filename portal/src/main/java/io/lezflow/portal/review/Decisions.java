package io.lezflow.portal.review;

import io.lezflow.portal.ApiError;
import io.lezflow.portal.BadRequest;
import io.lezflow.portal.auth.Principal;
import io.lezflow.portal.auth.Role;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies an operator's decision in one transaction: the violation's row lock, the rules'
 * verdict, the status change with a new version and the trail's event. Two concurrent decisions
 * on one violation serialise on the row lock; the second sees the first's result and gets 409.
 */
public final class Decisions {
  private final Jdbi jdbi;
  private final ViolationStore violations;
  private final EventStore events;

  public Decisions(Jdbi jdbi, ViolationStore violations, EventStore events) {
    this.jdbi = jdbi;
    this.violations = violations;
    this.events = events;
  }

  /**
   * @param expectedVersion when given, the version the caller saw; a different one is a 409 (someone decided meanwhile)
   * @return the violation after the decision
   */
  public Violation decide(Principal who, String violationId, DecisionRules.Action action, String reasonCode, String note,
      Integer expectedVersion) {
    DecisionRules.badReason(action, reasonCode).ifPresent(m -> {
      throw new BadRequest(m);
    });
    if (note != null && note.length() > 2000) throw new BadRequest("note: at most 2000 characters");
    return jdbi.inTransaction(h -> {
      Violation v = violations.byId(h, violationId, true).orElseThrow(ApiError::notFound);
      if (who.role() == Role.POLICE && !who.policeZone().equals(v.policeZone())) throw ApiError.notFound();
      DecisionRules.Verdict verdict = DecisionRules.judge(who.role(), action, v.status(), v.exportBatchId() != null);
      if (!verdict.allowed()) throw new ApiError(verdict.httpStatus(), verdict.code(), verdict.message());
      if (expectedVersion != null && expectedVersion != v.version()) {
        throw ApiError.conflict("version_mismatch", "the violation changed since you loaded it (version " + v.version() + "); reload it");
      }
      violations.setStatus(h, violationId, verdict.to(), who.username(), action != DecisionRules.Action.REOPEN);
      events.append(h, violationId, action.event(), who.username(), v.status(), verdict.to(), reasonCode,
          note == null || note.isBlank() ? null : note.strip());
      return violations.byId(h, violationId, false).orElseThrow();
    });
  }
}
