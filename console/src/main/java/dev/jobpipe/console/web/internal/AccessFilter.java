package dev.jobpipe.console.web.internal;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import dev.jobpipe.ledger.internal.JsonHttpServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides who may call what. For every {@code /api/} path but the login:
 * a bearer token or a live session cookie, else 401; for every method but GET and HEAD, the
 * session's CSRF token in {@value Sessions#CSRF_HEADER} (bearer calls carry no cookie a browser
 * could send on its own, so they need none), else 403; then the operator role for anything but
 * logging out, else 403. Pages, assets, {@code /metrics} and {@code /health} are public (they
 * carry no data). It also sets the security headers of every answer and times API calls.
 */
public final class AccessFilter implements Filter {

  static final String API = "/api/";
  static final String LOGIN = "/api/login";
  static final String LOGOUT = "/api/logout";
  private static final Principal NO_AUTH = new Principal("anonymous (no auth)", Role.OPERATOR);

  private final UserDirectory users;
  private final Sessions sessions;
  private final boolean noAuth;
  private final ConsoleMetrics metrics;

  public AccessFilter(UserDirectory users, Sessions sessions, boolean noAuth, ConsoleMetrics metrics) {
    this.users = users;
    this.sessions = sessions;
    this.noAuth = noAuth;
    this.metrics = metrics;
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    res.header(HeaderNames.create("Content-Security-Policy"),
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
    res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
    res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
    String path = req.path().path();
    if (!path.startsWith(API)) {
      chain.proceed();
      return;
    }
    long start = System.nanoTime();
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    try {
      Optional<String> refusal = admit(req, res);
      if (refusal.isPresent()) {
        return;
      }
      chain.proceed();
    } finally {
      metrics.request(res.status().code(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Empty when the request may go on; otherwise the refusal already sent. */
  private Optional<String> admit(RoutingRequest req, RoutingResponse res) {
    Method method = req.prologue().method();
    String path = req.path().path();
    if (path.equals(LOGIN)) {
      return Optional.empty();
    }
    Optional<String> bearer = bearer(req);
    Principal principal;
    Sessions.Session session = null;
    if (bearer.isPresent()) {
      principal = users.token(bearer.get()).orElse(null);
      if (principal == null) {
        return refuse(res, 401, "invalid bearer token");
      }
    } else {
      session = sessionCookie(req).flatMap(sessions::find).orElse(null);
      if (session == null && noAuth) {
        session = sessions.open(NO_AUTH);
        setCookie(res, session.id(), sessions.timeout());
      }
      if (session == null) {
        return refuse(res, 401, "login required");
      }
      principal = session.principal();
    }
    boolean reads = method == Method.GET || method == Method.HEAD;
    if (!reads) {
      if (session != null && !csrfMatches(req, session)) {
        return refuse(res, 403, "missing or wrong CSRF token (send the session's token in " + Sessions.CSRF_HEADER + ")");
      }
      if (!path.equals(LOGOUT) && !principal.role().mayAct()) {
        return refuse(res, 403, "user " + principal.name() + " is a " + principal.role().label()
            + ": only an operator may do this");
      }
    }
    req.context().register(principal);
    if (session != null) {
      req.context().register(session);
    }
    return Optional.empty();
  }

  private static boolean csrfMatches(ServerRequest req, Sessions.Session session) {
    String sent = req.headers().first(HeaderNames.create(Sessions.CSRF_HEADER)).orElse(null);
    return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
        session.csrfToken().getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> bearer(ServerRequest req) {
    return req.headers().first(HeaderNames.AUTHORIZATION)
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).strip());
  }

  static Optional<String> sessionCookie(ServerRequest req) {
    var value = req.headers().cookies().first(Sessions.COOKIE);
    return value.isPresent() ? Optional.of(value.get()) : Optional.empty();
  }

  /** Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
  static void setCookie(ServerResponse res, String id, Duration maxAge) {
    res.headers().addCookie(SetCookie.builder(Sessions.COOKIE, id).path("/").httpOnly(true)
        .sameSite(SetCookie.SameSite.STRICT).maxAge(maxAge).build());
  }

  private static Optional<String> refuse(RoutingResponse res, int status, String reason) {
    JsonHttpServer.send(res, status, Map.of("error", reason));
    return Optional.of(reason);
  }

  /** The principal the filter admitted. */
  static Principal principal(ServerRequest req) {
    return req.context().get(Principal.class)
        .orElseThrow(() -> new IllegalStateException("no principal: route outside the access filter"));
  }
}
