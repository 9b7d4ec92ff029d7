package io.lezflow.portal.auth;

/**
 * The authenticated caller of one request.
 *
 * @param policeZone the police zone a police user is bound to, else null
 * @param csrfToken the session's CSRF token for a cookie session; null for a bearer token (not sent by a browser on its own)
 */
public record Principal(String username, Role role, String policeZone, String csrfToken) {
  public boolean may(Permission permission) {
    return permission.allows(role);
  }

  public boolean viaCookie() {
    return csrfToken != null;
  }
}
