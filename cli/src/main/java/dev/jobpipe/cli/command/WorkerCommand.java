package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.consumer.Ordering;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.observability.MetricsServer;
import dev.jobpipe.schemas.JobTopics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe worker}: runs one job type's handler in its consumer group until SIGTERM, serving
 * {@code /metrics}, {@code /health/live} and {@code /health/ready}. On SIGTERM it stops fetching,
 * drains running jobs (up to {@code --drain-timeout}), commits and exits 0.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker for one job type: consume jobs.T in group jobpipe.T, run the handler on virtual threads,"
          + " commit after success, hand failures to jobs.T.failed.",
      "Stops cleanly on SIGTERM: running jobs drain, done work is committed, exit code 0."
    })
public final class WorkerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);
  static final int DEFAULT_METRICS_PORT = 9400;

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--type", required = true, paramLabel = "T", description = "job type to run; consumes jobs.T")
  String type;

  @Option(names = "--handler", required = true, paramLabel = "CLASS",
      description = "JobHandler implementation with a public no-argument constructor")
  String handlerClass;

  @Option(names = "--classpath", paramLabel = "JAR", split = ",|:",
      description = "jars or class directories holding the handler and its dependencies (repeatable, or separated by ':' or ',')")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--concurrency", paramLabel = "N",
      description = "handlers running at once, across partitions (default " + JobWorkerConfig.DEFAULT_CONCURRENCY + ")")
  Integer concurrency;

  @Option(names = "--ordering", paramLabel = "partition|key|none",
      description = "which jobs of a partition may run at once (default key: one at a time per record key)")
  Ordering ordering;

  @Option(names = "--group", paramLabel = "G", description = "consumer group (default jobpipe.T)")
  String group;

  @Option(names = "--max-inflight-per-partition", paramLabel = "N",
      description = "records held per partition before it is paused (default " + JobWorkerConfig.DEFAULT_MAX_INFLIGHT_PER_PARTITION + ")")
  Integer maxInflight;

  @Option(names = "--job-timeout", paramLabel = "DURATION", converter = WorkerDurationConverter.class,
      description = "longest one job may run before it is interrupted and handed over as retryable (default 30s)")
  Duration jobTimeout;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = WorkerDurationConverter.class,
      description = "on SIGTERM, how long running jobs may take to finish (default 30s)")
  Duration drainTimeout;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_METRICS_PORT,
      description = "port of /metrics and /health/* (0 picks a free one; default ${DEFAULT-VALUE})")
  int metricsPort;

  @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
      description = "log lines as text or JSON, each carrying job id, type, attempt and trace id (default ${DEFAULT-VALUE})")
  WorkerLogging.Format logFormat;

  private final WorkerShutdown shutdown = new WorkerShutdown();

  @Override
  public Integer call() throws InterruptedException {
    validate();
    WorkerHandlerLoader.Loaded loaded =
        WorkerHandlerLoader.load(handlerClass, classpath, Thread.currentThread().getContextClassLoader());
    PrometheusMeterRegistry registry = MetricsServer.newRegistry();
    HealthState health = new HealthState();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    // Handler threads inherit the context class loader: libraries the handler uses may look up by it.
    Thread.currentThread().setContextClassLoader(loaded.classLoader());
    try {
      JobWorker worker = build(loaded.handler(), registry, health);
      MetricsServer server;
      try {
        server = MetricsServer.start(metricsPort, registry, health);
      } catch (UncheckedIOException e) {
        worker.close();
        throw new UserException(e.getMessage(), e);
      }
      return run(worker, server);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private void validate() {
    try {
      JobTopics.validateType(type);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--type: " + e.getMessage());
    }
    requireAtLeast("--concurrency", concurrency, 1);
    requireAtLeast("--max-inflight-per-partition", maxInflight, 1);
    if (metricsPort < 0 || metricsPort > 65_535) {
      throw new ParameterException(spec.commandLine(), "--metrics-port must be between 0 and 65535, got " + metricsPort);
    }
  }

  private void requireAtLeast(String option, Integer value, int min) {
    if (value != null && value < min) {
      throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", got " + value);
    }
  }

  private JobWorker build(JobHandler<?> handler, PrometheusMeterRegistry registry, HealthState health) {
    Map<String, Object> props = connection.clientProperties();
    props.put(JobWorkerConfig.SCHEMA_REGISTRY_URL_CONFIG, connection.schemaRegistry());
    putIfSet(props, JobWorkerConfig.GROUP_ID_CONFIG, group);
    putIfSet(props, JobWorkerConfig.CONCURRENCY_CONFIG, concurrency);
    putIfSet(props, JobWorkerConfig.ORDERING_CONFIG, ordering == null ? null : ordering.configValue());
    putIfSet(props, JobWorkerConfig.MAX_INFLIGHT_PER_PARTITION_CONFIG, maxInflight);
    putIfSet(props, JobWorkerConfig.JOB_TIMEOUT_MS_CONFIG, jobTimeout == null ? null : jobTimeout.toMillis());
    putIfSet(props, JobWorkerConfig.SHUTDOWN_DRAIN_TIMEOUT_MS_CONFIG, drainTimeout == null ? null : drainTimeout.toMillis());
    try {
      return JobWorker.builder(type, handler).config(props).meterRegistry(registry).health(health).build();
    } catch (ConfigException | IllegalArgumentException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE, e);
    }
  }

  private static void putIfSet(Map<String, Object> props, String key, Object value) {
    if (value != null) {
      props.put(key, value);
    }
  }

  private int run(JobWorker worker, MetricsServer server) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    JobWorkerConfig config = worker.config();
    String topic = config.topics().main();
    WorkerLogging.configure(logFormat);
    shutdown.install(() -> {
      log.info("stop requested; draining running jobs (up to {} ms)", config.shutdownDrainTimeout().toMillis());
      worker.close();
      server.close();
      out.println("jobpipe worker: " + topic + " stopped");
      out.flush();
      log.info("worker for {} stopped", topic);
      return worker.failure().isPresent() ? ExitCodes.FAILED : ExitCodes.OK;
    });
    worker.start();
    out.printf("jobpipe worker: %s started (group %s, concurrency %d, ordering %s); metrics on http://localhost:%d/metrics%n",
        topic, config.groupId(), config.concurrency(), config.ordering().configValue(), server.port());
    out.flush();
    log.info("worker for {} started with handler {}; metrics on port {}", topic, handlerClass, server.port());
    while (!worker.awaitTermination(Duration.ofDays(365))) {
      // a worker runs until it is stopped
    }
    if (shutdown.requested()) {
      // The shutdown hook drained the worker and ends the process with its exit code.
      return ExitCodes.OK;
    }
    shutdown.uninstall();
    server.close();
    Throwable failure = worker.failure().orElse(null);
    throw new UserException("worker for " + topic + " stopped: " + (failure == null ? "closed" : failure.toString()), failure);
  }
}
