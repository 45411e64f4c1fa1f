package dev.jobpipe.router.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one tier partition that a forwarder has read but not yet forwarded, ordered by
 * due time. Jitter makes due times non-monotonic within a partition, so records are released in
 * due order, not offset order; the commit point is the oldest pending offset, and the pending
 * offsets above it travel as {@link WindowMetadata}. Not thread-safe: owned by the poll thread.
 *
 * <p>Invariants: every offset below {@link #base()} is done (forwarded, skipped, or not a record);
 * every offset in {@code [base, end)} is done or in {@code pending}.
 */
final class PartitionWindow {

  /** A record waiting for its due time (epoch millis). */
  record Held(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, long due) {
    long offset() {
      return record.offset();
    }
  }

  /** What happened to an offered record. */
  enum Offer {
    /** Held until due (or due now). */
    TAKEN,
    /** Already seen, or already forwarded before the last restart: nothing to do. */
    SKIPPED,
    /** The window is full; the caller must seek back to this record and pause the partition. */
    FULL
  }

  private static final Comparator<Held> BY_DUE = Comparator.comparingLong(Held::due).thenComparingLong(Held::offset);

  private final TopicPartition partition;
  private final TierTopic tier;
  private final int maxWindow;
  private final NavigableMap<Long, Held> pending = new TreeMap<>();
  private final NavigableSet<Held> byDue = new TreeSet<>(BY_DUE);
  /** Next offset to take; -1 until the first record when nothing was committed. */
  private long end;
  /** From the committed metadata: offsets below {@code restoredEnd} not in {@code restoredPending} were forwarded. */
  private long restoredEnd;
  private final NavigableSet<Long> restoredPending = new TreeSet<>();
  private boolean paused;

  PartitionWindow(TopicPartition partition, TierTopic tier, int maxWindow, OffsetAndMetadata committed) {
    this.partition = partition;
    this.tier = tier;
    this.maxWindow = maxWindow;
    if (committed == null) {
      this.end = -1;
      this.restoredEnd = -1;
    } else {
      this.end = committed.offset();
      WindowMetadata restored = WindowMetadata.decode(committed.offset(), committed.metadata())
          .orElse(WindowMetadata.empty(committed.offset()));
      this.restoredEnd = restored.end();
      this.restoredPending.addAll(restored.pending());
    }
  }

  TopicPartition partition() {
    return partition;
  }

  TierTopic tier() {
    return tier;
  }

  /** Takes {@code record}, due at {@code due}, into the window unless already done or the window is full. */
  Offer offer(ConsumerRecord<byte[], byte[]> record, long due) {
    long offset = record.offset();
    if (end < 0) {
      end = offset;
    }
    if (offset < end) {
      return Offer.SKIPPED;
    }
    if (offset + 1 - base() > maxWindow) {
      return Offer.FULL;
    }
    end = offset + 1;
    if (offset < restoredEnd && !restoredPending.contains(offset)) {
      return Offer.SKIPPED;
    }
    Held held = new Held(partition, record, due);
    pending.put(offset, held);
    byDue.add(held);
    return Offer.TAKEN;
  }

  /** Adds to {@code into} every held record due at or before {@code now}, earliest first. */
  void collectDue(long now, List<Held> into) {
    for (Held held : byDue) {
      if (held.due() > now) {
        return;
      }
      into.add(held);
    }
  }

  /** Due time of the earliest held record; {@link Long#MAX_VALUE} when none is held. */
  long earliestDue() {
    return byDue.isEmpty() ? Long.MAX_VALUE : byDue.first().due();
  }

  /** The offset to commit: the oldest record not yet forwarded, or the next to read. */
  long base() {
    return pending.isEmpty() ? end : pending.firstKey();
  }

  /** What to commit once {@code forwarded} (offsets of held records) are forwarded. */
  OffsetAndMetadata commitAfter(Collection<Long> forwarded) {
    SortedSet<Long> remaining = new TreeSet<>(pending.keySet());
    remaining.removeAll(forwarded);
    long newBase = remaining.isEmpty() ? end : remaining.first();
    long limit = Math.max(end, restoredEnd);
    SortedSet<Long> stillPending = new TreeSet<>(remaining);
    stillPending.addAll(restoredPending.tailSet(end, true));
    return new OffsetAndMetadata(newBase, new WindowMetadata(newBase, limit, stillPending).encode());
  }

  /** Drops {@code forwarded} from the window after their transaction committed. */
  void forwarded(Collection<Held> forwarded) {
    for (Held held : forwarded) {
      pending.remove(held.offset());
      byDue.remove(held);
    }
    if (end >= restoredEnd) {
      restoredPending.clear();
    }
  }

  /** Whether another offset fits: a paused partition resumes once this is true. */
  boolean hasRoom() {
    return end < 0 || end - base() < maxWindow;
  }

  /** Offset to seek back to when pausing a full window. */
  long end() {
    return end;
  }

  int heldCount() {
    return pending.size();
  }

  boolean paused() {
    return paused;
  }

  void paused(boolean value) {
    paused = value;
  }
}
