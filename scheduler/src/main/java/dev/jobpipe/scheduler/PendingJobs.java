package dev.jobpipe.scheduler;

import dev.jobpipe.scheduler.internal.ScheduleProcessor;
import dev.jobpipe.scheduler.internal.ScheduledJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * What the schedulers of one application id hold pending, read from the changelog of their due-time
 * store ({@code <application.id>-scheduled-due-changelog}, Kafka Streams' naming) rather than from
 * the instances: the answer covers every instance, running or not, as of the last committed
 * transaction. A job written to {@code jobs.T.scheduled} moments ago may not be in it yet.
 */
public final class PendingJobs {

  private PendingJobs() {}

  /** The changelog topic of the due-time store of scheduler {@code applicationId}. */
  public static String changelogTopic(String applicationId) {
    return applicationId + "-" + ScheduleProcessor.DUE_STORE + "-changelog";
  }

  /**
   * The pending jobs of {@code type} due before {@code before} (all when null), earliest first.
   *
   * @throws IllegalStateException when no scheduler of that application id has run on the cluster
   */
  public static List<PendingJob> read(
      Map<String, Object> clientProperties, String applicationId, String type, Instant before, Duration timeout) {
    return store(clientProperties, applicationId, timeout).stream()
        .filter(j -> type == null || j.type().equals(type))
        .filter(j -> before == null || j.dueMillis() < before.toEpochMilli())
        .map(j -> new PendingJob(j.type(), j.jobId(), Instant.ofEpochMilli(j.dueMillis()),
            new String(j.key(), StandardCharsets.UTF_8)))
        .sorted(Comparator.comparing(PendingJob::due).thenComparing(PendingJob::jobId))
        .toList();
  }

  /**
   * How many jobs of each type are pending and when the next is due, by type name; a type with
   * nothing pending is absent. Reads the whole changelog, as {@link #read} does: a dashboard should
   * call it every few seconds at most.
   *
   * @throws IllegalStateException when no scheduler of that application id has run on the cluster
   */
  public static Map<String, PendingSummary> summary(
      Map<String, Object> clientProperties, String applicationId, Duration timeout) {
    Map<String, PendingSummary> out = new TreeMap<>();
    for (ScheduledJob j : store(clientProperties, applicationId, timeout)) {
      Instant due = Instant.ofEpochMilli(j.dueMillis());
      out.merge(j.type(), new PendingSummary(j.type(), 1, due),
          (a, b) -> new PendingSummary(a.type(), a.count() + 1, a.nextDue().isBefore(due) ? a.nextDue() : due));
    }
    return out;
  }

  /** The due-time store as of the last committed transaction, decoded. */
  private static List<ScheduledJob> store(Map<String, Object> clientProperties, String applicationId, Duration timeout) {
    Map<String, Object> props = TopicScan.consumerProperties(clientProperties);
    String topic = changelogTopic(applicationId);
    Map<Bytes, byte[]> store = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      if (consumer.partitionsFor(topic, timeout).isEmpty()) {
        throw new IllegalStateException("no scheduler with application id " + applicationId
            + " has run on this cluster (topic " + topic + " does not exist)");
      }
      for (ConsumerRecord<byte[], byte[]> r : TopicScan.readToEnd(consumer, topic, timeout)) {
        if (r.value() == null) {
          store.remove(Bytes.wrap(r.key()));
        } else {
          store.put(Bytes.wrap(r.key()), r.value());
        }
      }
    }
    return store.values().stream().map(ScheduledJob::decode).toList();
  }

  /** The pending job {@code jobId} of {@code type}, if the store holds it. */
  public static Optional<PendingJob> find(
      Map<String, Object> clientProperties, String applicationId, String type, String jobId, Duration timeout) {
    return read(clientProperties, applicationId, type, null, timeout).stream()
        .filter(j -> j.jobId().equals(jobId)).findFirst();
  }
}
