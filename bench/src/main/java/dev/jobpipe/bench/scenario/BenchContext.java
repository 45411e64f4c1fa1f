package dev.jobpipe.bench.scenario;

import dev.jobpipe.bench.BenchOptions;
import dev.jobpipe.bench.report.ContenderFigures;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.schemas.JobTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/** What every scenario shares: the options, the stack, an admin client, a log directory, the notes. */
public final class BenchContext implements AutoCloseable {
  private final BenchOptions options;
  private final BenchStack stack;
  private final Admin admin;
  private final Path logDir;
  private final List<String> notes = new ArrayList<>();
  private final List<ContenderFigures> contenders = new ArrayList<>();

  public BenchContext(BenchOptions options, BenchStack stack, Path logDir) {
    this.options = options;
    this.stack = stack;
    this.logDir = logDir;
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "jobpipe-bench");
    this.admin = Admin.create(props);
  }

  public BenchOptions options() {
    return options;
  }

  public String bootstrapServers() {
    return stack.bootstrapServers();
  }

  public String registryUrl() {
    return stack.registryUrl();
  }

  public Path logDir() {
    return logDir;
  }

  /** Adds a line to the report's "how each figure was measured". */
  public void note(String note) {
    notes.add(note);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** Records one contender's own figures in a scenario, for the report's per-contender table. */
  void contender(ContenderFigures figures) {
    contenders.add(figures);
  }

  public List<ContenderFigures> contenders() {
    return List.copyOf(contenders);
  }

  /** Settings of every {@code JobPublisher} here; the plain producers use its exact producer properties. */
  public Map<String, Object> publisherConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(JobPublisherConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl());
    return config;
  }

  /**
   * Creates {@code jobs.T}, {@code jobs.T.failed}, {@code jobs.T.dlq} and {@code jobs.T.done} with
   * {@code partitions} each, as {@code jobpipe topics apply} would (the done topic would otherwise be
   * auto-created with the broker's one partition when the first worker writes to it).
   */
  public void createJobTopics(String type, int partitions) {
    JobTopics topics = JobTopics.of(type);
    createTopics(List.of(topics.main(), topics.failed(), topics.dlq(), topics.done()), partitions);
  }

  /** Creates topics (replication 1) and waits until each partition has a leader; existing ones are kept. */
  public void createTopics(List<String> names, int partitions) {
    List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, Optional.of(partitions), Optional.empty())).toList();
    try {
      admin.createTopics(topics).values().forEach((name, f) -> {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
          }
        } catch (InterruptedException | TimeoutException e) {
          throw new IllegalStateException("creating topic " + name + " did not finish: " + e, e);
        }
      });
      awaitLeaders(names);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private void awaitLeaders(List<String> names) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        boolean ready = d.values().stream().allMatch(t -> !t.partitions().isEmpty()
            && t.partitions().stream().map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty()));
        if (ready) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // not known to every broker yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("topics " + names + " have no leader after 30 s");
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
