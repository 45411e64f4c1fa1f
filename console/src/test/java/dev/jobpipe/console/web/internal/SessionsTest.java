package dev.jobpipe.console.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @Test
  void aSessionLastsWhileUsedAndEndsAfterTheTimeoutOrALogout() {
    Sessions sessions = new Sessions(Duration.ofMinutes(10), clock);
    Sessions.Session s = sessions.open(new Principal("alice", Role.OPERATOR));
    assertThat(s.id()).isNotEqualTo(s.csrfToken()).hasSizeGreaterThanOrEqualTo(40);
    now.set(now.get().plus(Duration.ofMinutes(9)));
    assertThat(sessions.find(s.id())).isPresent();
    now.set(now.get().plus(Duration.ofMinutes(9)));
    assertThat(sessions.find(s.id())).as("used 9 minutes ago").isPresent();
    now.set(now.get().plus(Duration.ofMinutes(11)));
    assertThat(sessions.find(s.id())).isEmpty();

    Sessions.Session t = sessions.open(new Principal("bob", Role.VIEWER));
    sessions.close(t.id());
    assertThat(sessions.find(t.id())).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
    assertThat(sessions.find("made-up")).isEmpty();
  }

  @Test
  void everySessionHasItsOwnRandomTokens() {
    Sessions sessions = new Sessions(Duration.ofMinutes(10), clock);
    Sessions.Session a = sessions.open(new Principal("a", Role.VIEWER));
    Sessions.Session b = sessions.open(new Principal("a", Role.VIEWER));
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(a.csrfToken()).isNotEqualTo(b.csrfToken());
  }
}
