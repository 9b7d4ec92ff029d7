package io.lezflow.portal.auth;

import io.lezflow.police.LegalProfile;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Table {@code portal_users}: every SQL statement on it lives here. */
public final class UserStore {
  /** Names a person could type and a URL or log line can carry as is. */
  private static final String USERNAME = "[a-z0-9][a-z0-9._-]{1,62}";

  private final Jdbi jdbi;
  private final PasswordHasher hasher = new PasswordHasher();

  public UserStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A reason the user can fix, or empty when {@code add} would accept these values. */
  public static Optional<String> invalid(String username, Role role, String policeZone, char[] password) {
    if (username == null || !username.matches(USERNAME)) {
      return Optional.of("user name must be 2-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    }
    if (role == Role.POLICE && (policeZone == null || policeZone.isBlank())) return Optional.of("a police user needs --police-zone");
    if (role != Role.POLICE && policeZone != null && !policeZone.isBlank()) return Optional.of("only a police user has a police zone");
    if (password == null || password.length < 10) return Optional.of("password must be at least 10 characters");
    return Optional.empty();
  }

  /** Adds a user (an administrative legal profile); false when the name is taken. */
  public boolean add(String username, Role role, String policeZone, char[] password) {
    return add(username, role, policeZone, LegalProfile.ADMINISTRATIVE, password);
  }

  /** Adds a user with a legal profile (JUDICIAL for a police user only); false when the name is taken. */
  public boolean add(String username, Role role, String policeZone, LegalProfile profile, char[] password) {
    if (profile == LegalProfile.JUDICIAL && role != Role.POLICE) throw new IllegalArgumentException("only a police user has a judicial profile");
    invalid(username, role, policeZone, password).ifPresent(reason -> {
      throw new IllegalArgumentException(reason);
    });
    String hash = hasher.hash(password);
    return jdbi.withHandle(h -> h.createUpdate(
                "INSERT INTO portal_users (username, password_hash, role, police_zone, legal_profile) VALUES (:u, :h, :r, :z, :p)"
                    + " ON CONFLICT (username) DO NOTHING")
            .bind("u", username)
            .bind("h", hash)
            .bind("r", role.id())
            .bind("z", role == Role.POLICE ? policeZone.trim() : null)
            .bind("p", profile.name().toLowerCase(java.util.Locale.ROOT))
            .execute())
        == 1;
  }

  /**
   * The legal profile a police user searches under (column {@code legal_profile}); ADMINISTRATIVE,
   * the narrower, for an unknown user or value.
   */
  public LegalProfile legalProfile(String username) {
    String stored = jdbi.withHandle(h -> h.createQuery("SELECT legal_profile FROM portal_users WHERE username = :u")
        .bind("u", username).mapTo(String.class).findOne().orElse(null));
    return "judicial".equals(stored) ? LegalProfile.JUDICIAL : LegalProfile.ADMINISTRATIVE;
  }

  /** {@code administrative} or {@code judicial} (any case), else empty. */
  public static Optional<LegalProfile> parseLegalProfile(String text) {
    if (text == null) return Optional.empty();
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "administrative" -> Optional.of(LegalProfile.ADMINISTRATIVE);
      case "judicial" -> Optional.of(LegalProfile.JUDICIAL);
      default -> Optional.empty();
    };
  }

  public List<PortalUser> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT username, role, police_zone, disabled, created_at FROM portal_users ORDER BY username")
        .map((rs, ctx) -> new PortalUser(rs.getString(1), Role.parse(rs.getString(2)).orElseThrow(), rs.getString(3), rs.getBoolean(4),
            rs.getObject(5, OffsetDateTime.class).toInstant()))
        .list());
  }

  /** Disables a user and ends its sessions and tokens; false when there is no such user. */
  public boolean disable(String username) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("UPDATE portal_users SET disabled = true WHERE username = :u").bind("u", username).execute();
      h.createUpdate("DELETE FROM portal_sessions WHERE username = :u").bind("u", username).execute();
      return n == 1;
    });
  }

  /**
   * The user when the password matches and the user is enabled. A missing user costs a hash as
   * well, so response time does not tell which names exist.
   */
  public Optional<PortalUser> authenticate(String username, char[] password) {
    record Row(PortalUser user, String hash) {}
    Optional<Row> row = jdbi.withHandle(h -> h.createQuery(
                "SELECT username, role, police_zone, disabled, created_at, password_hash FROM portal_users WHERE username = :u")
            .bind("u", username)
            .map((rs, ctx) -> new Row(
                new PortalUser(rs.getString(1), Role.parse(rs.getString(2)).orElseThrow(), rs.getString(3), rs.getBoolean(4),
                    rs.getObject(5, OffsetDateTime.class).toInstant()),
                rs.getString(6)))
            .findOne());
    if (row.isEmpty()) {
      hasher.verify(password, DUMMY_HASH);
      return Optional.empty();
    }
    boolean ok = hasher.verify(password, row.get().hash());
    return ok && !row.get().user().disabled() ? Optional.of(row.get().user()) : Optional.empty();
  }

  private static final String DUMMY_HASH = new PasswordHasher().hash("not-a-real-password".toCharArray());

  static Instant now() {
    return Instant.now();
  }
}
