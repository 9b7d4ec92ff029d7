package io.lezflow.portal.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who a portal user is; what each may do is decided by {@link Permission}. */
public enum Role {
  OPERATOR,
  /** An operator who may also reopen a decided violation. */
  SUPERVISOR,
  /** Bound to one police zone: sees only violations of cameras in that zone. */
  POLICE,
  ENGINEER,
  AUDITOR;

  /** Lower-case name as stored and typed ({@code operator}, ...). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String text) {
    if (text == null) return Optional.empty();
    String t = text.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(r -> r.name().equals(t)).findFirst();
  }
}
