package dev.jobpipe.consumer.internal;

import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.schemas.control.Cancellation;
import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.schemas.control.ControlTopicReader;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the control plane asks of one worker, applied where it costs nothing when nothing is asked:
 * job threads call {@link #restrained()} (one volatile read) and only when it is true
 * {@link #awaitStart}, which waits while the type is paused, takes a rate-limit token, or reports a
 * cancellation. The poll thread waits for the control topic to be read before its first job
 * ({@link #awaitRead}), pauses the partitions while the type is paused (in {@code WorkerRuntime},
 * with the other reasons to pause) and interrupts running jobs that get cancelled
 * ({@link #cancelHeld}).
 *
 * <p>The rate limit is for the whole type; each worker takes the share of its partitions:
 * {@code limit × assigned / partitions of jobs.T}. That is exact when jobs are spread evenly over
 * the partitions; a worker whose partitions run dry leaves its share unused (the type then runs
 * below the limit), and during a rebalance the shares may briefly add up to less or more. The token
 * bucket (Bucket4j) holds at most a tenth of a second of tokens, so bursts stay small. Waiting for a
 * token happens on the job's virtual thread: the poll loop never blocks, and once a partition holds
 * {@code max.inflight.per.partition} waiting records it is paused like any full partition.
 */
final class WorkerControl {

  private static final Logger log = LoggerFactory.getLogger(WorkerControl.class);
  /** Longest a waiting job thread sleeps before it looks at its entry again (a revocation cancels it). */
  private static final long MAX_WAIT_NANOS = Duration.ofMillis(100).toNanos();

  /** Why {@link #awaitStart} returned. */
  enum Start { GO, CANCELLED, ABORTED }

  private final String type;
  private final Clock clock;
  /** Follows {@code jobs.T.control} into {@link #update}; null when the worker follows none (tests). */
  private final ControlFollower follower;
  private final Object changed = new Object();
  private volatile ControlState state = ControlState.EMPTY;
  /** True when the state or the limit asks anything of job threads: the one read on the job path. */
  private volatile boolean restrained;
  private volatile Bucket bucket;
  private volatile double localRate = Double.NaN;
  private int assignedPartitions;
  private int totalPartitions;
  /** The state {@link #cancelHeld} last acted on; the poll thread's alone. */
  private ControlState actedOn = ControlState.EMPTY;

  /** Control that only changes through {@link #update}: follows no topic. */
  WorkerControl(String type, Clock clock) {
    this(type, clock, null);
  }

  /**
   * @param reader reads the type's {@code jobs.T.control}, which the worker reads to the end before
   *     its first job and then follows; null to follow none
   */
  WorkerControl(String type, Clock clock, ControlTopicReader reader) {
    this.type = type;
    this.clock = clock;
    this.follower = reader == null ? null : new ControlFollower(type, reader, this::update);
  }

  /** Whether a control topic is followed. */
  boolean following() {
    return follower != null;
  }

  /** Starts following the control topic, if any. */
  void start() {
    if (follower != null) {
      follower.start();
    }
  }

  /** Stops following and closes the reader; bounded, idempotent. */
  void close() {
    if (follower != null) {
      follower.close();
    }
  }

  /**
   * Waits until the control topic was read to its end, so no job starts against an unread pause
   * or cancellation. Each failure to read it so far goes to {@code onFailure} (the worker reports
   * a refused login as it would a refused poll). Returns false when {@code stopRequested} first.
   */
  boolean awaitRead(BooleanSupplier stopRequested, Consumer<RuntimeException> onFailure) throws InterruptedException {
    if (follower == null) {
      return true;
    }
    long since = System.nanoTime();
    while (!follower.awaitCaughtUp(Duration.ofMillis(200))) {
      if (stopRequested.getAsBoolean()) {
        return false;
      }
      RuntimeException failure = follower.initialFailure();
      if (failure != null) {
        onFailure.accept(failure);
      }
    }
    log.debug("read the control topic in {} ms", (System.nanoTime() - since) / 1_000_000);
    return true;
  }

  /**
   * Interrupts running jobs, and marks held ones, that a new cancellation names. The poll thread
   * calls it every round; it walks the windows (without locks: they are the poll thread's) only
   * when the cancellations changed.
   */
  void cancelHeld(Collection<PartitionState> partitions) {
    ControlState now = state;
    if (now == actedOn) {
      return;
    }
    ControlState before = actedOn;
    actedOn = now;
    Map<String, Cancellation> cancels = now.cancellations();
    if (cancels.isEmpty() || cancels.equals(before.cancellations())) {
      return;
    }
    long nowMillis = clock.millis();
    for (PartitionState partition : partitions) {
      partition.forEachHeld(entry -> {
        int s = entry.state();
        if ((s == JobEntry.QUEUED || s == JobEntry.RUNNING) && !entry.cancelRequested()
            && now.cancelled(JobIds.of(entry.record), nowMillis)) {
          log.info("job {} cancelled while {}; {}", JobIds.of(entry.record),
              s == JobEntry.RUNNING ? "running" : "waiting", s == JobEntry.RUNNING ? "interrupting it" : "skipping it");
          entry.requestCancel();
        }
      });
    }
  }

  /** The current desired state. */
  ControlState state() {
    return state;
  }

  boolean restrained() {
    return restrained;
  }

  boolean paused() {
    return state.paused();
  }

  /** This worker's share of the type's rate limit in jobs per second; NaN without a limit. */
  double localRate() {
    return localRate;
  }

  /** A new state from the control topic (the follower's thread). */
  void update(ControlState next) {
    ControlState previous = state;
    state = next;
    if (previous.paused() != next.paused()) {
      log.info("{}: {}", type, next.paused()
          ? "paused by " + next.pauseState().map(p -> p.by() + (p.reason() != null ? " (" + p.reason() + ")" : "")).orElse("?")
          : "resumed");
    }
    applyRate();
    wake();
  }

  /** The partitions this worker owns of how many the main topic has (the poll thread, after a rebalance). */
  void share(int assigned, int total) {
    synchronized (this) {
      assignedPartitions = assigned;
      totalPartitions = total;
    }
    applyRate();
    wake();
  }

  private synchronized void applyRate() {
    OptionalDouble limit = state.rateLimit();
    double rate = limit.isPresent() && totalPartitions > 0
        ? limit.getAsDouble() * assignedPartitions / totalPartitions
        : limit.isPresent() ? 0 : Double.NaN;
    if (Double.compare(rate, localRate) != 0) {
      localRate = rate;
      bucket = Double.isNaN(rate) || rate <= 0 ? null : bucket(rate);
      if (limit.isPresent()) {
        log.info("{}: rate limit {}/s for the type, {}/s here ({} of {} partitions)", type, limit.getAsDouble(),
            rate, assignedPartitions, totalPartitions);
      }
    }
    restrained = !state.idle();
  }

  /** A token bucket of {@code perSecond}, holding at most a tenth of a second of tokens (at least one). */
  private static Bucket bucket(double perSecond) {
    long capacity = Math.max(1, (long) Math.ceil(perSecond / 10));
    long refillNanos = Math.max(1, Math.round(capacity * 1e9 / perSecond));
    return Bucket.builder()
        .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, Duration.ofNanos(refillNanos)).initialTokens(1))
        .withNanosecondPrecision()
        .build();
  }

  /**
   * Waits until the job may start (not paused, a rate token taken); returns {@link Start#CANCELLED}
   * when {@code jobId} has a cancellation, and {@link Start#ABORTED} as soon as {@code abort} holds
   * (the entry was cancelled or its partition is closing). Job threads only.
   */
  Start awaitStart(Supplier<String> jobId, BooleanSupplier abort) throws InterruptedException {
    String id = null;
    while (true) {
      ControlState s = state;
      if (s.hasCancellations()) {
        if (id == null) {
          id = jobId.get();
        }
        if (s.cancelled(id, clock.millis())) {
          return Start.CANCELLED;
        }
      }
      if (abort.getAsBoolean()) {
        return Start.ABORTED;
      }
      long waitNanos;
      if (s.paused()) {
        waitNanos = MAX_WAIT_NANOS;
      } else {
        Bucket b = bucket;
        if (b == null) {
          if (s.rateLimit().isEmpty()) {
            return Start.GO;
          }
          waitNanos = MAX_WAIT_NANOS; // a limit, and no partition here: nothing may start
        } else {
          ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(1);
          if (probe.isConsumed()) {
            return Start.GO;
          }
          waitNanos = Math.min(MAX_WAIT_NANOS, Math.max(1, probe.getNanosToWaitForRefill()));
        }
      }
      synchronized (changed) {
        if (s == state) {
          changed.wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
      }
    }
  }

  private void wake() {
    synchronized (changed) {
      changed.notifyAll();
    }
  }
}
