package dev.jobpipe.schemas.registry.internal;

import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP exchange with a list of registry URLs: fails over to the next URL when a connection fails,
 * retries 5xx answers and I/O failures with exponential backoff, and hands every answer below 500
 * back to the caller, which decides what a 4xx means. Finds Apicurio's Confluent API prefix once
 * per URL when the configured URL has no path.
 */
public final class RegistryTransport implements AutoCloseable {

  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  /** Where Apicurio Registry serves the Confluent-compatible API. */
  public static final String APICURIO_CCOMPAT_PREFIX = "/apis/ccompat/v7";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);

  /** A registry answer below 500. */
  public record Response(int status, String body, String url) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** Pauses between attempts; swapped in tests that must not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final List<Endpoint> endpoints;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int retries;
  private final long backoffMs;
  private final long backoffMaxMs;
  private final String authorization;
  private final Sleeper sleeper;
  private volatile int preferred;

  public RegistryTransport(SchemaRegistryConfig config) {
    this(config, Thread::sleep);
  }

  public RegistryTransport(SchemaRegistryConfig config, Sleeper sleeper) {
    this.endpoints = config.urls().stream().map(Endpoint::new).toList();
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(config.getInt(SchemaRegistryConfig.CONNECT_TIMEOUT_MS_CONFIG)))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    this.requestTimeout = Duration.ofMillis(config.getInt(SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG));
    this.retries = config.getInt(SchemaRegistryConfig.RETRIES_CONFIG);
    this.backoffMs = config.getLong(SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG);
    this.backoffMaxMs = config.getLong(SchemaRegistryConfig.RETRY_BACKOFF_MAX_MS_CONFIG);
    this.authorization = config.authorizationHeader();
    this.sleeper = sleeper;
  }

  /** The configured URLs, comma-separated, for messages. */
  public String urls() {
    return String.join(",", endpoints.stream().map(e -> e.configured).toList());
  }

  /** The base URL requests currently go to (with the discovered Apicurio prefix, if any). */
  public String currentBaseUrl() {
    Endpoint endpoint = endpoints.get(preferred);
    String resolved = endpoint.resolved;
    return resolved != null ? resolved : endpoint.configured;
  }

  /**
   * Sends {@code method path} with an optional JSON body and returns the first answer below 500.
   *
   * @throws RegistryUnavailableException when every attempt on every URL failed to connect or got 5xx
   * @throws InterruptException when the calling thread is interrupted (its flag stays set)
   */
  public Response send(String method, String path, String jsonBody) {
    String lastFailure = "no attempt made";
    String lastUrl = endpoints.get(preferred).configured;
    Exception lastCause = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        pause(attempt);
      }
      int start = preferred;
      for (int k = 0; k < endpoints.size(); k++) {
        int index = (start + k) % endpoints.size();
        Endpoint endpoint = endpoints.get(index);
        lastUrl = endpoint.configured;
        try {
          String base = resolve(endpoint);
          HttpResponse<String> response = exchange(method, base + path, jsonBody);
          if (response.statusCode() >= 500) {
            lastFailure = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            lastCause = null;
            LOG.debug("registry {} answered {} to {} {} (attempt {})", base, response.statusCode(), method, path, attempt + 1);
            break; // a server error is not cured by another replica of the same cluster right away: back off
          }
          preferred = index;
          return new Response(response.statusCode(), response.body(), base + path);
        } catch (IOException e) {
          lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
          lastCause = e;
          LOG.debug("registry {} failed for {} {} (attempt {}): {}", endpoint.configured, method, path, attempt + 1, lastFailure);
        }
      }
    }
    throw new RegistryUnavailableException(
        "schema registry unavailable at " + lastUrl + " (configured: " + urls() + ") for " + method + " " + path
            + " after " + (retries + 1) + " attempt(s): " + lastFailure,
        lastCause);
  }

  private String resolve(Endpoint endpoint) throws IOException {
    String resolved = endpoint.resolved;
    if (resolved != null) {
      return resolved;
    }
    // Only a URL without a path is probed: Confluent serves /subjects at the root, Apicurio does not.
    HttpResponse<String> root = exchange("GET", endpoint.configured + "/subjects", null);
    if (root.statusCode() >= 500) {
      return endpoint.configured; // cannot tell yet; the request itself will be retried
    }
    String base = endpoint.configured;
    if (root.statusCode() == 404) {
      HttpResponse<String> apicurio = exchange("GET", endpoint.configured + APICURIO_CCOMPAT_PREFIX + "/subjects", null);
      if (apicurio.statusCode() >= 200 && apicurio.statusCode() < 300) {
        base = endpoint.configured + APICURIO_CCOMPAT_PREFIX;
        LOG.info("schema registry {} serves the Confluent API under {}; using {}", endpoint.configured,
            APICURIO_CCOMPAT_PREFIX, base);
      } else if (apicurio.statusCode() >= 500) {
        return endpoint.configured;
      }
    }
    endpoint.resolved = base;
    return base;
  }

  private HttpResponse<String> exchange(String method, String url, String jsonBody) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(requestTimeout)
        .header("Accept", ACCEPT);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (jsonBody != null) {
      request.header("Content-Type", CONTENT_TYPE);
      request.method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    }
  }

  private void pause(int attempt) {
    long delay = backoffMs;
    for (int i = 1; i < attempt && delay < backoffMaxMs; i++) {
      delay *= 2;
    }
    delay = Math.min(delay, backoffMaxMs);
    if (delay <= 0) {
      return;
    }
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    }
  }

  static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  private static final class Endpoint {
    final String configured;
    volatile String resolved;

    Endpoint(URI uri) {
      this.configured = uri.toString();
      String path = uri.getRawPath();
      this.resolved = path == null || path.isEmpty() ? null : configured;
    }
  }
}
