package io.lezflow.portal.web;

import io.lezflow.portal.ApiError;
import io.lezflow.portal.PortalServer;
import io.lezflow.portal.auth.PortalUser;
import java.time.Duration;
import java.util.Optional;

/** One login attempt, rate-limited per user name and per client address; the same answer for a wrong name or password. */
final class Logins {
  private Logins() {}

  static PortalUser attempt(PortalServer.Services s, String username, String password, String clientIp) {
    if (username == null || password == null || username.isBlank() || password.isEmpty()) {
      throw new io.lezflow.portal.BadRequest("username and password are required");
    }
    if (username.length() > 64 || password.length() > 1024) throw new ApiError(401, "login_failed", "wrong user name or password");
    String userKey = "u:" + username.trim();
    String ipKey = "ip:" + clientIp;
    Optional<Duration> blocked = s.loginLimiter().blockedFor(userKey).or(() -> s.addressLimiter().blockedFor(ipKey));
    if (blocked.isPresent()) {
      throw new ApiError(429, "too_many_attempts", "too many failed logins; try again in " + Math.max(1, blocked.get().toSeconds()) + " s");
    }
    Optional<PortalUser> user = s.users().authenticate(username.trim(), password.toCharArray());
    if (user.isEmpty()) {
      s.loginLimiter().failed(userKey);
      s.addressLimiter().failed(ipKey);
      throw new ApiError(401, "login_failed", "wrong user name or password");
    }
    s.loginLimiter().succeeded(userKey);
    return user.get();
  }
}
