package io.lezflow.portal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthPartsTest {
  @Test
  void argon2idHashesVerifyOnlyTheirPassword() {
    PasswordHasher h = new PasswordHasher();
    String a = h.hash("s3cret password".toCharArray());
    assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("s3cret");
    assertThat(h.hash("s3cret password".toCharArray())).isNotEqualTo(a); // salted
    assertThat(h.verify("s3cret password".toCharArray(), a)).isTrue();
    assertThat(h.verify("s3cret passwore".toCharArray(), a)).isFalse();
    assertThat(h.verify("x".toCharArray(), "not a hash")).isFalse();
  }

  @Test
  void rateLimiterBlocksAfterFailuresUntilTheWindowMoves() {
    AtomicLong now = new AtomicLong(1_000_000);
    Clock clock = new Clock() {
      public ZoneOffset getZone() { return ZoneOffset.UTC; }
      public Clock withZone(java.time.ZoneId z) { return this; }
      public Instant instant() { return Instant.ofEpochMilli(now.get()); }
    };
    LoginRateLimiter l = new LoginRateLimiter(3, Duration.ofMinutes(5), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(l.blockedFor("u:a")).isEmpty();
      l.failed("u:a");
      now.addAndGet(1000);
    }
    assertThat(l.blockedFor("u:a")).isPresent();
    assertThat(l.blockedFor("u:b")).isEmpty();
    now.addAndGet(Duration.ofMinutes(5).toMillis() - 2000); // the first failure leaves the window
    assertThat(l.blockedFor("u:a")).isEmpty();
    l.succeeded("u:a");
    l.failed("u:a");
    assertThat(l.blockedFor("u:a")).isEmpty();
  }

  @Test
  void userNamesAndRolesAreChecked() {
    assertThat(UserStore.invalid("ann", Role.OPERATOR, null, "long enough pw".toCharArray())).isEmpty();
    assertThat(UserStore.invalid("Ann Smith", Role.OPERATOR, null, "long enough pw".toCharArray())).isPresent();
    assertThat(UserStore.invalid("cop", Role.POLICE, null, "long enough pw".toCharArray())).get().asString().contains("--police-zone");
    assertThat(UserStore.invalid("op", Role.OPERATOR, "pz-1", "long enough pw".toCharArray())).isPresent();
    assertThat(UserStore.invalid("op", Role.OPERATOR, null, "short".toCharArray())).get().asString().contains("10 characters");
  }
}
