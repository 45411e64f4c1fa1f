package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.Ordering;
import dev.jobpipe.schemas.offsets.OffsetMarks;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the worker holds of one assigned partition: the window of records from the oldest
 * unfinished one to the newest fetched, in offset order, and the lanes that order their execution.
 *
 * <p>Owned by the poll thread: only it appends, advances and cancels. Runner threads touch the
 * entries alone (their state is atomic), so finishing a job costs one volatile write and no lock.
 * The poll thread then pops finished entries off the head; the offset after the last popped entry
 * is the contiguous done prefix, the only offset the worker ever commits.
 *
 * <p>With that offset goes, as commit metadata, {@link OffsetMarks} of the records already done
 * above it (computed at commit time, off the jobs' path), so that after a crash or a rebalance the
 * next owner skips them instead of running them again; {@link #restore} takes over the marks a
 * previous owner committed, and {@link #append} settles a marked record at once.
 */
final class PartitionState {

  private static final int MIN_SWEEP_THRESHOLD = 1024;

  final TopicPartition topicPartition;
  private final Ordering ordering;
  private final ArrayDeque<JobEntry> window = new ArrayDeque<>();
  private final Lane partitionLane;
  private final Map<KeyBytes, Lane> keyLanes;
  private int sweepThreshold = MIN_SWEEP_THRESHOLD;

  /**
   * Offset after the contiguous done prefix; -1 until the committed offset was restored or the
   * first record appended.
   */
  private long doneNext = -1;
  /** What was last handed to a commit (sync or async), to avoid resending it; null: nothing. */
  private OffsetAndMetadata sent;
  /** What the broker last confirmed; null: nothing. */
  private OffsetAndMetadata confirmed;
  /** When {@link #sent} was handed over while unconfirmed, for {@link #sentUnconfirmedSince}. */
  private long sentAtMillis;
  /** Records a previous owner committed as done above the committed offset; null when none are left. */
  private OffsetMarks restored;
  /** Offset of the newest appended record; -1 before the first. */
  private long newestAppended = -1;

  private boolean paused;
  /** Set when the partition is being given up or the worker stops: backing-off runners give up. */
  private volatile boolean closing;
  /** Records not yet done: fetched-but-unfinished plus not yet fetched; NaN until known. */
  private volatile double queueLag = Double.NaN;

  PartitionState(TopicPartition topicPartition, Ordering ordering) {
    this.topicPartition = topicPartition;
    this.ordering = ordering;
    this.partitionLane = ordering == Ordering.PARTITION ? new Lane() : null;
    this.keyLanes = ordering == Ordering.KEY ? new HashMap<>() : null;
  }

  /**
   * Appends a fetched record to the window and assigns its lane (null: it runs on its own). A
   * record the restored metadata marks done is appended already {@link JobEntry#DONE}, without a
   * lane: the caller must not run it.
   */
  JobEntry append(ConsumerRecord<byte[], byte[]> record) {
    JobEntry entry = new JobEntry(record, this);
    window.addLast(entry);
    newestAppended = record.offset();
    if (doneNext < 0) {
      // nothing committed: the consumer started here, so nothing below this record is left to do,
      // and the marks of records done above a slow first one can be committed from the start
      doneNext = record.offset();
    }
    if (restored != null) {
      boolean done = restored.marked(record.offset());
      if (record.offset() >= restored.end() - 1) {
        restored = null;
      }
      if (done) {
        entry.markDone();
        return entry;
      }
    }
    entry.lane = laneFor(record);
    return entry;
  }

  /**
   * Takes over what the previous owner committed: {@code committed} becomes the done prefix (so an
   * idle partition can catch up past transaction markers at once), and {@code marks}, when not null,
   * the records above it already done. Before the first record is appended.
   */
  void restore(OffsetAndMetadata committed, OffsetMarks marks) {
    doneNext = committed.offset();
    sent = committed;
    confirmed = committed;
    restored = marks == null || marks.count() == 0 ? null : marks;
  }

  private Lane laneFor(ConsumerRecord<byte[], byte[]> record) {
    return switch (ordering) {
      case PARTITION -> partitionLane;
      case NONE -> null;
      case KEY -> {
        if (record.key() == null) {
          yield null;
        }
        if (keyLanes.size() >= sweepThreshold) {
          sweepIdleLanes();
        }
        yield keyLanes.computeIfAbsent(new KeyBytes(record.key()), k -> new Lane());
      }
    };
  }

  /** Forgets idle key lanes so the map tracks the keys in flight, not every key ever seen. */
  private void sweepIdleLanes() {
    keyLanes.values().removeIf(Lane::idle);
    sweepThreshold = Math.max(MIN_SWEEP_THRESHOLD, 2 * keyLanes.size());
  }

  /** Pops finished entries off the head; returns how many. */
  int advance() {
    int popped = 0;
    JobEntry head;
    while ((head = window.peekFirst()) != null && head.state() == JobEntry.DONE) {
      window.pollFirst();
      doneNext = head.offset() + 1;
      popped++;
    }
    return popped;
  }

  /**
   * With nothing held, every record before the consumer's {@code position} is done, including
   * offsets that carry no record (transaction markers under read_committed, compacted gaps): the
   * done prefix may jump to the position, so a fully processed partition shows no lag. Only once a
   * record of this assignment was fetched, so the position is known without a lookup.
   */
  boolean caughtUpTo(long position) {
    if (window.isEmpty() && doneNext >= 0 && position > doneNext) {
      doneNext = position;
      return true;
    }
    return false;
  }

  /** Whether the window is empty and a record of this assignment finished: see {@link #caughtUpTo}. */
  boolean idleAfterWork() {
    return window.isEmpty() && doneNext >= 0;
  }

  /** Calls {@code action} with every held entry, oldest first. */
  void forEachHeld(java.util.function.Consumer<JobEntry> action) {
    window.forEach(action);
  }

  /** Records held: from the oldest unfinished one to the newest fetched. */
  int size() {
    return window.size();
  }

  /**
   * Cancels unstarted entries from the newest backwards, down to the newest started one: those
   * below it must still run, or a job that finished above a gap would run again after a restart.
   * Returns how many were cancelled.
   */
  int cancelTail() {
    int cancelled = 0;
    Iterator<JobEntry> it = window.descendingIterator();
    while (it.hasNext()) {
      JobEntry entry = it.next();
      if (entry.tryCancel()) {
        cancelled++;
      } else if (entry.state() != JobEntry.CANCELLED) {
        break;
      }
    }
    return cancelled;
  }

  /** Cancels every unstarted entry: the partition is gone and nothing here will be committed. */
  int cancelAll() {
    int cancelled = 0;
    for (JobEntry entry : window) {
      if (entry.tryCancel()) {
        cancelled++;
      }
    }
    return cancelled;
  }

  /** Entries still queued to run or running: what a drain waits for. */
  int unsettled() {
    int count = 0;
    for (JobEntry entry : window) {
      int state = entry.state();
      if (state == JobEntry.QUEUED || state == JobEntry.RUNNING) {
        count++;
      }
    }
    return count;
  }

  /**
   * What to commit now: the done prefix, with the marks of the records done above it encoded in at
   * most {@code maxMetadataChars} characters (the longest prefix of them that fits); null when
   * nothing finished yet. Walks the window: commit time only.
   */
  OffsetAndMetadata commitPoint(int maxMetadataChars) {
    if (doneNext < 0) {
      return null;
    }
    BitSet done = new BitSet();
    long highest = -1;
    for (JobEntry entry : window) {
      if (entry.state() == JobEntry.DONE && entry.offset() >= doneNext) {
        highest = entry.offset();
        done.set(Math.toIntExact(highest - doneNext));
      }
    }
    if (restored != null) {
      // marks of records not fetched yet stay known, or a crash before they arrive would lose them
      long[] ahead = restored.offsets().filter(o -> o > newestAppended && o >= doneNext).toArray();
      for (long offset : ahead) {
        done.set(Math.toIntExact(offset - doneNext));
        highest = Math.max(highest, offset);
      }
    }
    if (highest < 0 || maxMetadataChars <= 0) {
      return new OffsetAndMetadata(doneNext);
    }
    OffsetMarks marks = OffsetMarks.of(doneNext, Math.toIntExact(highest + 1 - doneNext), done);
    return new OffsetAndMetadata(doneNext, marks.encode(OffsetCommitter.METADATA_TAG, maxMetadataChars));
  }

  /** Whether {@code point} says more than what was last sent. */
  boolean changedSinceSent(OffsetAndMetadata point) {
    return point != null && !point.equals(sent);
  }

  /** Whether {@code point} says more than what the broker last confirmed. */
  boolean changedSinceConfirmed(OffsetAndMetadata point) {
    return point != null && !point.equals(confirmed);
  }

  void commitSent(OffsetAndMetadata point, long nowMillis) {
    if (sentUnconfirmedSince() < 0) {
      sentAtMillis = nowMillis;
    }
    sent = point;
  }

  void commitConfirmed(OffsetAndMetadata point) {
    if (confirmed == null || point.offset() >= confirmed.offset()) {
      confirmed = point;
    }
  }

  /** A commit failed (or was never answered): forget what was sent so the next commit carries it again. */
  void commitFailed() {
    sent = confirmed;
  }

  /** Since when a sent commit waits for its confirmation; -1 when none does. */
  long sentUnconfirmedSince() {
    return sent == null || sent.equals(confirmed) ? -1 : sentAtMillis;
  }

  /** The done prefix, whether or not it was sent; -1 when nothing finished yet. */
  long doneNext() {
    return doneNext;
  }

  boolean paused() {
    return paused;
  }

  void paused(boolean value) {
    paused = value;
  }

  boolean closing() {
    return closing;
  }

  void close() {
    closing = true;
  }

  /** Called by an entry of a closing partition when it settles (done or given up). */
  synchronized void signalSettled() {
    notifyAll();
  }

  /**
   * Waits until no entry is queued or running, or until {@code deadlineNanos} ({@link System#nanoTime});
   * returns whether it settled. Only for a closing partition: its entries announce when they settle.
   */
  synchronized boolean awaitSettled(long deadlineNanos) throws InterruptedException {
    while (unsettled() > 0) {
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, remaining);
    }
    return true;
  }

  double queueLag() {
    return queueLag;
  }

  void queueLag(long notFetched) {
    queueLag = notFetched + window.size();
  }

  int keyLaneCount() {
    return keyLanes == null ? 0 : keyLanes.size();
  }

  @Override
  public String toString() {
    return topicPartition + "[held=" + window.size() + ", doneNext=" + doneNext + "]";
  }
}
