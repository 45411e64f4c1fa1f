package dev.jobpipe.dlq;

import dev.jobpipe.dlq.internal.KafkaCalls;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * Deletes old dead letters with the Admin API's {@code deleteRecords}: every record below a point
 * (an offset, or the first record at or after a time) in each partition. Deletion moves the log
 * start offset, which is exactly what retention would do later; it cannot be undone, so commands
 * show the {@link PurgePlan} and ask first.
 */
public final class DlqPurger {

  private final Admin admin;
  private final TopicLog log;
  private final Duration timeout;

  public DlqPurger(Admin admin, TopicLog log, Duration timeout) {
    this.admin = admin;
    this.log = log;
    this.timeout = timeout;
  }

  /** What deleting every record before {@code before} would remove, in every partition or just {@code partition}. */
  public PurgePlan plan(LogPosition before, Integer partition) {
    if (partition != null && !log.partitions().contains(partition)) {
      throw new DlqException(log.topic() + " has no partition " + partition + " (partitions: " + log.partitions() + ")");
    }
    Map<Integer, OffsetRange> ranges = log.offsets();
    Map<Integer, Long> points = log.resolve(before);
    Map<Integer, OffsetRange> out = new TreeMap<>();
    ranges.forEach((p, range) -> {
      if (partition == null || partition.equals(p)) {
        long point = points.get(p);
        if (point > range.start()) {
          out.put(p, new OffsetRange(range.start(), point));
        }
      }
    });
    return new PurgePlan(log.topic(), out);
  }

  /** Deletes what {@code plan} lists. Returns the number of offsets deleted. */
  public long purge(PurgePlan plan) {
    if (plan.isEmpty()) {
      return 0;
    }
    Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
    plan.toDelete().forEach((p, range) ->
        request.put(new TopicPartition(plan.topic(), p), RecordsToDelete.beforeOffset(range.end())));
    KafkaCalls.get(admin.deleteRecords(request).all(), "delete records of " + plan.topic(), timeout);
    return plan.count();
  }
}
