package dev.jobpipe.console.web.internal;

import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.schemas.JobTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, every interval, what Kafka itself says about every job type: end offsets of its main,
 * done, failed, retry and DLQ topics, the committed offsets and members of its worker group, and
 * the committed offsets of the router's forwarder group on the retry tiers. A handful of Admin
 * calls cover every type at once (so 100 types cost what one does), and the last hour is kept as
 * {@link TypeHistory} for rates and charts.
 */
public final class KafkaSampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaSampler.class);
  static final Duration HISTORY = Duration.ofHours(1);

  /** The last sample of every type, when it was taken, and why the last attempt failed (null if it did not). */
  public record Snapshot(Instant at, Map<String, TypeSample> types, String problem) {}

  private final Admin admin;
  private final String forwarderGroup;
  private final Duration interval;
  private final Duration timeout;
  private final ConsoleMetrics metrics;
  private final Clock clock;
  private final Map<String, TypeHistory> histories = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jobpipe-console-sampler");
    t.setDaemon(true);
    return t;
  });
  private volatile Snapshot latest = new Snapshot(null, Map.of(), "not sampled yet");

  public KafkaSampler(Admin admin, String forwarderGroup, Duration interval, Duration timeout, ConsoleMetrics metrics,
      Clock clock) {
    this.admin = admin;
    this.forwarderGroup = forwarderGroup;
    this.interval = interval;
    this.timeout = timeout;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Samples now and then every interval, on its own thread. */
  public void start() {
    executor.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Snapshot latest() {
    return latest;
  }

  public Optional<TypeHistory> history(String type) {
    return Optional.ofNullable(histories.get(type));
  }

  private void sampleQuietly() {
    long start = System.nanoTime();
    try {
      Map<String, TypeSample> types = sample();
      types.values().forEach(s -> histories.computeIfAbsent(s.type(), t -> new TypeHistory(HISTORY)).add(s));
      histories.keySet().retainAll(types.keySet());
      latest = new Snapshot(clock.instant(), types, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      log.warn("console: sampling Kafka failed: {}", cause.toString());
      latest = new Snapshot(latest.at(), latest.types(), "Kafka did not answer: " + cause.getMessage());
    } finally {
      metrics.sampled(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** One sample of every type; package-private for tests. */
  Map<String, TypeSample> sample() throws InterruptedException, ExecutionException, TimeoutException {
    Instant now = clock.instant();
    Set<String> names = get(admin.listTopics(new ListTopicsOptions().listInternal(false)).names());
    Map<String, TopicSet> byType = new TreeMap<>();
    for (String name : names) {
      JobTopics.typeOfMain(name).ifPresent(t -> set(byType, t).main = name);
    }
    for (String name : names) {
      JobTopics.typeOfDone(name).ifPresent(t -> ifKnown(byType, t, s -> s.done = name));
      JobTopics.typeOfFailed(name).ifPresent(t -> ifKnown(byType, t, s -> s.failed = name));
      JobTopics.typeOfDlq(name).ifPresent(t -> ifKnown(byType, t, s -> s.dlq = name));
      Matcher retry = JobTopics.RETRY_TOPICS.matcher(name);
      if (retry.matches()) {
        ifKnown(byType, retry.group(1), s -> s.retry.put(retry.group(2), name));
      }
    }
    if (byType.isEmpty()) {
      return Map.of();
    }
    Set<String> topics = new HashSet<>();
    byType.values().forEach(s -> topics.addAll(s.all()));
    Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
    Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
    Map<String, List<TopicPartition>> partitionsOf = new HashMap<>();
    described.forEach((topic, d) -> {
      List<TopicPartition> tps = d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      partitionsOf.put(topic, tps);
      tps.forEach(tp -> latestSpec.put(tp, OffsetSpec.latest()));
    });
    for (TopicSet s : byType.values()) {
      List<String> needStart = new ArrayList<>(s.retry.values());
      needStart.add(s.main);
      if (s.dlq != null) {
        needStart.add(s.dlq);
      }
      needStart.forEach(t -> partitionsOf.getOrDefault(t, List.of()).forEach(tp -> earliestSpec.put(tp, OffsetSpec.earliest())));
    }
    ListOffsetsResult endsResult = admin.listOffsets(latestSpec);
    ListOffsetsResult startsResult = admin.listOffsets(earliestSpec);
    Map<String, ListConsumerGroupOffsetsSpec> groupSpecs = new HashMap<>();
    byType.keySet().forEach(t -> groupSpecs.put(workerGroup(t), new ListConsumerGroupOffsetsSpec()));
    groupSpecs.put(forwarderGroup, new ListConsumerGroupOffsetsSpec());
    var committedResult = admin.listConsumerGroupOffsets(groupSpecs);
    Set<String> workerGroups = new HashSet<>(groupSpecs.keySet());
    workerGroups.remove(forwarderGroup);
    var describedGroups = admin.describeConsumerGroups(workerGroups).describedGroups();

    Map<TopicPartition, Long> ends = offsets(endsResult);
    Map<TopicPartition, Long> starts = offsets(startsResult);
    Map<TopicPartition, OffsetAndMetadata> forwarded = committed(committedResult.partitionsToOffsetAndMetadata(forwarderGroup));
    Map<String, TypeSample> out = new TreeMap<>();
    for (var e : byType.entrySet()) {
      String type = e.getKey();
      TopicSet s = e.getValue();
      List<TopicPartition> mainParts = partitionsOf.getOrDefault(s.main, List.of());
      Map<TopicPartition, OffsetAndMetadata> committed = committed(committedResult.partitionsToOffsetAndMetadata(workerGroup(type)));
      long lag = 0;
      for (TopicPartition tp : mainParts) {
        lag += behind(tp, ends, starts, committed);
      }
      Map<String, Long> retrying = new TreeMap<>();
      s.retry.forEach((tier, topic) -> {
        long waiting = 0;
        for (TopicPartition tp : partitionsOf.getOrDefault(topic, List.of())) {
          waiting += behind(tp, ends, starts, forwarded);
        }
        retrying.put(tier, waiting);
      });
      int members = 0;
      String state = "NONE";
      KafkaFuture<ConsumerGroupDescription> group = describedGroups.get(workerGroup(type));
      try {
        ConsumerGroupDescription d = group.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        members = d.members().size();
        state = d.groupState() == null ? "UNKNOWN" : d.groupState().name();
      } catch (ExecutionException notFound) {
        // a type whose workers never ran has no group
      }
      out.put(type, new TypeSample(type, now, mainParts.size(), sum(mainParts, ends),
          s.done == null ? -1 : sum(partitionsOf.get(s.done), ends),
          s.failed == null ? -1 : sum(partitionsOf.get(s.failed), ends),
          lag, members, state, retrying,
          s.dlq == null ? 0 : sum(partitionsOf.get(s.dlq), ends) - sum(partitionsOf.get(s.dlq), starts)));
    }
    return out;
  }

  /** The consumer group of the workers of {@code type} (named by the worker's config). */
  static String workerGroup(String type) {
    return JobWorkerConfig.DEFAULT_GROUP_ID_PREFIX + type;
  }

  private static long behind(TopicPartition tp, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts,
      Map<TopicPartition, OffsetAndMetadata> committed) {
    long end = ends.getOrDefault(tp, 0L);
    OffsetAndMetadata c = committed.get(tp);
    long from = c != null ? c.offset() : starts.getOrDefault(tp, 0L);
    return Math.max(0, end - Math.max(from, starts.getOrDefault(tp, 0L)));
  }

  private static long sum(List<TopicPartition> tps, Map<TopicPartition, Long> offsets) {
    long total = 0;
    for (TopicPartition tp : tps == null ? List.<TopicPartition>of() : tps) {
      total += offsets.getOrDefault(tp, 0L);
    }
    return total;
  }

  private Map<TopicPartition, Long> offsets(ListOffsetsResult result)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, Long> out = new HashMap<>();
    get(result.all()).forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> f)
      throws InterruptedException, TimeoutException {
    try {
      Map<TopicPartition, OffsetAndMetadata> m = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
      m.forEach((tp, o) -> {
        if (o != null) {
          out.put(tp, o);
        }
      });
      return out;
    } catch (ExecutionException e) {
      return Map.of();
    }
  }

  private <T> T get(KafkaFuture<T> f) throws InterruptedException, ExecutionException, TimeoutException {
    return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static TopicSet set(Map<String, TopicSet> byType, String type) {
    return byType.computeIfAbsent(type, t -> new TopicSet());
  }

  private static void ifKnown(Map<String, TopicSet> byType, String type, java.util.function.Consumer<TopicSet> action) {
    TopicSet s = byType.get(type);
    if (s != null) {
      action.accept(s);
    }
  }

  /** The topics of one type that exist. */
  private static final class TopicSet {
    String main;
    String done;
    String failed;
    String dlq;
    final Map<String, String> retry = new TreeMap<>();

    List<String> all() {
      List<String> out = new ArrayList<>(retry.values());
      for (String t : new String[] {main, done, failed, dlq}) {
        if (t != null) {
          out.add(t);
        }
      }
      return out;
    }
  }

  /** Stops sampling; idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  public boolean awaitTermination(Duration d) throws InterruptedException {
    return executor.awaitTermination(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
