package dev.jobpipe.console.web.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login sessions held in memory (a restart logs everyone out): a random id sent as an HttpOnly,
 * SameSite=Strict cookie, and a random CSRF token the pages send back in a header on every
 * state-changing request. A session ends after {@code timeout} without use, or at logout.
 */
public final class Sessions {

  /** The session cookie. */
  public static final String COOKIE = "jobpipe_console_session";
  /** The header carrying the CSRF token. */
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** Most sessions kept; the least recently used one goes first. */
  static final int MAX_SESSIONS = 10_000;

  /** One session. */
  public static final class Session {
    private final String id;
    private final Principal principal;
    private final String csrfToken;
    private volatile Instant lastUse;

    Session(String id, Principal principal, String csrfToken, Instant now) {
      this.id = id;
      this.principal = principal;
      this.csrfToken = csrfToken;
      this.lastUse = now;
    }

    public String id() {
      return id;
    }

    public Principal principal() {
      return principal;
    }

    public String csrfToken() {
      return csrfToken;
    }
  }

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Duration timeout;
  private final Clock clock;

  public Sessions(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  /** A new session for {@code principal}. */
  public Session open(Principal principal) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> expired(s, now));
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.values().stream().min(java.util.Comparator.comparing(s -> s.lastUse))
            .ifPresent(s -> sessions.remove(s.id));
      }
    }
    Session s = new Session(randomToken(), principal, randomToken(), now);
    sessions.put(s.id, s);
    return s;
  }

  /** The live session {@code id}, touched; empty when unknown or expired. */
  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    Instant now = clock.instant();
    if (s == null) {
      return Optional.empty();
    }
    if (expired(s, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    s.lastUse = now;
    return Optional.of(s);
  }

  public void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  public Duration timeout() {
    return timeout;
  }

  private boolean expired(Session s, Instant now) {
    return s.lastUse.plus(timeout).isBefore(now);
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
