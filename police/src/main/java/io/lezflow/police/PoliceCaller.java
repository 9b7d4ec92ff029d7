package io.lezflow.police;

/**
 * A signed-in police user as the library sees them: who, which police zone they belong to (they see
 * only that zone's cameras), under which legal profile they search. The portal builds it from its
 * session; the library trusts it (authentication is the portal's).
 *
 * @param userId the user's login, recorded in the audit log
 * @param policeZone the police zone number, e.g. {@code "5339"} (Bruxelles-Capitale/Ixelles)
 */
public record PoliceCaller(String userId, String policeZone, LegalProfile profile) {
  public static final String ROLE = "police";

  public PoliceCaller {
    if (userId == null || userId.isBlank()) throw new IllegalArgumentException("a police caller needs a user id");
    if (policeZone == null || policeZone.isBlank()) throw new IllegalArgumentException("a police caller needs a police zone");
    if (profile == null) throw new IllegalArgumentException("a police caller needs a legal profile");
  }
}
