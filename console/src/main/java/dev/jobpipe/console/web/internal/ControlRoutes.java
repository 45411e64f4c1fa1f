package dev.jobpipe.console.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.ledger.internal.JsonHttpServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control actions of one type, recorded in {@code jobs.T.control} with the console user as
 * who: {@code POST /api/types/T/pause} ({@code {"reason"}}), {@code /resume}, {@code /rate}
 * ({@code {"perSecond": N}} or {@code {"perSecond": null}} for no limit) and {@code /cancel}
 * ({@code {"jobId"}}).
 */
public final class ControlRoutes {

  private static final Logger log = LoggerFactory.getLogger(ControlRoutes.class);

  private final ControlPlane control;
  private final ConsoleMetrics metrics;

  public ControlRoutes(ControlPlane control, ConsoleMetrics metrics) {
    this.control = control;
    this.metrics = metrics;
  }

  public void register(HttpRouting.Builder r) {
    String base = "/api/types/{type}/";
    r.post(base + "pause", JsonHttpServer.json(req -> act(req, "pause", (type, who, body) -> {
      String reason = body.path("reason").asText("").strip();
      control.pause(type, who, reason.isEmpty() ? null : reason);
    })));
    r.post(base + "resume", JsonHttpServer.json(req -> act(req, "resume", (type, who, body) -> control.resume(type, who))));
    r.post(base + "rate", JsonHttpServer.json(req -> act(req, "rate", (type, who, body) -> {
      JsonNode n = body.path("perSecond");
      if (n.isMissingNode()) {
        throw new HttpProblem(400, "say the limit: \"perSecond\": a positive number, or null for none");
      }
      Double perSecond = n.isNull() ? null : n.isNumber() ? n.asDouble() : null;
      if (!n.isNull() && (perSecond == null || !(perSecond > 0) || perSecond.isInfinite())) {
        throw new HttpProblem(400, "invalid perSecond " + n + ": expected a positive number, or null for no limit");
      }
      control.rate(type, perSecond, who);
    })));
    r.post(base + "cancel", JsonHttpServer.json(req -> act(req, "cancel", (type, who, body) -> {
      String jobId = body.path("jobId").asText("").strip();
      if (jobId.isEmpty()) {
        throw new HttpProblem(400, "say which job: \"jobId\"");
      }
      control.cancel(type, jobId, who);
    })));
  }

  @FunctionalInterface
  private interface Action {
    void run(String type, String who, JsonNode body);
  }

  private Object act(ServerRequest req, String action, Action a) {
    String type = DeadLetterRoutes.type(req);
    JsonNode body = ApiBodies.json(req);
    String who = AccessFilter.principal(req).name();
    try {
      a.run(type, who, body);
      metrics.action(action, true);
    } catch (RuntimeException e) {
      metrics.action(action, false);
      throw e;
    }
    log.info("console: {} {} {} {}", who, action, type, body);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.put("action", action);
    out.put("by", who);
    out.put("state", control.states().get(type));
    return out;
  }
}
