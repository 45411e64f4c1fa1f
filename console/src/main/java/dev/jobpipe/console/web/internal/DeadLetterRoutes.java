package dev.jobpipe.console.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobpipe.dlq.DeadLetterFilter;
import dev.jobpipe.dlq.DlqStats;
import dev.jobpipe.dlq.LogPosition;
import dev.jobpipe.dlq.ReplayReport;
import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.ledger.internal.JsonHttpServer;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobTopics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter API of one type {@code T}:
 * {@code GET /api/types/T/dead-letters?reason=&errorClass=&since=&until=&text=&limit=},
 * {@code GET /api/types/T/dead-letters/stats}, {@code GET /api/types/T/dead-letters/P/O} (one letter),
 * {@code POST /api/types/T/dead-letters/replay} with {@code {"jobIds": [...]}} or
 * {@code {"filter": {...}}} and {@code "dryRun"}, and {@code POST /api/types/T/dead-letters/purge}
 * with {@code {"before": "all" | TIME | AGE | OFFSET, "dryRun"}}.
 */
public final class DeadLetterRoutes {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRoutes.class);
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  private final DeadLetters letters;
  private final ConsoleMetrics metrics;
  private final Clock clock;

  public DeadLetterRoutes(DeadLetters letters, ConsoleMetrics metrics, Clock clock) {
    this.letters = letters;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void register(HttpRouting.Builder r) {
    String base = "/api/types/{type}/dead-letters";
    r.get(base + "/stats", JsonHttpServer.json(req -> stats(letters.stats(type(req)))));
    r.get(base + "/{partition}/{offset}", JsonHttpServer.json(req -> {
      int partition = ApiBodies.integer("partition", ApiBodies.path(req, "partition"), 0, Integer.MAX_VALUE);
      long offset = ApiBodies.integer("offset", ApiBodies.path(req, "offset"), 0, Integer.MAX_VALUE);
      boolean whole = AccessFilter.principal(req).role().mayAct();
      return letters.detail(type(req), partition, offset, whole);
    }));
    r.get(base, JsonHttpServer.json(req -> {
      int limit = ApiBodies.param(req, "limit").map(v -> ApiBodies.integer("limit", v, 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
      DeadLetters.Query q = query(name -> ApiBodies.param(req, name), limit);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("type", type(req));
      out.put("letters", letters.list(type(req), q));
      return out;
    }));
    r.post(base + "/replay", JsonHttpServer.json(req -> act(req, "replay", body -> {
      Set<String> ids = new LinkedHashSet<>();
      body.path("jobIds").forEach(n -> ids.add(n.asText()));
      JsonNode f = body.path("filter");
      DeadLetters.Query q = query(name -> Optional.ofNullable(f.path(name).isMissingNode() || f.path(name).isNull()
          || f.path(name).asText().isBlank() ? null : f.path(name).asText().strip()), MAX_LIMIT);
      boolean dryRun = body.path("dryRun").asBoolean(false);
      if (ids.isEmpty() && q.filter().isAll() && q.text() == null && !body.path("all").asBoolean(false)) {
        throw new HttpProblem(400, "say which letters: jobIds, a filter, or \"all\": true");
      }
      return report(letters.replay(type(req), q, ids, dryRun));
    })));
    r.post(base + "/purge", JsonHttpServer.json(req -> act(req, "purge", body -> {
      String before = body.path("before").asText("").strip();
      if (before.isEmpty()) {
        throw new HttpProblem(400, "say what to purge: \"before\": \"all\", a time, an age such as 7d, or an offset");
      }
      LogPosition position;
      try {
        position = before.equals("all") ? DeadLetters.everything() : LogPosition.parse(before, clock);
      } catch (IllegalArgumentException e) {
        throw new HttpProblem(400, e.getMessage());
      }
      return letters.purge(type(req), position, body.path("dryRun").asBoolean(false));
    })));
  }

  /** Runs an operator action, counting and logging it (who, what, on which type); dry runs are not actions. */
  private Object act(ServerRequest req, String action, Function<JsonNode, Object> body) {
    JsonNode json = ApiBodies.json(req);
    boolean dryRun = json.path("dryRun").asBoolean(false);
    String type = type(req);
    Principal who = AccessFilter.principal(req);
    try {
      Object result = body.apply(json);
      if (!dryRun) {
        metrics.action(action, true);
        log.info("console: {} {} dead letters of {}: {}", who.name(), action, type, result instanceof Map<?, ?> m
            ? m.get(action.equals("replay") ? "replayed" : "deleted") : result);
      }
      return result;
    } catch (RuntimeException e) {
      if (!dryRun) {
        metrics.action(action, false);
      }
      throw e;
    }
  }

  static String type(ServerRequest req) {
    String type = ApiBodies.path(req, "type");
    try {
      return JobTopics.validateType(type);
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(400, e.getMessage());
    }
  }

  static DeadLetters.Query query(Function<String, Optional<String>> params, int limit) {
    DeadLetterFilter f = DeadLetterFilter.all();
    Optional<String> reason = params.apply("reason");
    if (reason.isPresent()) {
      try {
        f = f.withReason(DlqReason.valueOf(reason.get().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new HttpProblem(400, "invalid reason '" + reason.get() + "': expected one of " + Arrays.toString(DlqReason.values()));
      }
    }
    f = f.withErrorClass(params.apply("errorClass").orElse(null));
    try {
      f = f.withSince(params.apply("since").map(s -> ApiBodies.instant("since", s)).orElse(null));
      f = f.withUntil(params.apply("until").map(s -> ApiBodies.instant("until", s)).orElse(null));
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(400, e.getMessage());
    }
    return new DeadLetters.Query(f, params.apply("text").orElse(null), limit);
  }

  static Map<String, Object> report(ReplayReport r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dryRun", r.dryRun());
    out.put("target", r.target());
    out.put("replayed", r.replayed().size());
    out.put("alreadyReplayed", r.alreadyReplayed().size());
    out.put("unfit", r.unfit().size());
    out.put("copies", r.copies().size());
    out.put("replayedJobs", head(r.replayed()));
    out.put("unfitJobs", head(r.unfit()));
    return out;
  }

  private static List<ReplayReport.Entry> head(List<ReplayReport.Entry> entries) {
    return entries.size() > 100 ? entries.subList(0, 100) : entries;
  }

  static Map<String, Object> stats(DlqStats s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", s.total());
    out.put("byReason", s.byReasonSorted());
    out.put("byErrorClass", s.byErrorClassSorted());
    out.put("oldest", s.oldest());
    out.put("newest", s.newest());
    out.put("lastHour", s.lastHour());
    out.put("hiddenCopies", s.hiddenCopies());
    out.put("asOf", s.asOf());
    return out;
  }
}
