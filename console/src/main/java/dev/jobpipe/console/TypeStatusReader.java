package dev.jobpipe.console;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.schemas.offsets.OffsetMarks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** Reads a {@link TypeStatus} with the admin client: topic offsets, group offsets and members. */
final class TypeStatusReader {

  private final Admin admin;
  private final Duration timeout;
  private final String forwarderGroup;

  TypeStatusReader(Admin admin, Duration timeout, String forwarderGroup) {
    this.admin = admin;
    this.timeout = timeout;
    this.forwarderGroup = forwarderGroup;
  }

  Set<String> topics() {
    return get(admin.listTopics().names(), "listing topics");
  }

  /** The job types of the cluster: every main topic. */
  Set<String> types() {
    Set<String> types = new TreeSet<>();
    for (String topic : topics()) {
      JobTopics.typeOfMain(topic).ifPresent(types::add);
    }
    return types;
  }

  TypeStatus read(String type, String group, ControlState control) {
    JobTopics topics = JobTopics.of(type);
    String workers = group != null ? group : topics.workerGroup();
    Set<String> all = topics();
    if (!all.contains(topics.main())) {
      throw new JobControlException("topic " + topics.main() + " does not exist: create it with 'jobpipe topics apply --type "
          + type + "'");
    }
    List<TopicPartition> main = partitions(topics.main());
    Map<TopicPartition, Long> ends = offsets(main, OffsetSpec.latest());
    Map<TopicPartition, OffsetAndMetadata> committed = committed(workers);
    long lag = 0;
    long inFlight = 0;
    for (TopicPartition tp : main) {
      OffsetAndMetadata c = committed.get(tp);
      long from = c == null ? 0 : c.offset();
      lag += Math.max(0, ends.get(tp) - from);
      if (c != null && c.metadata() != null) {
        OffsetMarks marks = OffsetMarks.decode(OffsetMarks.WORKER_TAG, c.offset(), c.metadata()).orElse(null);
        if (marks != null && marks.count() > 0) {
          inFlight += (marks.end() - c.offset()) - marks.count();
        }
      }
    }
    if (committed.isEmpty()) {
      Map<TopicPartition, Long> starts = offsets(main, OffsetSpec.earliest());
      lag = main.stream().mapToLong(tp -> ends.get(tp) - starts.get(tp)).sum();
    }
    String groupState = "UNKNOWN";
    List<TypeStatus.Member> members = new ArrayList<>();
    ConsumerGroupDescription d = describe(workers);
    if (d != null) {
      groupState = d.groupState().toString();
      for (MemberDescription m : d.members()) {
        members.add(new TypeStatus.Member(m.clientId(), m.host(), m.assignment().topicPartitions().size()));
      }
    }
    Map<String, Long> retrying = new TreeMap<>((a, b) -> Long.compare(RetryDelays.parse(a).toMillis(),
        RetryDelays.parse(b).toMillis()));
    Map<TopicPartition, OffsetAndMetadata> forwarded = committed(forwarderGroup);
    for (String topic : all) {
      if (JobTopics.typeOfRetry(topic).filter(type::equals).isEmpty()) {
        continue;
      }
      List<TopicPartition> tier = partitions(topic);
      Map<TopicPartition, Long> tierEnds = offsets(tier, OffsetSpec.latest());
      Map<TopicPartition, Long> tierStarts = offsets(tier, OffsetSpec.earliest());
      long waiting = 0;
      for (TopicPartition tp : tier) {
        OffsetAndMetadata f = forwarded.get(tp);
        waiting += Math.max(0, tierEnds.get(tp) - (f == null ? tierStarts.get(tp) : f.offset()));
      }
      retrying.put(topic.substring(topics.retryPrefix().length()), waiting);
    }
    long deadLetters = 0;
    if (all.contains(topics.dlq())) {
      List<TopicPartition> dlq = partitions(topics.dlq());
      Map<TopicPartition, Long> dlqEnds = offsets(dlq, OffsetSpec.latest());
      Map<TopicPartition, Long> dlqStarts = offsets(dlq, OffsetSpec.earliest());
      deadLetters = dlq.stream().mapToLong(tp -> dlqEnds.get(tp) - dlqStarts.get(tp)).sum();
    }
    return new TypeStatus(type, control, main.size(), workers, groupState, List.copyOf(members), lag,
        Math.max(0, inFlight), retrying, deadLetters);
  }

  private List<TopicPartition> partitions(String topic) {
    TopicDescription d = get(admin.describeTopics(List.of(topic)).allTopicNames(), "describing " + topic).get(topic);
    return d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        get(admin.listOffsets(request).all(), "reading offsets");
    Map<TopicPartition, Long> offsets = new HashMap<>();
    result.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "reading group " + group);
      Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
      offsets.forEach((tp, o) -> {
        if (o != null) {
          present.put(tp, o);
        }
      });
      return present;
    } catch (JobControlException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
  }

  private ConsumerGroupDescription describe(String group) {
    try {
      return get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group), "describing group " + group);
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
}
