package dev.jobpipe.consumer.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the done prefix of each partition, batched: asynchronously once
 * {@code commit.interval.ms} has passed or {@code commit.max.records} records finished since the
 * last commit, synchronously when partitions are revoked or the worker stops. Only ever commits an
 * offset its partition state computed from finished entries, so it can never run ahead of the work.
 * Poll thread only (commit callbacks run inside poll, on that thread).
 */
final class OffsetCommitter {

  private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Clock clock;
  private final long intervalMillis;
  private final int maxRecords;
  private final Map<TopicPartition, PartitionState> partitions;
  private long lastCommitMillis;
  private int finishedSinceCommit;

  OffsetCommitter(Consumer<byte[], byte[]> consumer, Clock clock, Duration interval, int maxRecords,
      Map<TopicPartition, PartitionState> partitions) {
    this.consumer = consumer;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
    this.maxRecords = maxRecords;
    this.partitions = partitions;
    this.lastCommitMillis = clock.millis();
  }

  /** Advances every partition's prefix and commits asynchronously when a batch is due. */
  void maybeCommit() {
    boolean caughtUp = false;
    for (PartitionState state : partitions.values()) {
      finishedSinceCommit += state.advance();
      caughtUp |= catchUp(state);
    }
    if (finishedSinceCommit == 0 && !caughtUp) {
      return;
    }
    long now = clock.millis();
    if (finishedSinceCommit < maxRecords && now - lastCommitMillis < intervalMillis) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = candidates(partitions.values());
    lastCommitMillis = now;
    finishedSinceCommit = 0;
    if (offsets.isEmpty()) {
      return;
    }
    offsets.forEach((tp, offset) -> partitions.get(tp).commitSent(offset.offset()));
    consumer.commitAsync(offsets, (committed, error) -> {
      if (error == null) {
        committed.forEach((tp, offset) -> {
          PartitionState state = partitions.get(tp);
          if (state != null) {
            state.commitConfirmed(offset.offset());
          }
        });
      } else {
        // the consumer-protocol client passes null offsets to a failed commit's callback: use ours
        log.warn("async commit of {} failed: {}; the next commit carries these offsets again", offsets, error.toString());
        offsets.keySet().forEach(tp -> {
          PartitionState state = partitions.get(tp);
          if (state != null) {
            state.commitFailed();
          }
        });
      }
    });
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
      long next = state.doneNext();
      if (next >= 0 && next > state.confirmedNext()) {
        offsets.put(state.topicPartition, new OffsetAndMetadata(next));
      }
    }
    if (offsets.isEmpty()) {
      return true;
    }
    try {
      consumer.commitSync(offsets);
      offsets.forEach((tp, offset) -> {
        PartitionState state = partitions.get(tp);
        if (state != null) {
          state.commitSent(offset.offset());
          state.commitConfirmed(offset.offset());
        }
      });
      log.debug("committed {}", offsets);
      return true;
    } catch (RuntimeException e) {
      log.warn("commit of {} failed: {}; records after the last commit will run again", offsets, e.toString());
      return false;
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

  private static Map<TopicPartition, OffsetAndMetadata> candidates(Collection<PartitionState> states) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionState state : states) {
      long next = state.commitCandidate();
      if (next >= 0) {
        offsets.put(state.topicPartition, new OffsetAndMetadata(next));
      }
    }
    return offsets;
  }
}
