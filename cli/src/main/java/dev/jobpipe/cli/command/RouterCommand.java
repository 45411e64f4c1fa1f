package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.observability.MetricsServer;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.RetryDelays;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe router}: runs the retry routing and the tier forwarders in one process until
 * SIGTERM/SIGINT, serving {@code /metrics} and health. Start several with the same
 * {@code --application-id} to share the partitions.
 */
@Command(name = "router", mixinStandardHelpOptions = true,
    description = {
      "Run the retry router and tier forwarders.",
      "Routes every jobs.T.failed record to a retry tier jobs.T.retry.<delay> or to jobs.T.dlq, and"
          + " forwards each retry back to jobs.T when it is due. Runs until SIGTERM or SIGINT.",
      "Default policy: tiers 5s,30s,5m, max attempts = tiers + 1, jitter ±20%."
    })
public final class RouterCommand implements Callable<Integer> {

  public static final int DEFAULT_METRICS_PORT = 9402;

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--policy-file", paramLabel = "FILE",
      description = "Retry policies (.properties, or .yaml/.yml): policy.<default|type>.<max.attempts|tiers|jitter|fatal.exceptions|expiry>.")
  Path policyFile;

  @Option(names = "--default-tiers", paramLabel = "DELAYS",
      description = "Tiers of the default policy, e.g. 5s,30s,5m (overrides policy.default.tiers).")
  String defaultTiers;

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "Max attempts of the default policy, the first included (overrides policy.default.max.attempts;"
          + " default: tiers + 1).")
  Integer maxAttempts;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_METRICS_PORT,
      description = "Port of /metrics, /health/live and /health/ready (0 picks a free one; default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = RouterConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id; instances with the same id share the work (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Directory of the dedupe state store (default: Kafka Streams' default).")
  Path stateDir;

  @Option(names = "--instance-id", paramLabel = "NAME",
      description = "Stable name of this instance (e.g. the pod name): static group membership and a stable"
          + " transactional id, so a restart takes its partitions back at once.")
  String instanceId;

  @Override
  public Integer call() {
    WorkerLogging.showKafkaWarnings();
    RetryPolicies policies = policies();
    RouterConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    PrometheusMeterRegistry registry = MetricsServer.newRegistry();
    HealthState health = new HealthState();
    try (StopSignal stop = StopSignal.install();
         MetricsServer server = startMetrics(registry, health);
         RetryRouter router = RetryRouter.builder(config).policies(policies).meterRegistry(registry).health(health).build()) {
      router.start();
      out.printf("router %s running: metrics on port %d, default policy %s%n",
          config.applicationId(), server.port(), describe(policies));
      out.flush();
      try {
        CompletableFuture.anyOf(stop.requested(), router.termination()).join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new UserException("retry router failed: " + cause.getMessage(), cause);
      }
      out.println("router stopping (" + stop.requested().getNow("closed") + ")");
      out.flush();
    }
    return ExitCodes.OK;
  }

  private RetryPolicies policies() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (defaultTiers != null) {
      try {
        RetryDelays.parseList(defaultTiers);
      } catch (IllegalArgumentException e) {
        throw new UserException("--default-tiers: " + e.getMessage(), ExitCodes.USAGE, e);
      }
      overrides.put(RetryPolicies.key(RetryPolicies.DEFAULT_ENTRY, RetryPolicies.TIERS), defaultTiers);
    }
    if (maxAttempts != null) {
      if (maxAttempts < 1) {
        throw new UserException("--max-attempts must be at least 1, was " + maxAttempts, ExitCodes.USAGE, null);
      }
      overrides.put(RetryPolicies.key(RetryPolicies.DEFAULT_ENTRY, RetryPolicies.MAX_ATTEMPTS), maxAttempts.toString());
    }
    try {
      return RetryPolicies.load(policyFile, overrides);
    } catch (ConfigException e) {
      throw new UserException("invalid retry policy: " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }

  private RouterConfig config() {
    Map<String, Object> props = new LinkedHashMap<>(connection.clientProperties());
    props.put(RouterConfig.APPLICATION_ID_CONFIG, applicationId);
    if (stateDir != null) {
      props.put(RouterConfig.STATE_DIR_CONFIG, stateDir.toString());
    }
    if (instanceId != null) {
      props.put(RouterConfig.INSTANCE_ID_CONFIG, instanceId);
    }
    try {
      return new RouterConfig(props);
    } catch (ConfigException e) {
      throw new UserException("invalid router configuration: " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }

  private MetricsServer startMetrics(PrometheusMeterRegistry registry, HealthState health) {
    if (metricsPort < 0 || metricsPort > 65_535) {
      throw new UserException("--metrics-port must be in 0..65535, was " + metricsPort, ExitCodes.USAGE, null);
    }
    try {
      return MetricsServer.start(metricsPort, registry, health);
    } catch (UncheckedIOException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  private static String describe(RetryPolicies policies) {
    List<Duration> tiers = policies.defaults().tiers();
    return "tiers " + tiers.stream().map(RetryDelays::format).collect(Collectors.joining(","))
        + ", max attempts " + policies.defaults().maxAttempts()
        + (policies.overrides().isEmpty() ? "" : "; own policies for " + String.join(", ", policies.overrides().keySet()));
  }
}
