package dev.jobpipe.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.producer.BrokerUnavailableException;
import dev.jobpipe.producer.InvalidPayloadException;
import dev.jobpipe.producer.JobPublishException;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.producer.JsonPayloads;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe publish}: publishes jobs from JSON, converted to the type's Avro schema (the
 * latest registered under {@code jobs.T-value}, else the built-in one), through a
 * {@link JobPublisher}. Prints one job id per line on stdout, in input order; summaries and progress
 * go to stderr so the ids can be piped.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publish jobs: --json for one payload (--count times), --file for JSON lines (- for stdin).",
      "Prints the job ids, one per line.",
      "With --at or --in the jobs are scheduled: written to jobs.T.scheduled, the scheduler moves them to jobs.T"
          + " at that time."
    })
public final class PublishCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--type", required = true, paramLabel = "T", description = "Job type; jobs go to topic jobs.T.")
  String type;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--json", paramLabel = "JSON", description = "One payload as JSON, e.g. '{\"to\": \"a@b.c\"}'.")
    String json;

    @Option(names = "--file", paramLabel = "FILE", description = "JSON lines, one payload per line; - reads stdin.")
    Path file;
  }

  @Option(names = "--key", paramLabel = "K", description = "Ordering key of every job (default: its job id).")
  String key;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1",
      description = "With --json: publish the payload N times, each a new job (default ${DEFAULT-VALUE}).")
  int count;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  When when;

  static final class When {
    @Option(names = "--at", paramLabel = "TIME",
        description = "Run the jobs at this time (ISO-8601, e.g. 2026-12-24T08:00:00Z; without an offset it is UTC).")
    String at;

    @Option(names = "--in", paramLabel = "DURATION", description = "Run the jobs this long from now, e.g. 90s, 5m, 2h.")
    String in;
  }

  /** Due time of the jobs when scheduling, else null. */
  private java.time.Instant at;

  @Option(names = "--skip-invalid", description = "With --file: report and skip invalid lines instead of stopping.")
  boolean skipInvalid;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "How long to wait for the cluster and registry before giving up, e.g. 10s (default ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws IOException {
    Duration wait = usage("--timeout", () -> RetryDelays.parse(timeout));
    usage("--type", () -> JobTopics.validateType(type));
    if (count < 1) {
      throw new UserException("--count must be at least 1, got " + count, ExitCodes.USAGE, null);
    }
    if (input.file != null && spec.commandLine().getParseResult().hasMatchedOption("--count")) {
      throw new UserException("--count goes with --json; a file publishes one job per line", ExitCodes.USAGE, null);
    }
    if (input.json != null && skipInvalid) {
      throw new UserException("--skip-invalid goes with --file", ExitCodes.USAGE, null);
    }
    at = dueTime(java.time.Clock.systemUTC());
    JsonNode json = null;
    if (input.json != null) {
      try {
        json = JsonPayloads.parse(input.json);
      } catch (InvalidPayloadException e) {
        throw new UserException("--json: " + e.getMessage(), ExitCodes.USAGE, e);
      }
    }
    Map<String, Object> config = publisherConfig(wait);
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(registryConfig(config))) {
      JobPublisher publisher = JobPublisher.create(config);
      try {
        publish(publisher, registry, json);
      } finally {
        // every publish has completed or failed by now: a bounded close loses nothing, and does not
        // hang on a producer still trying to reach an unreachable cluster
        publisher.close(wait);
      }
    } catch (ConfigException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE, e);
    } catch (KafkaException e) {
      throw new UserException(describe(e), e);
    }
    return ExitCodes.OK;
  }

  private void publish(JobPublisher publisher, SchemaRegistryClient registry, JsonNode json) throws IOException {
    try {
      publisher.verifyType(type);
    } catch (BrokerUnavailableException e) {
      throw new UserException("cannot reach Kafka at " + connection.bootstrapServers() + ": " + e.getMessage(), e);
    } catch (JobPublishException e) {
      throw new UserException(e.getMessage(), e);
    }
    Schema schema = PublishSchemas.resolve(registry, type);
    if (json != null) {
      publishJson(publisher, json, schema);
    } else {
      publishFile(publisher, schema);
    }
  }

  /** The due time of {@code --at} or {@code --in}; null when neither is given. Refuses a time in the past. */
  java.time.Instant dueTime(java.time.Clock clock) {
    if (when == null) {
      return null;
    }
    java.time.Instant now = clock.instant();
    if (when.in != null) {
      Duration delay = usage("--in", () -> RetryDelays.parse(when.in));
      return now.plus(delay);
    }
    java.time.Instant due = usage("--at", () -> dev.jobpipe.dlq.Times.parse(when.at, clock));
    if (due.isBefore(now)) {
      throw new UserException("--at " + when.at + " is in the past (" + due + "); use a future time, or --in DURATION",
          ExitCodes.USAGE, null);
    }
    return due;
  }

  private void publishJson(JobPublisher publisher, JsonNode json, Schema schema) {
    GenericRecord payload;
    try {
      payload = JsonPayloads.fromJson(json, schema);
    } catch (InvalidPayloadException e) {
      throw new UserException("--json: " + e.getMessage(), ExitCodes.USAGE, e);
    }
    List<CompletableFuture<JobReceipt>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      JobRequest request = JobRequest.builder(type, payload).key(key).build();
      futures.add(at == null ? publisher.publish(request) : publisher.schedule(request, at));
    }
    PrintWriter out = spec.commandLine().getOut();
    int published = 0;
    Throwable firstError = null;
    for (CompletableFuture<JobReceipt> future : futures) {
      try {
        out.println(future.join().jobId());
        published++;
      } catch (CompletionException e) {
        firstError = firstError == null ? e.getCause() : firstError;
      }
    }
    out.flush();
    if (firstError != null) {
      throw new UserException(firstError.getMessage()
          + (count > 1 ? " (" + published + " of " + count + " jobs were published)" : ""), firstError);
    }
    if (at != null) {
      spec.commandLine().getErr().println("scheduled " + published + (published == 1 ? " job" : " jobs") + " to "
          + JobTopics.of(type).scheduled() + ", due at " + at);
    } else if (count > 1) {
      spec.commandLine().getErr().println("published " + published + " jobs to " + JobTopics.of(type).main());
    }
  }

  private void publishFile(JobPublisher publisher, Schema schema) throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    String source = input.file.toString().equals("-") ? "stdin" : input.file.toString();
    PublishLines lines = new PublishLines(publisher, at, type, key, schema, skipInvalid, spec.commandLine().getOut(), err);
    PublishLines.Result result;
    try (BufferedReader reader = open(input.file)) {
      result = lines.run(reader);
    } catch (CharacterCodingException e) {
      throw new UserException(source + " is not UTF-8 text", e);
    }
    err.println((at == null ? "published " : "scheduled ") + result.published() + " jobs to "
        + (at == null ? JobTopics.of(type).main() : JobTopics.of(type).scheduled() + " due at " + at) + " from " + source
        + (result.skipped() > 0 ? " (" + result.skipped() + " invalid lines skipped)" : ""));
    err.flush();
  }

  private static BufferedReader open(Path file) {
    if (file.toString().equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()));
    }
    try {
      return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()));
    } catch (NoSuchFileException e) {
      throw new UserException("--file " + file + " does not exist", ExitCodes.USAGE, e);
    } catch (IOException e) {
      throw new UserException("cannot read --file " + file + ": " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }

  /** Publisher settings: the connection, and every wait bounded by {@code --timeout}. */
  private Map<String, Object> publisherConfig(Duration wait) {
    int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, wait.toMillis()));
    Map<String, Object> config = new HashMap<>(connection.clientProperties());
    config.put(JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, connection.schemaRegistry());
    config.put(JobPublisherConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
    config.put(JobPublisherConfig.TOPIC_METADATA_TIMEOUT_MS_CONFIG, ms);
    config.putIfAbsent(SchemaRegistryConfig.CONNECT_TIMEOUT_MS_CONFIG,
        Math.min(SchemaRegistryConfig.DEFAULT_CONNECT_TIMEOUT_MS, ms));
    config.putIfAbsent(SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(SchemaRegistryConfig.DEFAULT_REQUEST_TIMEOUT_MS, ms));
    return config;
  }

  private static SchemaRegistryConfig registryConfig(Map<String, Object> config) {
    Map<String, Object> registry = new HashMap<>();
    SchemaRegistryConfig.configDef().names().forEach(name -> {
      if (config.containsKey(name)) {
        registry.put(name, config.get(name));
      }
    });
    return new SchemaRegistryConfig(registry);
  }

  private static <T> T usage(String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new UserException(option + ": " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }

  /** A Kafka error escaping the clients (e.g. an unresolvable bootstrap server) as one line. */
  private static String describe(KafkaException e) {
    Throwable cause = e.getCause();
    return cause != null && cause.getMessage() != null && e.getMessage().startsWith("Failed to construct")
        ? e.getMessage() + ": " + cause.getMessage()
        : e.getMessage();
  }
}
