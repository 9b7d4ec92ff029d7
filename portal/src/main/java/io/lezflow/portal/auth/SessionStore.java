package io.lezflow.portal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Table {@code portal_sessions}: browser sessions and API tokens. A token is 32 random bytes
 * given to the caller once; the table keeps its SHA-256 only. Sessions survive a portal restart.
 */
public final class SessionStore {
  public enum Kind { SESSION, API_TOKEN }

  /** What a login hands out: the secret token, and for a browser session its CSRF token. */
  public record Issued(String token, String csrfToken, Duration validFor) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SessionStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public Issued issue(String username, Kind kind, Duration validFor) {
    String token = randomToken();
    String csrf = randomToken();
    jdbi.useHandle(h -> h.createUpdate(
            "INSERT INTO portal_sessions (token_sha256, username, kind, csrf_token, expires_at) VALUES (:t, :u, :k, :c, :e)")
        .bind("t", sha256(token))
        .bind("u", username)
        .bind("k", kind.name())
        .bind("c", csrf)
        .bind("e", OffsetDateTime.ofInstant(clock.instant().plus(validFor), ZoneOffset.UTC))
        .execute());
    return new Issued(token, csrf, validFor);
  }

  /** The caller of a valid, unexpired token of {@code kind} whose user is enabled. */
  public Optional<Principal> resolve(String token, Kind kind) {
    if (token == null || token.isBlank() || token.length() > 200) return Optional.empty();
    return jdbi.withHandle(h -> h.createQuery(
                "SELECT u.username, u.role, u.police_zone, s.csrf_token FROM portal_sessions s JOIN portal_users u USING (username)"
                    + " WHERE s.token_sha256 = :t AND s.kind = :k AND s.expires_at > :now AND NOT u.disabled")
            .bind("t", sha256(token))
            .bind("k", kind.name())
            .bind("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
            .map((rs, ctx) -> new Principal(rs.getString(1), Role.parse(rs.getString(2)).orElseThrow(), rs.getString(3),
                kind == Kind.SESSION ? rs.getString(4) : null))
            .findOne());
  }

  public void revoke(String token) {
    if (token == null) return;
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM portal_sessions WHERE token_sha256 = :t").bind("t", sha256(token)).execute());
  }

  private String randomToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
