package dev.jobpipe.ledger.internal;

import dev.jobpipe.observability.HealthState;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP plumbing of a jobpipe service on Helidon SE (virtual thread per request): JSON
 * handlers whose {@link HttpProblem} becomes a status and {@code {"error": "..."}}, plus the
 * standard {@code /metrics}, {@code /health/live} and {@code /health/ready} endpoints. Nothing
 * ledger-specific, so that other services (the console) can serve their routes the same way.
 */
public final class JsonHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JsonHttpServer.class);

  /** A handler returning the body to send as JSON with status 200. */
  @FunctionalInterface
  public interface JsonHandler {
    Object handle(ServerRequest request);
  }

  private final WebServer server;

  private JsonHttpServer(WebServer server) {
    this.server = server;
  }

  /**
   * Starts a server on {@code host:port} (0: any free port) with the routes {@code routes} adds,
   * and the metrics and health endpoints.
   */
  public static JsonHttpServer start(String host, int port, Consumer<HttpRouting.Builder> routes,
      Supplier<String> metrics, HealthState health) {
    WebServer server = WebServer.builder()
        .host(host)
        .port(port)
        .shutdownGracePeriod(Duration.ofSeconds(2))
        .routing(r -> {
          routes.accept(r);
          r.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            res.send(metrics.get());
          });
          r.get("/health/live", (req, res) -> health(res, health.live()));
          r.get("/health/ready", (req, res) -> health(res, health.ready()));
        })
        .build()
        .start();
    return new JsonHttpServer(server);
  }

  /** Adapts a {@link JsonHandler}: 200 with its JSON, or the status and reason of its problem. */
  public static io.helidon.webserver.http.Handler json(JsonHandler handler) {
    return (req, res) -> {
      Object body;
      try {
        body = handler.handle(req);
      } catch (HttpProblem p) {
        send(res, p.status(), Map.of("error", p.getMessage()));
        return;
      } catch (RuntimeException e) {
        log.warn("{} {} failed", req.prologue().method().text(), req.path().path(), e);
        send(res, 500, Map.of("error", "internal error: " + e));
        return;
      }
      send(res, 200, body);
    };
  }

  private static void health(ServerResponse res, boolean ok) {
    res.status(ok ? 200 : 503);
    res.send(ok ? "UP" : "DOWN");
  }

  /** Sends {@code body} as JSON with {@code status}. */
  public static void send(ServerResponse res, int status, Object body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(LedgerJson.write(body));
  }

  public int port() {
    return server.port();
  }

  /** Stops the server; idempotent. */
  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
  }
}
