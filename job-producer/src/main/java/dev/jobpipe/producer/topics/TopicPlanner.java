package dev.jobpipe.producer.topics;

import dev.jobpipe.producer.internal.AdminCalls;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Brings the topics of job types to their {@link TopicLayout}, idempotently: {@link #plan} compares
 * the desired {@link TopicSpec}s with the cluster, {@link #apply} carries the plan out with the admin
 * API (create missing topics, grow partitions, {@code incrementalAlterConfigs} for managed configs
 * that differ). Configs jobpipe does not manage are left alone, as are retry topics no longer in
 * the tier list (a note says so). A request to shrink partitions refuses the whole plan.
 */
public final class TopicPlanner {

  private static final Duration METADATA_POLL = Duration.ofMillis(100);

  private final Admin admin;
  private final Duration timeout;

  /** @param timeout bound of each admin round-trip */
  public TopicPlanner(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** The plan for {@code layouts} against the cluster as it is now; changes nothing. */
  public TopicPlan plan(List<TopicLayout> layouts) {
    Set<String> types = new HashSet<>();
    for (TopicLayout layout : layouts) {
      if (!types.add(layout.type())) {
        throw new IllegalArgumentException("job type " + layout.type() + " is listed twice");
      }
    }
    int ms = timeoutMs();
    Set<String> names = AdminCalls.await(
        admin.listTopics(new ListTopicsOptions().timeoutMs(ms).listInternal(false)).names(), timeout, "listing topics");
    int brokers = AdminCalls.await(
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes(), timeout, "describing the cluster").size();

    Set<String> wanted = new TreeSet<>();
    for (TopicLayout layout : layouts) {
      for (TopicSpec spec : TopicSpec.desired(layout.type(), 1, 1, layout.tiers())) {
        if (names.contains(spec.name())) {
          wanted.add(spec.name());
        }
      }
    }
    return diff(layouts, brokers, describe(wanted), names);
  }

  /**
   * Carries out {@code plan}; returns it. Throws {@link TopicPlanRefusedException} without changing
   * anything when the plan has refusals. Returns once every change is visible in the brokers'
   * metadata (created topics have leaders, partitions and configs read back as planned), so a
   * publisher can use the topics right away and planning again reports no changes.
   */
  public TopicPlan apply(TopicPlan plan) {
    if (plan.refused()) {
      throw new TopicPlanRefusedException(plan.refusals());
    }
    List<NewTopic> creates = new ArrayList<>();
    Map<String, NewPartitions> grows = new LinkedHashMap<>();
    Map<ConfigResource, Collection<AlterConfigOp>> alters = new LinkedHashMap<>();
    for (TopicChange change : plan.changes()) {
      switch (change) {
        case TopicChange.Create c -> creates.add(
            new NewTopic(c.spec().name(), c.spec().partitions(), (short) c.spec().replicationFactor())
                .configs(c.spec().configs()));
        case TopicChange.AddPartitions g -> grows.put(g.topic(), NewPartitions.increaseTo(g.to()));
        case TopicChange.AlterConfigs a -> alters.put(
            new ConfigResource(ConfigResource.Type.TOPIC, a.topic()),
            a.desired().entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList());
      }
    }
    int ms = timeoutMs();
    List<KafkaFuture<Void>> pending = new ArrayList<>();
    if (!creates.isEmpty()) {
      pending.add(admin.createTopics(creates, new CreateTopicsOptions().timeoutMs(ms)).all());
    }
    if (!grows.isEmpty()) {
      pending.add(admin.createPartitions(grows, new CreatePartitionsOptions().timeoutMs(ms)).all());
    }
    if (!alters.isEmpty()) {
      pending.add(admin.incrementalAlterConfigs(alters, new AlterConfigsOptions().timeoutMs(ms)).all());
    }
    for (KafkaFuture<Void> future : pending) {
      try {
        AdminCalls.await(future, timeout, "applying the topic plan");
      } catch (KafkaException e) {
        throw new KafkaException("applying the topic plan failed (changes before the failure stay applied;"
            + " running it again completes it): " + e.getMessage(), e);
      }
    }
    if (!plan.isEmpty()) {
      awaitVisible(plan);
    }
    return plan;
  }

  /** Compares desired with existing topics. Pure, for tests. */
  static TopicPlan diff(
      List<TopicLayout> layouts, int brokers, Map<String, ExistingTopic> existing, Set<String> allTopics) {
    List<TopicChange> changes = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (TopicLayout layout : layouts) {
      int replication = layout.replicationFactor().orElse(TopicSpec.defaultReplicationFactor(brokers));
      int partitions = layout.partitions().orElse(TopicLayout.DEFAULT_PARTITIONS);
      List<TopicSpec> specs = TopicSpec.desired(layout.type(), partitions, replication, layout.tiers(),
          mainMaxMessageBytes(existing.get(JobTopics.of(layout.type()).main())));
      boolean creating = false;
      for (TopicSpec spec : specs) {
        ExistingTopic current = existing.get(spec.name());
        if (current == null) {
          changes.add(new TopicChange.Create(spec));
          creating = true;
          continue;
        }
        if (layout.partitions().isPresent() && spec.role().typePartitions()) {
          if (partitions < current.partitions()) {
            refusals.add("refusing to shrink " + spec.name() + " from " + current.partitions() + " to " + partitions
                + " partitions: Kafka cannot remove partitions (ask for " + current.partitions()
                + " or more, or delete and recreate the topic)");
          } else if (partitions > current.partitions()) {
            changes.add(new TopicChange.AddPartitions(spec.name(), current.partitions(), partitions));
          }
        }
        if (layout.replicationFactor().isPresent() && replication != current.replicationFactor()) {
          notes.add(spec.name() + " has replication factor " + current.replicationFactor() + ", not " + replication
              + "; changing it needs a partition reassignment (kafka-reassign-partitions)");
        }
        TopicSpec effective = spec.withReplicationFactor(current.replicationFactor());
        Map<String, String> before = new HashMap<>();
        Map<String, String> after = new HashMap<>();
        effective.configs().forEach((key, value) -> {
          String actual = current.configs().get(key);
          if (!value.equals(actual)) {
            before.put(key, actual == null ? "(unset)" : actual);
            after.put(key, value);
          }
        });
        if (!after.isEmpty()) {
          changes.add(new TopicChange.AlterConfigs(spec.name(), before, after));
        }
      }
      if (creating && replication > brokers) {
        refusals.add("replication factor " + replication + " for " + layout.type() + " needs at least " + replication
            + " brokers, the cluster has " + brokers);
      }
      Set<String> desiredNames = new HashSet<>();
      specs.forEach(s -> desiredNames.add(s.name()));
      for (String topic : new TreeSet<>(allTopics)) {
        Matcher m = JobTopics.RETRY_TOPICS.matcher(topic);
        if (m.matches() && m.group(1).equals(layout.type()) && !desiredNames.contains(topic)) {
          notes.add(topic + " is not a retry tier of " + layout.type() + " any more; left as is (delete it once drained)");
        }
      }
    }
    return new TopicPlan(changes, refusals, notes);
  }

  /** The main topic's {@code max.message.bytes}: what its handoff topics must exceed. */
  private static int mainMaxMessageBytes(ExistingTopic main) {
    String value = main == null ? null : main.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    try {
      return value == null ? TopicSpec.DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return TopicSpec.DEFAULT_MAX_MESSAGE_BYTES;
    }
  }

  private Map<String, ExistingTopic> describe(Set<String> names) {
    if (names.isEmpty()) {
      return Map.of();
    }
    int ms = timeoutMs();
    Map<String, TopicDescription> descriptions = AdminCalls.await(
        admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(ms)).allTopicNames(), timeout, "describing topics");
    List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = AdminCalls.await(
        admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(ms)).all(), timeout, "describing topic configs");
    Map<String, ExistingTopic> existing = new HashMap<>();
    for (TopicDescription d : descriptions.values()) {
      Map<String, String> values = new HashMap<>();
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name()));
      if (config != null) {
        for (ConfigEntry entry : config.entries()) {
          if (entry.value() != null) {
            values.put(entry.name(), entry.value());
          }
        }
      }
      int replication = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
      existing.put(d.name(), new ExistingTopic(d.name(), d.partitions().size(), replication, values));
    }
    return existing;
  }

  private void awaitVisible(TopicPlan plan) {
    Set<String> topics = new TreeSet<>();
    plan.changes().forEach(change -> topics.add(change.topic()));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (visible(plan, topics)) {
          return;
        }
      } catch (UnknownTopicOrPartitionException e) {
        // a created topic has not reached the broker's metadata yet
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the changes to " + topics + " were accepted but are not visible after "
            + timeout.toMillis() + " ms");
      }
      try {
        Thread.sleep(METADATA_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    }
  }

  private boolean visible(TopicPlan plan, Set<String> topics) {
    Map<String, TopicDescription> descriptions = AdminCalls.await(
        admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(timeoutMs())).allTopicNames(),
        timeout, "describing changed topics");
    boolean leaders = descriptions.values().stream()
        .flatMap(d -> d.partitions().stream())
        .map(TopicPartitionInfo::leader)
        .allMatch(leader -> leader != null && !leader.isEmpty());
    if (!leaders) {
      return false;
    }
    Map<String, ExistingTopic> existing = describe(topics);
    for (TopicChange change : plan.changes()) {
      ExistingTopic topic = existing.get(change.topic());
      boolean done = topic != null && switch (change) {
        case TopicChange.Create c -> topic.partitions() == c.spec().partitions();
        case TopicChange.AddPartitions g -> topic.partitions() >= g.to();
        case TopicChange.AlterConfigs a -> a.desired().entrySet().stream()
            .allMatch(e -> e.getValue().equals(topic.configs().get(e.getKey())));
      };
      if (!done) {
        return false;
      }
    }
    return true;
  }

  private int timeoutMs() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
