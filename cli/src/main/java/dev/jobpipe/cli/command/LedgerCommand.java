package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.ledger.JobLedger;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.observability.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe ledger}: runs the job ledger service until SIGTERM/SIGINT: the state of every job
 * by id over HTTP, with {@code /metrics} and health on the same port. Start several with the same
 * {@code --application-id} to share the work; any of them answers any query.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = {
      "Run the job ledger: the state of every job by id, folded from the jobs.* topics, served over HTTP"
          + " (GET /jobs/{id}, /jobs/{id}/wait, /jobs). Runs until SIGTERM or SIGINT."
    })
public final class LedgerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + JobLedgerConfig.DEFAULT_HTTP_PORT,
      description = "HTTP port of the API, /metrics and /health (0 picks a free one; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--advertised-host", paramLabel = "HOST",
      description = "Host name other ledger instances reach this one at (default: this machine's host name).")
  String advertisedHost;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = JobLedgerConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id; instances with the same id share the work (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Directory of the RocksDB stores (default: Kafka Streams' default).")
  Path stateDir;

  @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "7d",
      description = "How long a job is kept after it succeeded, died or was cancelled, e.g. 7d, 12h (default ${DEFAULT-VALUE}).")
  String retention;

  @Option(names = "--types", paramLabel = "REGEX", defaultValue = JobLedgerConfig.DEFAULT_TYPES,
      description = "Regular expression of the job types to follow, e.g. 'email\\.send|billing\\..+' (default: every"
          + " type, including types created later).")
  String types;

  @Override
  public Integer call() {
    WorkerLogging.showKafkaWarnings();
    JobLedgerConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    PrometheusMeterRegistry registry = MetricsServer.newRegistry();
    JobLedger ledger = new JobLedger(config, registry, registry::scrape);
    try (StopSignal stop = StopSignal.install(); ledger) {
      start(ledger);
      out.printf("ledger %s running: %s%n", config.applicationId(), ledger.url());
      out.flush();
      try {
        CompletableFuture.anyOf(stop.requested(), ledger.termination()).join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new UserException("ledger failed: " + cause.getMessage(), cause);
      }
      out.println("ledger stopping (" + stop.requested().getNow("closed") + ")");
      out.flush();
    }
    return ExitCodes.OK;
  }

  private static void start(JobLedger ledger) {
    try {
      ledger.start();
    } catch (RuntimeException e) {
      // Helidon reports a port in use as an UncheckedIOException; Streams a bad setting as a KafkaException
      throw new UserException("ledger cannot start: " + e.getMessage(), e);
    }
  }

  JobLedgerConfig config() {
    Map<String, Object> props = new LinkedHashMap<>(connection.clientProperties());
    props.put(JobLedgerConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(JobLedgerConfig.HTTP_PORT_CONFIG, port);
    props.put(JobLedgerConfig.TYPES_CONFIG, types);
    if (advertisedHost != null) {
      props.put(JobLedgerConfig.HTTP_ADVERTISED_HOST_CONFIG, advertisedHost);
    }
    if (stateDir != null) {
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    }
    try {
      props.put(JobLedgerConfig.RETENTION_MS_CONFIG, dev.jobpipe.schemas.RetryDelays.parse(retention).toMillis());
      return new JobLedgerConfig(props);
    } catch (IllegalArgumentException e) {
      throw new UserException("--retention: " + e.getMessage(), ExitCodes.USAGE, e);
    } catch (ConfigException e) {
      throw new UserException("invalid ledger configuration: " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }
}
