package dev.jobpipe.dlq.internal;

import dev.jobpipe.schemas.JobIds;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.DlqException;
import dev.jobpipe.dlq.OffsetRange;
import dev.jobpipe.dlq.ReplayLog;
import dev.jobpipe.dlq.TopicLog;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;

/** {@link ReplayLog} on its compacted topic: read with a {@link TopicLog}, created with the Admin API. */
public final class KafkaReplayLog implements ReplayLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TopicLog log;
  private final Admin admin;
  private final Duration timeout;

  public KafkaReplayLog(TopicLog log, Admin admin, Duration timeout) {
    this.log = log;
    this.admin = admin;
    this.timeout = timeout;
  }

  @Override
  public String topic() {
    return log.topic();
  }

  @Override
  public Set<String> replayed() {
    Set<String> out = new HashSet<>();
    if (!log.exists()) {
      return out;
    }
    for (Map.Entry<Integer, OffsetRange> e : log.offsets().entrySet()) {
      OffsetRange range = e.getValue();
      List<ConsumerRecord<byte[], byte[]>> records = log.read(e.getKey(), range.start(), range.end());
      for (ConsumerRecord<byte[], byte[]> r : records) {
        if (r.key() == null) {
          continue;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
          out.remove(key);
        } else {
          out.add(key);
        }
      }
    }
    return out;
  }

  @Override
  public void ensureExists() {
    if (log.exists()) {
      return;
    }
    try {
      int brokers = admin.describeCluster().nodes().get().size();
      TopicSpec spec = TopicSpec.dlqReplayed(JobTopics.typeOfDlqReplayed(log.topic()).orElseThrow(
          () -> new DlqException("not a replay log topic: " + log.topic())), TopicSpec.defaultReplicationFactor(brokers));
      NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) spec.replicationFactor())
          .configs(spec.configs());
      admin.createTopics(List.of(topic)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw KafkaCalls.translate(e.getCause(), "create replay log topic " + log.topic(), timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DlqException("create replay log topic " + log.topic() + ": interrupted", e);
    }
  }

  /** The entry recording that {@code letter} was replayed as {@code target} at {@code at}. */
  public static ProducerRecord<byte[], byte[]> entry(String topic, DeadLetter letter, RecordMetadata target, Instant at) {
    ObjectNode value = JSON.createObjectNode()
        .put("jobId", letter.jobId())
        .put("dlq", letter.topic() + "-" + letter.position())
        .put("replayedTo", JobIds.derived(target.topic(), target.partition(), target.offset()))
        .put("replayedAt", at.toString());
    return new ProducerRecord<>(topic, null, letter.position().getBytes(StandardCharsets.UTF_8),
        value.toString().getBytes(StandardCharsets.UTF_8));
  }
}
