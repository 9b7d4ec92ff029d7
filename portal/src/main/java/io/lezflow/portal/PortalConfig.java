package io.lezflow.portal;

import io.lezflow.portal.evidence.SigningKey;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How the portal runs.
 *
 * @param host address to bind (127.0.0.1 unless the portal is meant to be reached from elsewhere)
 * @param port 0 for a free port
 * @param timeZone how times are shown (reads are stored in UTC)
 * @param secureCookies mark cookies Secure (behind TLS); off for plain http on loopback
 * @param loginFailures failed logins per user name or client address within {@code loginWindow} before logins are refused
 */
public record PortalConfig(
    String host,
    int port,
    ZoneId timeZone,
    SigningKey signingKey,
    boolean secureCookies,
    Duration sessionTtl,
    Duration tokenTtl,
    int loginFailures,
    Duration loginWindow) {

  public static PortalConfig defaults(SigningKey key) {
    return new PortalConfig("127.0.0.1", 0, ZoneId.of("Europe/Brussels"), key, false, Duration.ofHours(12), Duration.ofDays(30), 5,
        Duration.ofMinutes(5));
  }

  public PortalConfig withPort(int port) {
    return new PortalConfig(host, port, timeZone, signingKey, secureCookies, sessionTtl, tokenTtl, loginFailures, loginWindow);
  }

  public PortalConfig withHost(String host) {
    return new PortalConfig(host, port, timeZone, signingKey, secureCookies, sessionTtl, tokenTtl, loginFailures, loginWindow);
  }
}
