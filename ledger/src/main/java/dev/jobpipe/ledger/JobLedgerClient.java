package dev.jobpipe.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jobpipe.ledger.internal.LedgerJson;
import dev.jobpipe.ledger.internal.LedgerQueries;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a job ledger (any instance: it forwards) what became of a job. An id the ledger has never
 * seen is an empty answer, never a made-up "pending".
 *
 * <pre>{@code
 * try (var ledger = new JobLedgerClient(URI.create("http://ledger:9410"))) {
 *   Optional<JobView> job = ledger.await(jobId, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class JobLedgerClient implements AutoCloseable {

  /** The default ledger address (DESIGN.md). */
  public static final URI DEFAULT_URL = URI.create("http://localhost:9410");
  private static final Duration SLACK = Duration.ofSeconds(10);

  private final URI base;
  private final HttpClient http;

  public JobLedgerClient(URI base) {
    this.base = Objects.requireNonNull(base, "base");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The job's current state; empty when the ledger does not know the id. */
  public Optional<JobView> state(String id) {
    return get("/jobs/" + encode(id), JobView.class, SLACK);
  }

  /**
   * Waits up to {@code timeout} for the job to reach a terminal state and returns its state then
   * (check {@link JobView#terminal()}: it is not terminal when the time ran out); empty when the
   * ledger still does not know the id at the end.
   */
  public Optional<JobView> await(String id, Duration timeout) {
    return get("/jobs/" + encode(id) + "/wait?timeout=" + timeout.toMillis() + "ms", JobView.class,
        timeout.plus(SLACK));
  }

  /** One page of jobs matching {@code query}, newest first. */
  public JobPage list(JobQuery query) {
    return get("/jobs?" + LedgerQueries.queryString(query), JobPage.class, SLACK)
        .orElseThrow(() -> new JobLedgerException(404, "the ledger at " + base + " has no /jobs", null));
  }

  private <T> Optional<T> get(String pathAndQuery, Class<T> type, Duration timeout) {
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery);
    HttpResponse<byte[]> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new JobLedgerException(0, "cannot reach the job ledger at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobLedgerException(0, "interrupted while asking the job ledger at " + base, e);
    }
    try {
      if (response.statusCode() == 200) {
        return Optional.of(LedgerJson.MAPPER.readValue(response.body(), type));
      }
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      String reason = LedgerJson.MAPPER.readValue(response.body(), new TypeReference<Map<String, String>>() {})
          .getOrDefault("error", "HTTP " + response.statusCode());
      throw new JobLedgerException(response.statusCode(), reason, null);
    } catch (IOException e) {
      throw new JobLedgerException(response.statusCode(), "the job ledger at " + base + " answered "
          + response.statusCode() + " with a body that is not the ledger's JSON", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    http.close();
  }
}
