package dev.jobpipe.dlq;

import java.util.Map;
import java.util.TreeMap;

/**
 * A range of one topic to replay: per partition, the offsets {@code [start, end)}. Fixed when
 * planned, so replaying a topic into itself never re-reads what the replay appends.
 */
public record TopicRange(String topic, Map<Integer, OffsetRange> partitions) {

  public TopicRange {
    partitions = Map.copyOf(partitions);
  }

  /** Offsets in the range, over all partitions. */
  public long size() {
    return partitions.values().stream().mapToLong(OffsetRange::size).sum();
  }

  /** Partitions in ascending order. */
  public Map<Integer, OffsetRange> sorted() {
    return new TreeMap<>(partitions);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(topic);
    sorted().forEach((p, r) -> b.append(" [").append(p).append(": ").append(r.start()).append("..").append(r.end()).append(')'));
    return b.toString();
  }
}
