package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.observability.MetricsServer;
import dev.jobpipe.scheduler.JobScheduler;
import dev.jobpipe.scheduler.SchedulerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe scheduler}: runs the scheduler service until SIGTERM/SIGINT, serving
 * {@code /metrics} and health. Start several with the same {@code --application-id} to share the
 * work; each keeps standby copies of another's stores.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
    description = {
      "Run the scheduler: one-off jobs from every jobs.T.scheduled to jobs.T at their due time, and the"
          + " recurring schedules of jobpipe.cron. Runs until SIGTERM or SIGINT."
    })
public final class SchedulerCommand implements Callable<Integer> {

  public static final int DEFAULT_METRICS_PORT = 9403;

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_METRICS_PORT,
      description = "Port of /metrics, /health/live and /health/ready (0 picks a free one; default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = SchedulerConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id; instances with the same id share the work (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Directory of the RocksDB stores (default: Kafka Streams' default).")
  Path stateDir;

  @Option(names = "--instance-id", paramLabel = "NAME",
      description = "Stable name of this instance (e.g. the pod name): static group membership, so a restart takes its"
          + " partitions back at once.")
  String instanceId;

  @Override
  public Integer call() {
    WorkerLogging.showKafkaWarnings();
    SchedulerConfig config = config();
    if (metricsPort < 0 || metricsPort > 65_535) {
      throw new UserException("--metrics-port must be in 0..65535, was " + metricsPort, ExitCodes.USAGE, null);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrometheusMeterRegistry registry = MetricsServer.newRegistry();
    HealthState health = new HealthState();
    try (StopSignal stop = StopSignal.install();
         MetricsServer server = startMetrics(registry, health);
         JobScheduler scheduler = JobScheduler.builder(config).meterRegistry(registry).health(health).start()) {
      out.printf("scheduler %s running: metrics on port %d%n", config.applicationId(), server.port());
      out.flush();
      try {
        CompletableFuture.anyOf(stop.requested(), scheduler.termination()).join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new UserException("scheduler failed: " + cause.getMessage(), cause);
      }
      out.println("scheduler stopping (" + stop.requested().getNow("closed") + ")");
      out.flush();
    } catch (IllegalStateException e) {
      throw new UserException("scheduler cannot start: " + e.getMessage(), e);
    }
    return ExitCodes.OK;
  }

  private SchedulerConfig config() {
    Map<String, Object> props = new LinkedHashMap<>(connection.clientProperties());
    props.put(SchedulerConfig.APPLICATION_ID_CONFIG, applicationId);
    if (stateDir != null) {
      props.put(SchedulerConfig.STATE_DIR_CONFIG, stateDir.toString());
    }
    if (instanceId != null) {
      props.put(SchedulerConfig.INSTANCE_ID_CONFIG, instanceId);
    }
    try {
      return new SchedulerConfig(props);
    } catch (ConfigException e) {
      throw new UserException("invalid scheduler configuration: " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }

  private MetricsServer startMetrics(PrometheusMeterRegistry registry, HealthState health) {
    try {
      return MetricsServer.start(metricsPort, registry, health);
    } catch (UncheckedIOException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}
