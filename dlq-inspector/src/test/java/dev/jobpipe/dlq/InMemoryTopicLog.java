package dev.jobpipe.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A {@link TopicLog} over records held in memory; counts reads so tests can see how much was read. */
public final class InMemoryTopicLog implements TopicLog {

  private final String topic;
  private final boolean exists;
  private final Map<Integer, List<ConsumerRecord<byte[], byte[]>>> records = new TreeMap<>();
  private final Map<Integer, Long> starts = new TreeMap<>();
  private final Map<Integer, Long> ends = new TreeMap<>();
  public int reads;
  public long recordsRead;

  public InMemoryTopicLog(String topic, int partitions) {
    this.topic = topic;
    this.exists = partitions > 0;
    for (int p = 0; p < partitions; p++) {
      records.put(p, new ArrayList<>());
      starts.put(p, 0L);
      ends.put(p, 0L);
    }
  }

  /** Appends {@code r} (its offset must be at or beyond the partition's end). */
  public InMemoryTopicLog add(ConsumerRecord<byte[], byte[]> r) {
    records.get(r.partition()).add(r);
    ends.put(r.partition(), Math.max(ends.get(r.partition()), r.offset() + 1));
    return this;
  }

  /** Moves the log start of {@code partition}, as deleteRecords would. */
  public InMemoryTopicLog deleteBefore(int partition, long offset) {
    starts.put(partition, offset);
    records.get(partition).removeIf(r -> r.offset() < offset);
    return this;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public boolean exists() {
    return exists;
  }

  @Override
  public List<Integer> partitions() {
    if (!exists) {
      throw new DlqException("topic " + topic + " does not exist");
    }
    return List.copyOf(records.keySet());
  }

  @Override
  public Map<Integer, OffsetRange> offsets() {
    partitions();
    Map<Integer, OffsetRange> out = new TreeMap<>();
    records.keySet().forEach(p -> out.put(p, new OffsetRange(starts.get(p), ends.get(p))));
    return out;
  }

  @Override
  public List<ConsumerRecord<byte[], byte[]>> read(int partition, long from, long to) {
    reads++;
    List<ConsumerRecord<byte[], byte[]>> out = records.get(partition).stream()
        .filter(r -> r.offset() >= from && r.offset() < to).toList();
    recordsRead += out.size();
    return out;
  }

  @Override
  public Map<Integer, Long> offsetsForTime(Instant time) {
    Map<Integer, Long> out = new TreeMap<>();
    records.forEach((p, list) -> out.put(p, list.stream()
        .filter(r -> r.timestamp() >= time.toEpochMilli())
        .mapToLong(ConsumerRecord::offset).findFirst().orElse(ends.get(p))));
    return out;
  }
}
