package dev.jobpipe.dlq;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a purge would delete: per partition, the offsets {@code [start, end)} below the purge point.
 * Shown to the operator before anything is deleted.
 */
public record PurgePlan(String topic, Map<Integer, OffsetRange> toDelete) {

  public PurgePlan {
    toDelete = Map.copyOf(toDelete);
  }

  /** Records (offsets) that would be deleted, over all partitions. */
  public long count() {
    return toDelete.values().stream().mapToLong(OffsetRange::size).sum();
  }

  public boolean isEmpty() {
    return count() == 0;
  }

  /** Partitions in ascending order. */
  public Map<Integer, OffsetRange> sorted() {
    return new TreeMap<>(toDelete);
  }
}
