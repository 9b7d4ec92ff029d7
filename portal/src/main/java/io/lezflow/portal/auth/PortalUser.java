package io.lezflow.portal.auth;

import java.time.Instant;

/** A row of {@code portal_users}, without its password hash. */
public record PortalUser(String username, Role role, String policeZone, boolean disabled, Instant createdAt) {}
