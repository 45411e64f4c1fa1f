package dev.jobpipe.console.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.ledger.internal.JsonHttpServer;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/login} (JSON {@code {"user", "password"}}: sets the session cookie and answers
 * the CSRF token), {@code POST /api/logout}, {@code GET /api/session} (who am I, my CSRF token).
 * The login takes only {@code application/json}, which a cross-site HTML form cannot send.
 */
public final class SessionRoutes {

  private static final Logger log = LoggerFactory.getLogger(SessionRoutes.class);

  private final UserDirectory users;
  private final Sessions sessions;
  private final boolean noAuth;
  private final ConsoleMetrics metrics;

  public SessionRoutes(UserDirectory users, Sessions sessions, boolean noAuth, ConsoleMetrics metrics) {
    this.users = users;
    this.sessions = sessions;
    this.noAuth = noAuth;
    this.metrics = metrics;
  }

  public void register(HttpRouting.Builder routing) {
    routing.post(AccessFilter.LOGIN, this::login);
    routing.post(AccessFilter.LOGOUT, JsonHttpServer.json(req -> {
      req.context().get(Sessions.Session.class).ifPresent(s -> sessions.close(s.id()));
      return Map.of("loggedOut", true);
    }));
    routing.get("/api/session", JsonHttpServer.json(req -> {
      Principal p = AccessFilter.principal(req);
      String csrf = req.context().get(Sessions.Session.class).map(Sessions.Session::csrfToken).orElse(null);
      return describe(p, csrf);
    }));
  }

  private Map<String, Object> describe(Principal p, String csrf) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", p.name());
    out.put("role", p.role().label());
    out.put("csrfToken", csrf);
    out.put("insecureNoAuth", noAuth);
    return out;
  }

  private void login(ServerRequest req, ServerResponse res) {
    String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      JsonHttpServer.send(res, 415, Map.of("error", "send the login as application/json"));
      return;
    }
    JsonNode body;
    try {
      body = ApiBodies.json(req);
    } catch (HttpProblem p) {
      JsonHttpServer.send(res, p.status(), Map.of("error", p.getMessage()));
      return;
    }
    String user = body.path("user").asText(null);
    String password = body.path("password").asText(null);
    var principal = users.login(user, password);
    metrics.login(principal.isPresent());
    if (principal.isEmpty()) {
      // the name is logged (to spot guessing), never the password
      log.info("console login refused for user '{}'", user == null ? "" : user.replaceAll("[^\\w.@-]", "?"));
      JsonHttpServer.send(res, 401, Map.of("error", "unknown user or wrong password"));
      return;
    }
    Sessions.Session session = sessions.open(principal.get());
    AccessFilter.setCookie(res, session.id(), sessions.timeout());
    log.info("console login: {} ({})", principal.get().name(), principal.get().role().label());
    JsonHttpServer.send(res, 200, describe(principal.get(), session.csrfToken()));
  }
}
