package dev.jobpipe.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A read-only view of one topic that never joins a consumer group: partitions, their offset
 * ranges, and records read by assigning a partition and seeking. The inspector reads everything
 * through this, so inspecting a DLQ moves no committed offset; tests substitute an in-memory log.
 *
 * <p>Errors: {@link DlqException} when the topic does not exist or the broker does not answer
 * within the configured timeout.
 */
public interface TopicLog {

  /** The topic's name. */
  String topic();

  /** Whether the topic exists; {@link DlqException} only when the broker cannot be asked. */
  boolean exists();

  /** Partition numbers in ascending order; {@link DlqException} when the topic does not exist. */
  List<Integer> partitions();

  /** Per partition, the offsets currently held (log start to end). */
  Map<Integer, OffsetRange> offsets();

  /**
   * Records of {@code partition} with offsets in {@code [from, to)}, in offset order. Offsets the
   * log no longer holds (deleted, compacted, transaction markers) are simply absent.
   */
  List<ConsumerRecord<byte[], byte[]>> read(int partition, long from, long to);

  /**
   * Per partition, the first offset whose record timestamp is at or after {@code time}; the end
   * offset when every record is older.
   */
  Map<Integer, Long> offsetsForTime(Instant time);

  /** Resolves a position to an offset per partition, clamped to each partition's range. */
  default Map<Integer, Long> resolve(LogPosition position) {
    Map<Integer, OffsetRange> ranges = offsets();
    Map<Integer, Long> byTime = position instanceof LogPosition.Time t ? offsetsForTime(t.time()) : Map.of();
    Map<Integer, Long> out = new java.util.TreeMap<>();
    ranges.forEach((p, range) -> {
      long raw = switch (position) {
        case LogPosition.Offset o -> o.offset();
        case LogPosition.Time t -> byTime.getOrDefault(p, range.end());
      };
      out.put(p, Math.max(range.start(), Math.min(range.end(), raw)));
    });
    return out;
  }
}
