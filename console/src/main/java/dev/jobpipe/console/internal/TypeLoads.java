package dev.jobpipe.console.internal;

import dev.jobpipe.console.JobControlException;
import dev.jobpipe.console.TypeStatus;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import dev.jobpipe.schemas.offsets.OffsetMarks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * What Kafka itself says about job types: how much was published, is waiting (lag), is running (the
 * worker's commit marks), waits in each retry tier (behind the router's forwarder group) and lies in
 * the DLQ. The one place these are counted, for {@code jobpipe status} and the console alike; a
 * handful of batched Admin calls cover any number of types, so 100 types cost what one does. Dead
 * letters are counted by reading the DLQs ({@link DeadLetterCount}): their offsets overcount.
 */
public final class TypeLoads implements AutoCloseable {

  /** {@link Load#groupState()} of a worker group that never had a member. */
  public static final String NO_GROUP = "NONE";

  /**
   * One type's load.
   *
   * @param published records ever written to the main topic (its end offsets)
   * @param succeeded end offsets of {@code jobs.T.done}; -1 without that topic
   * @param failed end offsets of {@code jobs.T.failed}; -1 without that topic
   * @param lag records of the main topic not yet committed by the worker group (from the log start
   *     where it never committed, so records removed by retention are not counted)
   * @param inFlight records past the committed offsets that are not yet done (from the commit marks)
   * @param retrying waiting records per retry tier (e.g. {@code 5s}), shortest delay first
   * @param deadLetters letters in the DLQ now (records, not offsets: transaction markers take offsets too)
   */
  public record Load(String type, int partitions, long published, long succeeded, long failed, long lag,
      long inFlight, String group, String groupState, List<TypeStatus.Member> members, Map<String, Long> retrying,
      long deadLetters) {}

  /** How long a described partition count is trusted: partitions added to a topic show within this. */
  static final Duration DESCRIBE_REFRESH = Duration.ofSeconds(30);

  private final Admin admin;
  private final Duration timeout;
  private final String forwarderGroup;
  private final DeadLetterCount deadLetters;
  private final Map<String, List<TopicPartition>> described = new HashMap<>();
  private Set<String> describedListing = Set.of();
  private long describedAt;

  /**
   * @param admin the caller's admin client (not closed here)
   * @param clientProperties connection and security settings, for the consumer that counts dead letters
   * @param timeout bound of each Admin call, and of a count of dead letters
   * @param forwarderGroup the router's forwarder group, whose commits say what a retry tier has forwarded
   */
  public TypeLoads(Admin admin, Map<String, Object> clientProperties, Duration timeout, String forwarderGroup) {
    this.admin = admin;
    this.timeout = timeout;
    this.forwarderGroup = forwarderGroup;
    this.deadLetters = new DeadLetterCount(clientProperties, timeout);
  }

  /** Closes the consumer that counts dead letters; idempotent. */
  @Override
  public void close() {
    deadLetters.close();
  }

  /** Every topic of the cluster, internal ones left out. */
  public Set<String> topics() {
    return get(admin.listTopics(new ListTopicsOptions().listInternal(false)).names(), "listing topics");
  }

  /** Every type of the cluster (one per main topic), read with its default worker group. */
  public Map<String, Load> readAll() {
    Set<String> topics = topics();
    Map<String, String> groups = new TreeMap<>();
    topics.forEach(t -> JobTopics.typeOfMain(t).ifPresent(type -> groups.put(type, JobTopics.of(type).workerGroup())));
    return read(groups, topics);
  }

  /**
   * The types of {@code groups} (type → worker group) that have a main topic; the others are left
   * out. {@code names} are the cluster's topics, as {@link #topics()} just listed them.
   */
  public Map<String, Load> read(Map<String, String> groups, Set<String> names) {
    Map<String, TopicSet> byType = new TreeMap<>();
    groups.keySet().forEach(type -> {
      if (names.contains(JobTopics.of(type).main())) {
        byType.put(type, new TopicSet(JobTopics.of(type).main()));
      }
    });
    for (String name : names) {
      JobTopics.typeOfDone(name).map(byType::get).ifPresent(s -> s.done = name);
      JobTopics.typeOfFailed(name).map(byType::get).ifPresent(s -> s.failed = name);
      JobTopics.typeOfDlq(name).map(byType::get).ifPresent(s -> s.dlq = name);
      Matcher retry = JobTopics.RETRY_TOPICS.matcher(name);
      if (retry.matches() && byType.containsKey(retry.group(1))) {
        byType.get(retry.group(1)).retry.put(retry.group(2), name);
      }
    }
    if (byType.isEmpty()) {
      return Map.of();
    }
    Set<String> topics = new HashSet<>();
    byType.values().forEach(s -> topics.addAll(s.all()));
    Map<String, List<TopicPartition>> partitionsOf = partitionsOf(topics, names);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    partitionsOf.values().forEach(tps -> tps.forEach(tp -> latest.put(tp, OffsetSpec.latest())));
    for (TopicSet s : byType.values()) {
      List<String> withStart = new ArrayList<>(s.retry.values());
      withStart.add(s.main);
      if (s.dlq != null) {
        withStart.add(s.dlq);
      }
      withStart.forEach(t -> partitionsOf.getOrDefault(t, List.of()).forEach(tp -> earliest.put(tp, OffsetSpec.earliest())));
    }
    var endsResult = admin.listOffsets(latest).all();
    var startsResult = admin.listOffsets(earliest).all();
    Set<String> workerGroups = new HashSet<>();
    byType.keySet().forEach(type -> workerGroups.add(groups.get(type)));
    Map<String, ListConsumerGroupOffsetsSpec> groupSpecs = new HashMap<>();
    workerGroups.forEach(g -> groupSpecs.put(g, new ListConsumerGroupOffsetsSpec()));
    groupSpecs.put(forwarderGroup, new ListConsumerGroupOffsetsSpec());
    var committedResult = admin.listConsumerGroupOffsets(groupSpecs);
    var describedGroups = admin.describeConsumerGroups(workerGroups).describedGroups();

    Map<TopicPartition, Long> ends = offsets(get(endsResult, "reading end offsets"));
    Map<TopicPartition, Long> starts = offsets(get(startsResult, "reading start offsets"));
    Map<TopicPartition, Long> dlqStarts = new HashMap<>();
    byType.values().forEach(set -> partitionsOf.getOrDefault(set.dlq, List.of())
        .forEach(tp -> dlqStarts.put(tp, starts.getOrDefault(tp, 0L))));
    Map<TopicPartition, Long> letters = deadLetters.count(dlqStarts);
    Map<TopicPartition, OffsetAndMetadata> forwarded =
        committed(committedResult.partitionsToOffsetAndMetadata(forwarderGroup), forwarderGroup);
    Map<String, Load> out = new TreeMap<>();
    for (Map.Entry<String, TopicSet> e : byType.entrySet()) {
      String type = e.getKey();
      TopicSet s = e.getValue();
      String group = groups.get(type);
      List<TopicPartition> main = partitionsOf.getOrDefault(s.main, List.of());
      Map<TopicPartition, OffsetAndMetadata> committed = committed(committedResult.partitionsToOffsetAndMetadata(group), group);
      long lag = 0;
      long inFlight = 0;
      for (TopicPartition tp : main) {
        lag += behind(tp, ends, starts, committed);
        inFlight += inFlight(committed.get(tp));
      }
      Map<String, Long> retrying = new TreeMap<>(Comparator.comparing(RetryDelays::parse));
      s.retry.forEach((tier, topic) -> {
        long waiting = 0;
        for (TopicPartition tp : partitionsOf.getOrDefault(topic, List.of())) {
          waiting += behind(tp, ends, starts, forwarded);
        }
        retrying.put(tier, waiting);
      });
      String state = NO_GROUP;
      List<TypeStatus.Member> members = new ArrayList<>();
      ConsumerGroupDescription d = described(describedGroups.get(group), group);
      if (d != null) {
        state = d.groupState() == null ? "UNKNOWN" : d.groupState().name();
        for (MemberDescription m : d.members()) {
          members.add(new TypeStatus.Member(m.clientId(), m.host(), m.assignment().topicPartitions().size()));
        }
      }
      List<TopicPartition> dlq = partitionsOf.getOrDefault(s.dlq, List.of());
      out.put(type, new Load(type, main.size(), sum(main, ends),
          s.done == null ? -1 : sum(partitionsOf.get(s.done), ends),
          s.failed == null ? -1 : sum(partitionsOf.get(s.failed), ends),
          lag, Math.max(0, inFlight), group, state, List.copyOf(members), retrying, sum(dlq, letters)));
    }
    return out;
  }

  /**
   * The partitions of {@code topics}, describing only those not described before: the console
   * samples every few seconds and partition counts rarely change. All are described again when the
   * cluster's topic list ({@code names}) changed (a topic deleted and made again) or
   * {@link #DESCRIBE_REFRESH} passed (partitions added).
   */
  private synchronized Map<String, List<TopicPartition>> partitionsOf(Set<String> topics, Set<String> names) {
    long now = System.nanoTime();
    if (!names.equals(describedListing) || now - describedAt > DESCRIBE_REFRESH.toNanos()) {
      described.clear();
      describedListing = Set.copyOf(names);
      describedAt = now;
    }
    Set<String> unknown = new HashSet<>(topics);
    unknown.removeAll(described.keySet());
    if (!unknown.isEmpty()) {
      get(admin.describeTopics(unknown).allTopicNames(), "describing topics").forEach((topic, d) ->
          described.put(topic, partitions(d)));
    }
    Map<String, List<TopicPartition>> out = new HashMap<>();
    topics.forEach(t -> {
      List<TopicPartition> tps = described.get(t);
      if (tps != null) {
        out.put(t, tps);
      }
    });
    return out;
  }

  /** Records of {@code tp} past what {@code committed} says is done, never before the log start. */
  private static long behind(TopicPartition tp, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts,
      Map<TopicPartition, OffsetAndMetadata> committed) {
    long start = starts.getOrDefault(tp, 0L);
    OffsetAndMetadata c = committed.get(tp);
    return Math.max(0, ends.getOrDefault(tp, 0L) - Math.max(c == null ? start : c.offset(), start));
  }

  /** Records a worker took past its committed offset and has not finished, from the commit's marks. */
  private static long inFlight(OffsetAndMetadata c) {
    if (c == null || c.metadata() == null) {
      return 0;
    }
    OffsetMarks marks = OffsetMarks.decode(OffsetMarks.WORKER_TAG, c.offset(), c.metadata()).orElse(null);
    return marks == null || marks.count() == 0 ? 0 : (marks.end() - c.offset()) - marks.count();
  }

  private static List<TopicPartition> partitions(TopicDescription d) {
    return d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())).toList();
  }

  private static long sum(List<TopicPartition> tps, Map<TopicPartition, Long> offsets) {
    long total = 0;
    for (TopicPartition tp : tps == null ? List.<TopicPartition>of() : tps) {
      total += offsets.getOrDefault(tp, 0L);
    }
    return total;
  }

  private static Map<TopicPartition, Long> offsets(Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> infos) {
    Map<TopicPartition, Long> out = new HashMap<>();
    infos.forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /** A group's committed offsets; none when the group does not exist. */
  private Map<TopicPartition, OffsetAndMetadata> committed(KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> f,
      String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
      get(f, "reading the offsets of group " + group).forEach((tp, o) -> {
        if (o != null) {
          out.put(tp, o);
        }
      });
      return out;
    } catch (JobControlException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
  }

  private ConsumerGroupDescription described(KafkaFuture<ConsumerGroupDescription> f, String group) {
    try {
      return get(f, "describing group " + group);
    } catch (JobControlException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return null;
      }
      throw e;
    }
  }

  private <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobControlException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw new JobControlException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new JobControlException(what + " timed out after " + timeout.toMillis() + " ms", e);
    }
  }

  /** The topics of one type that exist. */
  private static final class TopicSet {
    final String main;
    String done;
    String failed;
    String dlq;
    final Map<String, String> retry = new TreeMap<>();

    TopicSet(String main) {
      this.main = main;
    }

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
}
