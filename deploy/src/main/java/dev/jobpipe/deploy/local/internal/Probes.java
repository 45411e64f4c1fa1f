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
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A short-timeout HTTP client for probes. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  }

  /**
   * A readiness check of the broker at {@code port}: true once it accepts connections and
   * describes a cluster with at least one registered node, i.e. is ready to serve clients. The TCP
   * check comes first so a broker that is still starting costs no client warnings; one admin client
   * then serves every later check, with timeouts short enough that a broker whose listener is open
   * but not yet serving does not stall the wait. Close it when done.
   */
  public static KafkaReadiness kafkaReadiness(int port) {
    return new KafkaReadiness(port);
  }

  /** See {@link #kafkaReadiness(int)}. */
  public static final class KafkaReadiness implements BooleanSupplier, AutoCloseable {
    private final int port;
    private Admin admin;

    private KafkaReadiness(int port) {
      this.port = port;
    }

    @Override
    public boolean getAsBoolean() {
      if (admin == null) {
        if (!accepts(port, Duration.ofMillis(500))) {
          return false;
        }
        admin = Admin.create(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_500,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
            AdminClientConfig.CLIENT_ID_CONFIG, "jobpipe-stack-probe"));
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
