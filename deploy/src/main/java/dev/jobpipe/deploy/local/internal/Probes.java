package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Whether a child of the stack answers: a TCP connect, an HTTP GET, a Kafka cluster description. */
public final class Probes {
  private Probes() {}

  /** Whether something accepts TCP connections on the loopback {@code port}. */
  public static boolean accepts(int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code GET url} answers 200 within {@code timeout}. */
  public static boolean answers200(HttpClient http, String url, Duration timeout) {
    return answers200(http, url, null, timeout);
  }

  /** Whether {@code GET url} with {@code authorization} (none when null) answers 200 within {@code timeout}. */
  public static boolean answers200(HttpClient http, String url, String authorization, Duration timeout) {
    return status(http, url, authorization, timeout) == 200;
  }

  /**
   * Whether {@code GET url} gets an answer from the application (200, or 401 when it demands
   * credentials the caller does not have), within {@code timeout}.
   */
  public static boolean answersOrDemandsCredentials(HttpClient http, String url, Duration timeout) {
    int status = status(http, url, null, timeout);
    return status == 200 || status == 401;
  }

  private static int status(HttpClient http, String url, String authorization, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A short-timeout HTTP client for probes. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  }

  /**
   * A readiness check of the broker at {@code bootstrap} (on the loopback), reached with
   * {@code clientProperties} (SASL, TLS; empty for plaintext): true once it accepts connections and
   * describes a cluster with at least one registered node, i.e. is ready to serve clients. The TCP
   * check comes first so a broker that is still starting costs no client warnings; one admin client
   * then serves every later check, with timeouts short enough that a broker whose listener is open
   * but not yet serving does not stall the wait. Close it when done.
   */
  public static KafkaReadiness kafkaReadiness(String bootstrap, Map<String, Object> clientProperties) {
    return new KafkaReadiness(bootstrap, clientProperties);
  }

  /** See {@link #kafkaReadiness(String, Map)}. */
  public static final class KafkaReadiness implements BooleanSupplier, AutoCloseable {
    private final String bootstrap;
    private final int port;
    private final Map<String, Object> clientProperties;
    private Admin admin;

    private KafkaReadiness(String bootstrap, Map<String, Object> clientProperties) {
      this.bootstrap = bootstrap;
      this.port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      this.clientProperties = Map.copyOf(clientProperties);
    }

    @Override
    public boolean getAsBoolean() {
      if (admin == null) {
        if (!accepts(port, Duration.ofMillis(500))) {
          return false;
        }
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_500);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "jobpipe-stack-probe");
        admin = Admin.create(props);
      }
      try {
        return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public void close() {
      if (admin != null) {
        admin.close(Duration.ofSeconds(1));
      }
    }
  }
}
