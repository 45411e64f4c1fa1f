package dev.jobpipe.reliability.harness;

import static org.awaitility.Awaitility.await;

import dev.jobpipe.cli.Jobpipe;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.testkit.JobpipeStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.core.ConditionTimeoutException;
import picocli.CommandLine;

/**
 * Everything one reliability scenario needs around a fresh job type: its topics (made by the real
 * {@code jobpipe topics apply}), a {@link JobPublisher} in the test JVM, a {@link ProcessFleet} for
 * workers and routers, the execution-log directory and a {@link Reconciler}. The type name is new
 * per run ({@code rel.<scenario>.<random>}) because the broker is shared by every test of the JVM.
 */
public final class Scenario implements AutoCloseable {

  private final JobpipeStack stack;
  private final String name;
  private final String type;
  private final JobTopics topics;
  private final Path directory;
  private final ProcessFleet fleet;
  private final ExecutionLogs logs;
  private final TopicReader reader;
  private final Reconciler reconciler;
  private JobPublisher publisher;

  public Scenario(JobpipeStack stack, String name) {
    this.stack = stack;
    this.name = name;
    String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    this.type = "rel." + name.toLowerCase(Locale.ROOT) + "." + suffix;
    this.topics = JobTopics.of(type);
    this.directory = Figures.outputDirectory().resolve(name + "-" + suffix);
    this.fleet = new ProcessFleet(stack, directory);
    this.logs = new ExecutionLogs(directory.resolve("executions"));
    this.reader = new TopicReader(stack.clientProperties());
    this.reconciler = new Reconciler(reader, logs, topics);
  }

  public String type() {
    return type;
  }

  public JobTopics topics() {
    return topics;
  }

  public Path directory() {
    return directory;
  }

  public ProcessFleet fleet() {
    return fleet;
  }

  public ExecutionLogs logs() {
    return logs;
  }

  public TopicReader reader() {
    return reader;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public JobpipeStack stack() {
    return stack;
  }

  /** Starts a worker of this scenario's type running the recording handler. */
  public JobpipeProcess startWorker(String name, HandlerSettings handler, WorkerOptions options) {
    return fleet.startWorker(name, type, handler, options.args(directory.resolve(name + ".properties")));
  }

  /** Starts a router with this scenario's retry policy, application id and state directory. */
  public JobpipeProcess startRouter(String name, RouterOptions options) {
    return fleet.startRouter(name, options.args(directory, type, name));
  }

  /**
   * Starts a job ledger of this scenario's type (other scenarios' topics on the shared broker are
   * not its business) under {@code applicationId} (its consumer group and internal topics), with its
   * RocksDB state in this scenario's directory, kept across restarts of the same process. Its
   * consumer session is the broker's minimum (6 s, as the ledger module's own ITs use): a SIGKILLed
   * ledger leaves its dead member in the group, and a restart waits for that session to expire
   * before it gets its partitions back (40 s of idle wait with the 45 s default).
   */
  public JobpipeProcess startLedger(String name, String applicationId) {
    Path config = PropertiesFile.write(directory.resolve(name + ".properties"),
        Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "2000"));
    return fleet.startLedger(name, List.of("--application-id", applicationId, "--types", Pattern.quote(type),
        "--state-dir", directory.resolve(name + "-state").toString(), "--command-config", config.toString()));
  }

  /** Handler settings writing into this scenario's execution-log directory. */
  public HandlerSettings handler() {
    return HandlerSettings.of(logs.directory());
  }

  /** {@code jobpipe topics apply --type T --partitions N --tiers TIERS}, in-process; fails with its output. */
  public void applyTopics(int partitions, String tiers) {
    List<String> args = new ArrayList<>(List.of("topics", "apply", "--type", type, "--partitions",
        Integer.toString(partitions), "--tiers", tiers));
    args.addAll(fleet.connection());
    CliResult out = runCliInProcess(args);
    if (out.exitCode() != 0) {
      throw new IllegalStateException("topics apply failed: " + out);
    }
    // at least main, failed, dlq and the tiers; topics apply makes more (scheduled, done, ...)
    awaitServable(partitions, tiers.split(",").length + 3);
  }

  /**
   * Waits until the broker serves every partition of the type's topics: a ListOffsets answer needs
   * the partition's log to be open on its leader, which a metadata answer alone does not prove.
   * Publishing sooner runs into KAFKA-15591 (fixed after Kafka 4.3): an idempotent producer's first
   * request to a partition the broker has not opened yet fails and is retried, a later one lands
   * first, and the first one's records then fail with OUT_OF_ORDER_SEQUENCE_NUMBER until the
   * delivery timeout.
   */
  private void awaitServable(int partitions, int topicCount) {
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
      try (Admin admin = Admin.create(stack.clientProperties())) {
        List<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
            .filter(t -> t.equals(topics.main()) || t.startsWith(topics.main() + ".")).toList();
        return names.size() >= topicCount
            && reader.endOffsets(topics.main()).size() == partitions
            && names.stream().allMatch(t -> !reader.endOffsets(t).isEmpty());
      }
    });
  }

  /** Runs one {@code jobpipe} command line in this JVM with captured output. */
  public static CliResult runCliInProcess(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Jobpipe.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args.toArray(String[]::new));
    return new CliResult(List.copyOf(args), code, out.toString(), err.toString());
  }

  /** The publisher of this scenario (acks=all, idempotent), created on first use. */
  public synchronized JobPublisher publisher() {
    if (publisher == null) {
      Map<String, Object> config = new HashMap<>(stack.clientProperties());
      config.put("schema.registry.url", stack.registryUrl());
      publisher = JobPublisher.create(config);
    }
    return publisher;
  }

  /** A small payload; its content does not matter to the recording handler. */
  public static EmailSend payload(int i) {
    return EmailSend.newBuilder().setTo("user" + i + "@example.com").setSubject("reliability " + i)
        .setBody("job " + i).build();
  }

  /**
   * Publishes {@code count} jobs, job {@code i} with id {@code behavior(i).jobId(i + "-" + random)},
   * and waits for every acknowledgement. Returns the ids in publish order.
   */
  public List<String> publish(int count, IntFunction<Behavior> behavior) {
    return publishReceipts(count, behavior).stream().map(JobReceipt::jobId).toList();
  }

  /** As {@link #publish}, returning where each job was stored. */
  public List<JobReceipt> publishReceipts(int count, IntFunction<Behavior> behavior) {
    return publishReceipts(count, behavior, i -> null);
  }

  /** As {@link #publish}, job {@code i} with the ordering key {@code key(i)} (null: none). */
  public List<String> publishKeyed(int count, IntFunction<Behavior> behavior, IntFunction<String> key) {
    return publishReceipts(count, behavior, key).stream().map(JobReceipt::jobId).toList();
  }

  /**
   * Publishes one job with {@code behavior} to each of the main topic's {@code partitions}, the
   * {@code p}-th keyed so that the producer's partitioner puts it on partition {@code p}, and checks
   * that it did. Published after everything published before, each is its partition's last record
   * until more arrives. Returns the ids by partition.
   */
  public List<String> publishOnePerPartition(int partitions, Behavior behavior) {
    String[] keys = new String[partitions];
    for (int n = 0, found = 0; found < partitions; n++) {
      String key = "partition-key-" + n;
      int p = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
      if (keys[p] == null) {
        keys[p] = key;
        found++;
      }
    }
    List<JobReceipt> receipts = publishReceipts(partitions, i -> behavior, i -> keys[i]);
    for (int p = 0; p < partitions; p++) {
      if (receipts.get(p).partition() != p) {
        throw new IllegalStateException("job keyed " + keys[p] + " landed on partition " + receipts.get(p).partition()
            + ", not " + p + ": the publisher does not partition by the key's murmur2 hash");
      }
    }
    return receipts.stream().map(JobReceipt::jobId).toList();
  }

  /** Releases every job {@link Behavior#holds(int) held} by this scenario's handlers, now and later. */
  public void releaseHeld() {
    try {
      Files.createDirectories(logs.directory());
      Files.writeString(handler().releaseFile(), "released");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many jobs this scenario's handlers have held so far (released ones included). */
  public long held() {
    if (!Files.isDirectory(logs.directory())) {
      return 0;
    }
    try (Stream<Path> files = Files.list(logs.directory())) {
      return files.filter(HandlerSettings::isHoldingFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<JobReceipt> publishReceipts(int count, IntFunction<Behavior> behavior, IntFunction<String> key) {
    List<JobRequest> requests = new ArrayList<>(count);
    String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    for (int i = 0; i < count; i++) {
      requests.add(JobRequest.builder(type, payload(i)).jobId(behavior.apply(i).jobId(i + "-" + run)).key(key.apply(i))
          .build());
    }
    List<CompletableFuture<JobReceipt>> futures = publisher().publishAll(requests);
    List<JobReceipt> receipts = new ArrayList<>(count);
    for (CompletableFuture<JobReceipt> f : futures) {
      receipts.add(f.join());
    }
    return receipts;
  }

  /**
   * Waits until every id is succeeded or dead-lettered (by the handler's logs and the raw DLQ) and
   * returns the account; on timeout fails with the last account, where the jobs are and the
   * processes' log tails.
   */
  public Reconciliation awaitAccounted(List<String> ids, Duration timeout) {
    return awaitAccounted(ids, timeout, List.of());
  }

  /**
   * As {@link #awaitAccounted(List, Duration)}, failing at once if one of {@code mustRun} exits
   * meanwhile: no scenario restarts a crashed process by hand, so waiting on would only hide why.
   */
  public Reconciliation awaitAccounted(List<String> ids, Duration timeout, List<JobpipeProcess> mustRun) {
    AtomicReference<Reconciliation> last = new AtomicReference<>();
    try {
      await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
        for (JobpipeProcess p : mustRun) {
          if (!p.isAlive()) {
            throw new AssertionError(p.name() + " exited (code " + p.exitCode() + ") before every job was accounted "
                + "for: " + last.get() + "\n" + census() + fleet.diagnostics(30));
          }
        }
        last.set(reconciler.reconcile(ids));
        return last.get().complete();
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not every job accounted for within " + timeout + ": " + last.get()
          + "\n" + census() + fleet.diagnostics(30), e);
    }
    return last.get();
  }

  /**
   * Sets the workers' group session to the broker's minimum, 6 s (the test broker's default is
   * 10 s; production's 45 s): a SIGKILLed worker leaves its dead member in the group, and its
   * partitions wait for that session to expire. For the kill scenarios, where that wait is the
   * longest idle time of each kill; the heartbeat stays at 1 s.
   */
  public void shortWorkerSessions() {
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, WorkerOptions.group(type));
    AlterConfigOp session = new AlterConfigOp(new ConfigEntry("consumer.session.timeout.ms", "6000"),
        AlterConfigOp.OpType.SET);
    try (Admin admin = Admin.create(stack.clientProperties())) {
      admin.incrementalAlterConfigs(Map.of(group, List.of(session))).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot set the session timeout of " + WorkerOptions.group(type), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Per partition of the main topic, how far the workers' committed offset is behind the log end
   * (the high watermark, transaction markers included): what lag-based alerts and autoscalers
   * read. A partition without a committed offset counts its whole end offset.
   */
  public Map<Integer, Long> committedBehindEnd() {
    try (Admin admin = Admin.create(stack.clientProperties())) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(WorkerOptions.group(type))
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      Map<Integer, Long> behind = new TreeMap<>();
      reader.endOffsets(topics.main()).forEach((tp, end) -> {
        OffsetAndMetadata c = committed.get(tp);
        behind.put(tp.partition(), end - (c == null ? 0 : c.offset()));
      });
      return behind;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the committed offsets of " + WorkerOptions.group(type), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Where the jobs are, for failure messages: the end offset (summed over partitions) of every
   * topic of the type, and the workers' committed offsets.
   */
  public String census() {
    StringBuilder sb = new StringBuilder("topics:");
    try (Admin admin = Admin.create(stack.clientProperties())) {
      Set<String> names = new TreeSet<>(admin.listTopics().names().get(10, TimeUnit.SECONDS));
      for (String topic : names) {
        if (topic.equals(topics.main()) || topic.startsWith(topics.main() + ".")) {
          sb.append(' ').append(topic).append('=')
              .append(reader.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum());
        }
      }
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(WorkerOptions.group(type))
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      sb.append("; committed by ").append(WorkerOptions.group(type)).append('=')
          .append(committed.values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum());
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      sb.append(" (census incomplete: ").append(e).append(')');
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return sb.toString();
  }

  /** Closes the publisher and SIGKILLs every process still running. */
  @Override
  public void close() {
    fleet.close();
    if (publisher != null) {
      publisher.close(Duration.ofSeconds(10));
    }
  }

  @Override
  public String toString() {
    return name + " (type " + type + ", " + directory + ")";
  }
}
