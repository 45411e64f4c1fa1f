package dev.jobpipe.dlq;

import dev.jobpipe.dlq.internal.KafkaCalls;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Moves a stopped consumer group's committed offsets on one topic back to a time or offset, the
 * alternative to copying records when the same group should simply process a range again. Refuses
 * while the group has live members: their next commit would overwrite the reset, and the broker
 * rejects offset changes of an active group anyway.
 */
public final class GroupOffsetReset {

  private final Admin admin;
  private final TopicLog log;
  private final Duration timeout;

  public GroupOffsetReset(Admin admin, TopicLog log, Duration timeout) {
    this.admin = admin;
    this.log = log;
    this.timeout = timeout;
  }

  /**
   * The reset of {@code group} on this topic to {@code to}, in every partition or just
   * {@code partition}. {@link DlqException} when the group does not exist or has live members.
   */
  public ResetPlan plan(String group, LogPosition to, Integer partition) {
    requireStopped(group);
    if (partition != null && !log.partitions().contains(partition)) {
      throw new DlqException(log.topic() + " has no partition " + partition + " (partitions: " + log.partitions() + ")");
    }
    Map<TopicPartition, OffsetAndMetadata> current = KafkaCalls.get(
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
        "read committed offsets of group " + group, timeout);
    Map<Integer, Long> committed = new HashMap<>();
    current.forEach((tp, om) -> {
      if (tp.topic().equals(log.topic()) && om != null) {
        committed.put(tp.partition(), om.offset());
      }
    });
    Map<Integer, Long> target = new TreeMap<>();
    log.resolve(to).forEach((p, offset) -> {
      if (partition == null || partition.equals(p)) {
        target.put(p, offset);
      }
    });
    return new ResetPlan(group, log.topic(), committed, target);
  }

  /** Commits {@code plan}'s offsets for the group, after checking again that it has no live members. */
  public void apply(ResetPlan plan) {
    requireStopped(plan.group());
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    plan.target().forEach((p, offset) -> offsets.put(new TopicPartition(plan.topic(), p), new OffsetAndMetadata(offset)));
    KafkaCalls.get(admin.alterConsumerGroupOffsets(plan.group(), offsets).all(),
        "reset offsets of group " + plan.group(), timeout);
  }

  private void requireStopped(String group) {
    ConsumerGroupDescription description;
    try {
      description = KafkaCalls.get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group),
          "describe consumer group " + group, timeout);
    } catch (DlqException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        throw new DlqException("consumer group " + group + " does not exist", e.getCause());
      }
      throw e;
    }
    if (description.groupState() == GroupState.DEAD) {
      throw new DlqException("consumer group " + group + " does not exist");
    }
    if (!description.members().isEmpty()) {
      throw new DlqException("consumer group " + group + " has " + description.members().size()
          + " live member(s) (state " + description.groupState() + "): stop its consumers before resetting offsets");
    }
  }
}
