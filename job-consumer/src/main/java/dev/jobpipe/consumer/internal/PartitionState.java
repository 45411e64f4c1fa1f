package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.Ordering;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the worker holds of one assigned partition: the window of records from the oldest
 * unfinished one to the newest fetched, in offset order, and the lanes that order their execution.
 *
 * <p>Owned by the poll thread: only it appends, advances and cancels. Runner threads touch the
 * entries alone (their state is atomic), so finishing a job costs one volatile write and no lock.
 * The poll thread then pops finished entries off the head; the offset after the last popped entry
 * is the contiguous done prefix, the only offset the worker ever commits.
 */
final class PartitionState {

  private static final int MIN_SWEEP_THRESHOLD = 1024;

  final TopicPartition topicPartition;
  private final Ordering ordering;
  private final ArrayDeque<JobEntry> window = new ArrayDeque<>();
  private final Lane partitionLane;
  private final Map<KeyBytes, Lane> keyLanes;
  private int sweepThreshold = MIN_SWEEP_THRESHOLD;

  /** Offset after the contiguous done prefix; -1 until a record of this assignment finished. */
  private long doneNext = -1;
  /** Offset last handed to a commit (sync or async), to avoid resending it. */
  private long sentNext = -1;
  /** Offset the broker confirmed. */
  private long confirmedNext = -1;

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

  /** Appends a fetched record to the window and assigns its lane (null: it runs on its own). */
  JobEntry append(ConsumerRecord<byte[], byte[]> record) {
    JobEntry entry = new JobEntry(record, this);
    window.addLast(entry);
    entry.lane = laneFor(record);
    return entry;
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

  /** The offset to commit, or -1 when the done prefix has not moved since it was last sent. */
  long commitCandidate() {
    return doneNext > sentNext ? doneNext : -1;
  }

  /** The done prefix, whether or not it was sent; -1 when nothing finished yet. */
  long doneNext() {
    return doneNext;
  }

  void commitSent(long offset) {
    sentNext = Math.max(sentNext, offset);
  }

  void commitConfirmed(long offset) {
    confirmedNext = Math.max(confirmedNext, offset);
  }

  /** An async commit failed: forget what was sent so the next commit carries the prefix again. */
  void commitFailed() {
    sentNext = confirmedNext;
  }

  long confirmedNext() {
    return confirmedNext;
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
