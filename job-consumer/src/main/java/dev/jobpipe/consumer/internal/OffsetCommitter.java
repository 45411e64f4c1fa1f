package dev.jobpipe.consumer.internal;

import dev.jobpipe.schemas.offsets.OffsetMarks;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetMetadataTooLarge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the done prefix of each partition, with the records already done above it as
 * {@link OffsetMarks} metadata, batched: asynchronously once {@code commit.interval.ms} has passed
 * or {@code commit.max.records} records finished since the last commit, synchronously when
 * partitions are revoked or the worker stops. Only ever commits an offset its partition state
 * computed from finished entries, so it can never run ahead of the work.
 *
 * <p>Every interval it commits each partition whose point differs from what it last sent, so a
 * commit that failed (a broker outage, a fenced member) is sent again even when no further record
 * finishes. On assignment, {@link #restore} reads what the previous owner committed.
 *
 * <p>Metadata fallback: marks that do not fit in {@code commit.metadata.max.bytes} characters are
 * cut to the longest prefix of the window that fits (the records above it run again after a
 * restart); a broker that still refuses the metadata as too large halves the limit, down to
 * committing bare offsets. Unreadable metadata on assignment is logged and ignored: the records
 * above the committed offset then all run again, as without metadata.
 *
 * <p>Poll thread only (commit callbacks run inside poll, on that thread).
 */
final class OffsetCommitter {

  /** Tag of the worker's done-marks in commit metadata: {@code jpd:<base64url>}. */
  static final String METADATA_TAG = OffsetMarks.WORKER_TAG;
  /** A sent commit unanswered this long counts as failed, so a lost callback cannot wedge a partition. */
  private static final long UNANSWERED_MILLIS = 30_000;
  /** Bound of the committed-offset lookup on assignment; on timeout the partition starts without marks. */
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Clock clock;
  private final long intervalMillis;
  private final int maxRecords;
  private final Map<TopicPartition, PartitionState> partitions;
  private final WorkerMetrics metrics;
  private int metadataMaxChars;
  private long lastCommitMillis;
  private int finishedSinceCommit;

  OffsetCommitter(Consumer<byte[], byte[]> consumer, Clock clock, Duration interval, int maxRecords,
      int metadataMaxChars, Map<TopicPartition, PartitionState> partitions, WorkerMetrics metrics) {
    this.consumer = consumer;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
    this.maxRecords = maxRecords;
    this.metadataMaxChars = metadataMaxChars;
    this.partitions = partitions;
    this.metrics = metrics;
    this.lastCommitMillis = clock.millis();
  }

  /**
   * Takes over what the previous owners of freshly assigned {@code states} committed: the offset
   * and the records marked done above it. A lookup that fails leaves them as they were: everything
   * from the committed offset on runs.
   */
  void restore(Collection<PartitionState> states) {
    if (states.isEmpty()) {
      return;
    }
    Set<TopicPartition> tps = states.stream().map(s -> s.topicPartition).collect(Collectors.toSet());
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(tps, RESTORE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("could not read the committed offsets of {} ({}); records the previous owner finished above them "
          + "run again", tps, e.toString());
      return;
    }
    int marked = 0;
    for (PartitionState state : states) {
      OffsetAndMetadata offset = committed.get(state.topicPartition);
      if (offset == null) {
        continue;
      }
      OffsetMarks marks = null;
      try {
        marks = OffsetMarks.decode(METADATA_TAG, offset.offset(), offset.metadata()).orElse(null);
      } catch (IllegalArgumentException e) {
        metrics.unreadableCommitMetadata();
        log.warn("commit metadata of {} at offset {} is unreadable ({}); the records above it that were already "
            + "done run again", state.topicPartition, offset.offset(), e.getMessage());
      }
      state.restore(offset, marks);
      marked += marks == null ? 0 : marks.count();
    }
    if (marked > 0) {
      log.info("{} records above the committed offsets of {} are already done; they are skipped", marked, tps);
    }
  }

  /** Advances every partition's prefix and commits asynchronously when a batch is due. */
  void maybeCommit() {
    boolean caughtUp = false;
    for (PartitionState state : partitions.values()) {
      finishedSinceCommit += state.advance();
      caughtUp |= catchUp(state);
    }
    long now = clock.millis();
    if (!caughtUp && finishedSinceCommit < maxRecords && now - lastCommitMillis < intervalMillis) {
      return;
    }
    lastCommitMillis = now;
    finishedSinceCommit = 0;
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionState state : partitions.values()) {
      long since = state.sentUnconfirmedSince();
      if (since >= 0 && now - since >= UNANSWERED_MILLIS) {
        log.warn("commit of {} unanswered after {} ms; sending it again", state.topicPartition, now - since);
        state.commitFailed();
      }
      OffsetAndMetadata point = state.commitPoint(metadataMaxChars);
      if (state.changedSinceSent(point)) {
        offsets.put(state.topicPartition, point);
        state.commitSent(point, now);
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitAsync(offsets, (ignored, error) -> {
      // the consumer-protocol client passes null offsets to a failed commit's callback: use ours
      if (error == null) {
        offsets.forEach((tp, offset) -> {
          PartitionState state = partitions.get(tp);
          if (state != null) {
            state.commitConfirmed(offset);
          }
        });
        return;
      }
      metadataRefused(error);
      // a retriable failure wraps what the broker or the client said: name both
      log.warn("async commit of {} failed: {}{}; the next commit carries these offsets again", offsets.keySet(),
          error, error.getCause() != null ? " (cause: " + error.getCause() + ")" : "");
      offsets.keySet().forEach(tp -> {
        PartitionState state = partitions.get(tp);
        if (state != null) {
          state.commitFailed();
        }
      });
    });
  }

  /** How long the poll loop may wait before a commit is due. */
  long millisUntilDue() {
    return Math.max(0, intervalMillis - (clock.millis() - lastCommitMillis));
  }

  /**
   * Commits the done prefix of {@code states} synchronously; used before partitions are given up.
   * Returns false (and logs) when the commit failed: the records past the last commit run again on
   * the next owner, which is at-least-once, never loss.
   */
  boolean commitSync(Collection<PartitionState> states) {
    for (PartitionState state : states) {
      finishedSinceCommit += state.advance();
      catchUp(state);
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionState state : states) {
      OffsetAndMetadata point = state.commitPoint(metadataMaxChars);
      if (state.changedSinceConfirmed(point)) {
        offsets.put(state.topicPartition, point);
      }
    }
    if (offsets.isEmpty()) {
      return true;
    }
    try {
      try {
        consumer.commitSync(offsets);
      } catch (OffsetMetadataTooLarge e) {
        metadataRefused(e);
        offsets.replaceAll((tp, point) -> new OffsetAndMetadata(point.offset()));
        consumer.commitSync(offsets);
      }
      long now = clock.millis();
      offsets.forEach((tp, offset) -> {
        PartitionState state = partitions.get(tp);
        if (state != null) {
          state.commitSent(offset, now);
          state.commitConfirmed(offset);
        }
      });
      log.debug("committed {}", offsets);
      return true;
    } catch (RuntimeException e) {
      log.warn("commit of {} failed: {}; records after the last commit will run again", offsets, e.toString());
      return false;
    }
  }

  /** A broker refused the metadata as too large: halve the limit, down to bare offsets. */
  private void metadataRefused(Throwable error) {
    if (error instanceof OffsetMetadataTooLarge && metadataMaxChars > 0) {
      metadataMaxChars = metadataMaxChars < 64 ? 0 : metadataMaxChars / 2;
      log.warn("the broker refused commit metadata as too large ({}); committing at most {} characters of it from "
          + "now on: lower commit.metadata.max.bytes to the broker's offset.metadata.max.bytes", error.getMessage(),
          metadataMaxChars);
    }
  }

  /** Moves an idle partition's prefix over offsets without records, up to the consumer's position. */
  private boolean catchUp(PartitionState state) {
    if (!state.idleAfterWork()) {
      return false;
    }
    try {
      return state.caughtUpTo(consumer.position(state.topicPartition, Duration.ZERO));
    } catch (RuntimeException e) {
      // no position known right now: the prefix stays where the last record put it
      return false;
    }
  }
}
