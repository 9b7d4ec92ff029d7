package io.lezflow.police.audit;

/**
 * What one audit entry says, before the log gives it a sequence number, a time and its hashes.
 * Never a plate in clear: a search's {@code query} names the plate by its keyed hash.
 *
 * @param kind SEARCH, HOTLIST_ADD, HOTLIST_REMOVE, HOTLIST_ALERT, AUDIT_EXPORT, ...
 * @param actor user id (or the component, e.g. {@code hotlist-job})
 * @param role police, auditor, system
 * @param outcome ALLOWED or REFUSED
 * @param refusal the refusal's reason code and message (null when allowed)
 */
public record AuditRecord(
    String kind,
    String actor,
    String role,
    String policeZone,
    String legalProfile,
    String reason,
    String caseReference,
    String query,
    int resultCount,
    String outcome,
    String refusal) {

  public static final String ALLOWED = "ALLOWED";
  public static final String REFUSED = "REFUSED";

  public AuditRecord {
    reason = reason == null ? "" : reason;
    query = query == null ? "" : query;
  }

  /** What {@link AuditLog#append} requires (read-back entries are not checked: verify must read anything). */
  void validate() {
    if (kind == null || kind.isBlank()) throw new IllegalArgumentException("an audit record needs a kind");
    if (actor == null || actor.isBlank()) throw new IllegalArgumentException("an audit record needs an actor");
    if (role == null || role.isBlank()) throw new IllegalArgumentException("an audit record needs a role");
    if (!ALLOWED.equals(outcome) && !REFUSED.equals(outcome)) {
      throw new IllegalArgumentException("audit outcome must be ALLOWED or REFUSED, was " + outcome);
    }
  }
}
