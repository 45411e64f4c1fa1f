package dev.jobpipe.consumer.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One fetched record on its way through the worker. Its {@link #state()} is what offset tracking
 * reads: the poll thread commits past a record only once it is {@link #DONE}. Transitions are
 * compare-and-set on the entry itself, so a record is never started twice nor started after it was
 * cancelled, without any lock shared between records.
 *
 * <p>The handler phase is a second small state machine that settles the race between a handler
 * returning and the {@link TimeoutWatchdog} declaring it timed out: exactly one side wins and only
 * the winner releases the concurrency slot and decides the outcome.
 */
final class JobEntry {

  /** Fetched, not yet started: waiting for its lane, decoding, or waiting for a concurrency slot. */
  static final int QUEUED = 0;
  /** Started: in the handler, handing a failure over, or backing off before a re-run. */
  static final int RUNNING = 1;
  /** Succeeded, or its failure was acknowledged by the broker: the commit may pass it. */
  static final int DONE = 2;
  /** Will not run here (shutdown, revocation, abandoned backoff); the next owner runs it again. */
  static final int CANCELLED = 3;

  static final int PHASE_IDLE = 0;
  static final int PHASE_IN_HANDLER = 1;
  static final int PHASE_RETURNED = 2;
  static final int PHASE_TIMED_OUT = 3;

  private static final VarHandle STATE;
  private static final VarHandle PHASE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(JobEntry.class, "state", int.class);
      PHASE = lookup.findVarHandle(JobEntry.class, "phase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ConsumerRecord<byte[], byte[]> record;
  final PartitionState partition;
  /** The lane the entry runs in, or null when it runs on its own; set before it is dispatched. */
  Lane lane;

  private volatile int state = QUEUED;
  private volatile int phase = PHASE_IDLE;
  private volatile Thread handlerThread;
  private volatile long handlerStartMillis;
  /** When the entry was first started; 0 before. What the stuck-record watch measures from. */
  private volatile long startedMillis;
  /** When the stuck-record watch last reported the entry; poll thread only. */
  long stuckReportedMillis;
  /** Set when the control plane cancelled the job: it does not start, or its handler was interrupted. */
  private volatile boolean cancelRequested;

  JobEntry(ConsumerRecord<byte[], byte[]> record, PartitionState partition) {
    this.record = record;
    this.partition = partition;
  }

  long offset() {
    return record.offset();
  }

  int state() {
    return state;
  }

  /** Claims the entry for a run: true when it was queued, or is already running on this thread (a re-run). */
  boolean tryStart() {
    return state == RUNNING || STATE.compareAndSet(this, QUEUED, RUNNING);
  }

  /** Records the first start at {@code nowMillis}; later starts (re-runs) keep it. */
  void started(long nowMillis) {
    if (startedMillis == 0) {
      startedMillis = nowMillis;
    }
  }

  long startedMillis() {
    return startedMillis;
  }

  /**
   * Puts an entry that was given up back in the queue, while its partition is still owned; false
   * when it was not given up.
   */
  boolean requeue() {
    return STATE.compareAndSet(this, CANCELLED, QUEUED);
  }

  boolean tryCancel() {
    return STATE.compareAndSet(this, QUEUED, CANCELLED);
  }

  void markDone() {
    state = DONE;
    settled();
  }

  /** A closing partition's owner may be waiting for its last jobs: tell it one more settled. */
  private void settled() {
    if (partition != null && partition.closing()) {
      partition.signalSettled();
    }
  }

  /**
   * The entry's runner gives up without finishing (the worker is stopping during a backoff); it
   * stays uncommitted and runs again on the next start.
   */
  void giveUp() {
    if (state != DONE) {
      state = CANCELLED;
      settled();
    }
  }

  /**
   * The control plane cancelled this job (poll thread): a runner that has not called the handler yet
   * skips it; the thread in the handler, if any, is interrupted. The flag is written before the phase
   * is read and {@link #enterHandler} writes the phase before the runner reads the flag, so one of
   * the two sides always sees the other.
   */
  void requestCancel() {
    cancelRequested = true;
    Thread thread = handlerThread;
    if (phase == PHASE_IN_HANDLER && thread != null) {
      thread.interrupt();
    }
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  /** The calling thread enters the handler at {@code nowMillis}. */
  void enterHandler(Thread thread, long nowMillis) {
    handlerThread = thread;
    handlerStartMillis = nowMillis;
    phase = PHASE_IN_HANDLER;
  }

  /** The handler returned; false when the watchdog timed the call out first. */
  boolean exitHandler() {
    return PHASE.compareAndSet(this, PHASE_IN_HANDLER, PHASE_RETURNED);
  }

  /** The watchdog claims the call; false when the handler returned first. */
  boolean timeOut() {
    return PHASE.compareAndSet(this, PHASE_IN_HANDLER, PHASE_TIMED_OUT);
  }

  boolean inHandler() {
    return phase == PHASE_IN_HANDLER;
  }

  Thread handlerThread() {
    return handlerThread;
  }

  long handlerStartMillis() {
    return handlerStartMillis;
  }

  @Override
  public String toString() {
    return record.topic() + "-" + record.partition() + "@" + record.offset() + "[state=" + state + "]";
  }
}
