package dev.jobpipe.console.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private final MutableClock clock = new MutableClock();

  @Test
  void aSessionLastsWhileUsedAndEndsAfterTheTimeoutOrALogout() {
    Sessions sessions = new Sessions(Duration.ofMinutes(10), clock);
    Sessions.Session s = sessions.open(new Principal("alice", Role.OPERATOR));
    assertThat(s.id()).isNotEqualTo(s.csrfToken()).hasSizeGreaterThanOrEqualTo(40);
    clock.advance(Duration.ofMinutes(9));
    assertThat(sessions.find(s.id())).isPresent();
    clock.advance(Duration.ofMinutes(9));
    assertThat(sessions.find(s.id())).as("used 9 minutes ago").isPresent();
    clock.advance(Duration.ofMinutes(11));
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
