package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.producer.topics.TopicLayout;
import dev.jobpipe.producer.topics.TopicPlan;
import dev.jobpipe.producer.topics.TopicPlanRefusedException;
import dev.jobpipe.producer.topics.TopicPlanner;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe topics apply}: brings the topics of one job type (from options) or of every type in
 * a topics file to their desired state, printing one line per change, or {@code no changes}.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Create or update every topic of the type idempotently: jobs.T, .failed, .retry.<tier>, .dlq, .done,",
      ".scheduled and the compacted .control (settings: dev.jobpipe.schemas.topics.TopicSpec).",
      "Partitions only grow (a smaller count is refused); configs jobpipe manages are set, others left alone."
    })
public final class TopicsApplyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--type", paramLabel = "T", description = "Job type; with --file, apply only this type of the file.")
  String type;

  @Option(names = "--file", paramLabel = "FILE", description = "Topics file (YAML), e.g. deploy/topics/jobs.yaml.")
  Path file;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions of every topic of the type (default: keep existing, " + TopicLayout.DEFAULT_PARTITIONS
          + " for new topics).")
  Integer partitions;

  @Option(names = "--replication-factor", paramLabel = "R",
      description = "Replication factor of new topics (default: min(3, brokers)).")
  Integer replicationFactor;

  @Option(names = "--tiers", paramLabel = "DELAYS", description = "Retry tiers, e.g. 5s,30s,5m (default ${DEFAULT-VALUE}).",
      defaultValue = "5s,30s,5m")
  String tiers;

  @Option(names = "--dry-run", description = "Print the plan without changing anything.")
  boolean dryRun;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "Bound of each request to the cluster, e.g. 10s (default ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() {
    Duration requestTimeout = parseUsage("--timeout", () -> RetryDelays.parse(timeout));
    List<TopicLayout> layouts = layouts();
    PrintWriter out = spec.commandLine().getOut();
    Admin admin = Admin.create(adminProperties(requestTimeout));
    try {
      TopicPlanner planner = new TopicPlanner(admin, requestTimeout);
      TopicPlan plan = planner.plan(layouts);
      if (plan.refused()) {
        throw new UserException(new TopicPlanRefusedException(plan.refusals()).getMessage());
      }
      if (!dryRun) {
        planner.apply(plan);
      }
      plan.lines().forEach(out::println);
      if (dryRun && !plan.isEmpty()) {
        out.println("dry run: nothing was changed");
      }
      out.flush();
      return ExitCodes.OK;
    } catch (TimeoutException e) {
      throw new UserException("cannot reach Kafka at " + connection.bootstrapServers() + ": " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new UserException(e.getMessage(), e);
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private List<TopicLayout> layouts() {
    if (file == null) {
      if (type == null) {
        throw new UserException("give --type T or --file FILE", ExitCodes.USAGE, null);
      }
      return List.of(layoutFromOptions());
    }
    if (partitions != null || replicationFactor != null || spec.commandLine().getParseResult().hasMatchedOption("--tiers")) {
      throw new UserException("--partitions, --replication-factor and --tiers go with --type; the file sets them per type",
          ExitCodes.USAGE, null);
    }
    List<TopicLayout> all = TopicsFile.read(file);
    if (type == null) {
      return all;
    }
    parseUsage("--type", () -> JobTopics.validateType(type));
    return List.of(all.stream().filter(l -> l.type().equals(type)).findFirst()
        .orElseThrow(() -> new UserException("job type " + type + " is not in " + file, ExitCodes.USAGE, null)));
  }

  private TopicLayout layoutFromOptions() {
    TopicLayout byType = parseUsage("--type", () -> TopicLayout.of(type));
    TopicLayout sized = partitions == null ? byType : parseUsage("--partitions", () -> byType.withPartitions(partitions));
    TopicLayout replicated = replicationFactor == null
        ? sized
        : parseUsage("--replication-factor", () -> sized.withReplicationFactor(replicationFactor));
    return parseUsage("--tiers", () -> replicated.withTiers(RetryDelays.parseList(tiers)));
  }

  private Map<String, Object> adminProperties(Duration requestTimeout) {
    Map<String, Object> props = connection.clientProperties();
    int ms = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    return props;
  }

  private static <T> T parseUsage(String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new UserException(option + ": " + e.getMessage(), ExitCodes.USAGE, e);
    }
  }
}
