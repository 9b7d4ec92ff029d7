package io.lezflow.portal.auth;

import static io.lezflow.portal.auth.Role.AUDITOR;
import static io.lezflow.portal.auth.Role.ENGINEER;
import static io.lezflow.portal.auth.Role.OPERATOR;
import static io.lezflow.portal.auth.Role.POLICE;
import static io.lezflow.portal.auth.Role.SUPERVISOR;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a request may do, and which roles may. One table, so the API, the UI and its navigation
 * agree (a link is shown only to a role that may follow it).
 */
public enum Permission {
  VIEW_QUEUE(EnumSet.of(OPERATOR, SUPERVISOR, AUDITOR, POLICE)),
  VIEW_VIOLATION(EnumSet.of(OPERATOR, SUPERVISOR, AUDITOR, POLICE)),
  DECIDE(EnumSet.of(OPERATOR, SUPERVISOR)),
  REOPEN(EnumSet.of(SUPERVISOR)),
  LETTERS(EnumSet.of(OPERATOR, SUPERVISOR)),
  EXPORT_FINES(EnumSet.of(OPERATOR, SUPERVISOR)),
  VIEW_EXPORTS(EnumSet.of(OPERATOR, SUPERVISOR, AUDITOR)),
  EVIDENCE_PACKAGE(EnumSet.of(OPERATOR, SUPERVISOR, AUDITOR, POLICE)),
  VIEW_CHARTS(EnumSet.of(OPERATOR, SUPERVISOR, AUDITOR, ENGINEER)),
  /** The police pages and API: plate search, live alerts, hotlists, the zone's cameras (issue 10). */
  POLICE_WORK(EnumSet.of(POLICE)),
  /** The audit log of the police side: list, export, chain verification. */
  AUDIT_LOG(EnumSet.of(AUDITOR));

  private final Set<Role> roles;

  Permission(Set<Role> roles) {
    this.roles = roles;
  }

  public boolean allows(Role role) {
    return roles.contains(role);
  }
}
