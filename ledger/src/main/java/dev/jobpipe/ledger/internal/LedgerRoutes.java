package dev.jobpipe.ledger.internal;

import dev.jobpipe.ledger.JobQuery;
import dev.jobpipe.ledger.JobState;
import dev.jobpipe.schemas.RetryDelays;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ledger's HTTP API: {@code GET /jobs/{id}}, {@code GET /jobs/{id}/wait?timeout=} and
 * {@code GET /jobs?type=&state=&since=&until=&error=&limit=&cursor=}. Parses and checks every
 * parameter (a 400 with a one-line reason for bad input), then asks {@link LedgerQueries}.
 */
public final class LedgerRoutes {

  /** Longest id accepted; ids jobpipe makes are 36 characters, derived ones a topic name and two numbers. */
  static final int MAX_ID_LENGTH = 512;

  private final Supplier<LedgerQueries> queries;
  private final Duration maxWait;

  /** @param queries the queries, null until the service has started */
  public LedgerRoutes(Supplier<LedgerQueries> queries, Duration maxWait) {
    this.queries = queries;
    this.maxWait = maxWait;
  }

  public void register(HttpRouting.Builder routing) {
    routing.get("/jobs/{id}/wait", JsonHttpServer.json(req -> {
      String id = id(req);
      Duration timeout = timeout(req);
      return queries().await(id, timeout, local(req));
    }));
    routing.get("/jobs/{id}", JsonHttpServer.json(req -> {
      String id = id(req);
      return queries().get(id, local(req));
    }));
    routing.get("/jobs", JsonHttpServer.json(req -> {
      JobQuery query = query(req);
      return queries().list(query, local(req));
    }));
  }

  private LedgerQueries queries() {
    LedgerQueries q = queries.get();
    if (q == null) {
      throw HttpProblem.unavailable("the ledger is starting");
    }
    return q;
  }

  private static boolean local(ServerRequest req) {
    return param(req, LedgerQueries.SCOPE).map(LedgerQueries.SCOPE_LOCAL::equals).orElse(false);
  }

  static String id(ServerRequest req) {
    return validId(req.path().pathParameters().get("id"));
  }

  /** The id when it can be one; a 400 otherwise. */
  static String validId(String id) {
    if (id == null || id.isBlank()) {
      throw HttpProblem.badRequest("job id is empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw HttpProblem.badRequest("job id is longer than " + MAX_ID_LENGTH + " characters");
    }
    if (id.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      throw HttpProblem.badRequest("job id contains whitespace or control characters");
    }
    return id;
  }

  private Duration timeout(ServerRequest req) {
    Duration timeout = param(req, "timeout").map(LedgerRoutes::duration).orElse(Duration.ofSeconds(30));
    if (timeout.compareTo(maxWait) > 0) {
      throw HttpProblem.badRequest("timeout " + timeout.toMillis() + " ms is longer than the longest wait, "
          + maxWait.toMillis() + " ms");
    }
    return timeout;
  }

  /** A duration such as {@code 30s}, {@code 500ms}, {@code 2m}, or a number of milliseconds. */
  static Duration duration(String text) {
    try {
      if (text.strip().matches("[0-9]{1,12}")) {
        return Duration.ofMillis(Long.parseLong(text.strip()));
      }
      return RetryDelays.parse(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("invalid timeout '" + text + "': expected e.g. 30s, 500ms, 2m");
    }
  }

  static JobQuery query(ServerRequest req) {
    return query(name -> param(req, name));
  }

  /** Parses the listing parameters; a 400 naming the parameter for any bad one. */
  public static JobQuery query(java.util.function.Function<String, Optional<String>> params) {
    JobState state = params.apply("state").map(s -> JobState.parse(s).orElseThrow(() -> HttpProblem.badRequest(
        "invalid state '" + s + "': expected one of " + Arrays.toString(JobState.values())))).orElse(null);
    int limit = params.apply("limit").map(LedgerRoutes::limit).orElse(JobQuery.DEFAULT_LIMIT);
    params.apply("cursor").ifPresent(LedgerQueries::decodeCursor);
    try {
      return new JobQuery(params.apply("type").orElse(null), state,
          params.apply("since").map(s -> instant("since", s)).orElse(null),
          params.apply("until").map(s -> instant("until", s)).orElse(null),
          params.apply("error").orElse(null), limit, params.apply("cursor").orElse(null));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(e.getMessage());
    }
  }

  private static int limit(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest("invalid limit '" + text + "': expected a number from 1 to " + JobQuery.MAX_LIMIT);
    }
  }

  /** An ISO-8601 instant or epoch milliseconds; a 400 naming {@code name} otherwise. */
  public static Instant instant(String name, String text) {
    String t = text.strip();
    try {
      return t.matches("[0-9]{1,15}") ? Instant.ofEpochMilli(Long.parseLong(t)) : Instant.parse(t);
    } catch (DateTimeException e) {
      throw HttpProblem.badRequest("invalid " + name + " '" + text
          + "': expected an ISO-8601 instant such as 2026-05-01T10:00:00Z or epoch milliseconds");
    }
  }

  private static Optional<String> param(ServerRequest req, String name) {
    var value = req.query().first(name);
    return value.isPresent() ? Optional.of(value.get()) : Optional.empty();
  }
}
