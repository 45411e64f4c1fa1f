package dev.jobpipe.consumer.internal;

import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.consumer.ExceptionClassifier;
import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobLogContext;
import dev.jobpipe.consumer.JobTimeoutException;
import dev.jobpipe.schemas.JobHeaderValues;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.serde.UndecodableJobException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs entries on the virtual threads of a {@link RunnerPool}: decode, wait for a concurrency
 * slot, call the handler under the job timeout with the job's MDC, and on failure hand the record
 * over before marking it done.
 *
 * <p>An entry is done only when it succeeded (and, with done records on, its {@code jobs.T.done}
 * record was acknowledged: {@link DoneHandoff}) or its failure was acknowledged by the broker. When
 * the handoff fails the entry is not done: after the shared handoff backoff the job runs again in
 * place (same thread, same lane, so ordering holds). When the registry is unreachable the decode is
 * retried after the shared registry backoff; an undecodable value goes to the DLQ instead.
 *
 * <p>The concurrency slot is held only while the handler runs. A timed-out handler gives its slot
 * back at once: the watchdog claims the entry, and another runner takes over its handoff and the
 * rest of its lane while the stuck thread is left to finish on its own.
 */
final class JobExecutor {

  private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

  private final JobHandler<Object> handler;
  private final PayloadDecoder decoder;
  private final JobFactory jobs;
  private final ExceptionClassifier classifier;
  private final FailureHandoff handoff;
  /** Null when done records are switched off: a success is then done at once. */
  private final DoneHandoff done;
  private final Semaphore slots;
  private final TimeoutWatchdog watchdog;
  private final BackoffGate registryGate;
  private final BackoffGate handoffGate;
  private final WorkerMetrics metrics;
  private final Clock clock;
  private final Duration timeout;
  private final RunnerPool runners;
  private final String type;
  private final java.util.function.Consumer<Throwable> onInternalError;
  private final WorkerControl control;

  /** The MDC text of attempts 0 to 15, so a job's MDC does not format its attempt number. */
  private static final String[] ATTEMPT_TEXT = java.util.stream.IntStream.range(0, 16)
      .mapToObj(Integer::toString).toArray(String[]::new);
  private static final Outcome SUCCEEDED = new Outcome.Succeeded();
  private static final Outcome DONE_PENDING = new Outcome.DonePending();
  private static final Outcome SKIPPED = new Outcome.Skipped();
  private static final Outcome ABANDONED = new Outcome.Abandoned();
  private static final Outcome TAKEN_OVER = new Outcome.TakenOver();
  private static final Outcome CANCELLED = new Outcome.Cancelled();

  JobExecutor(Builder b) {
    this.handler = b.handler;
    this.decoder = b.decoder;
    this.jobs = new JobFactory(b.type);
    this.classifier = b.classifier;
    this.handoff = b.handoff;
    this.done = b.done;
    this.slots = b.slots;
    this.registryGate = b.registryGate;
    this.handoffGate = b.handoffGate;
    this.metrics = b.metrics;
    this.clock = b.clock;
    this.timeout = b.timeout;
    // As many runners as slots: a runner then never queues for a slot (a park and an unpark per
    // job when there are more), and one handing a failure over keeps its place meanwhile.
    this.runners = new RunnerPool(b.threads, b.slots.availablePermits());
    this.type = b.type;
    this.onInternalError = b.onInternalError;
    this.control = b.control;
    this.watchdog = new TimeoutWatchdog("jobpipe-" + b.type + "-timeouts", b.timeout, b.clock, this::onTimeout);
    metrics.abandonedThreads(watchdog::abandoned);
  }

  void start() {
    watchdog.start();
  }

  void close() {
    watchdog.close();
    wakeWaiters();
  }

  /** Job threads waiting for the registry or the broker re-check whether their partition is still theirs. */
  void wakeWaiters() {
    registryGate.wakeWaiters();
    handoffGate.wakeWaiters();
  }

  TimeoutWatchdog watchdog() {
    return watchdog;
  }

  /** Dispatches a freshly appended entry. Poll thread only. */
  void dispatch(JobEntry entry) {
    Lane lane = entry.lane;
    if (lane == null) {
      runners.submit(() -> runOne(entry));
    } else if (lane.enqueue(entry)) {
      runners.submit(() -> runLane(lane));
    }
  }

  /**
   * Runs an entry that was given up again, on its own (its lane went on without it); false when it
   * was not given up. Poll thread only.
   */
  boolean retry(JobEntry entry) {
    if (!entry.requeue()) {
      return false;
    }
    entry.lane = null;
    dispatch(entry);
    return true;
  }

  /**
   * Last line of defence of a job thread: every expected failure is handled inside, so anything
   * arriving here is a bug that would leave the entry unfinished and its lane stuck for good. The
   * entry is given up (the stop does not wait for it) and the worker stops, so its process exits
   * non-zero where a supervisor sees it and restarts it, rather than stalling silently. Returns
   * false: the lane must not go on, and this thread leaves the runner pool.
   */
  private boolean internalError(JobEntry entry, Throwable t) {
    runners.abandoned();
    entry.giveUp();
    log.error("internal error while running {}; stopping the worker", entry, t);
    onInternalError.accept(t);
    return false;
  }

  /** Runs the lane until it is empty; false when a timeout took it (and this thread) over. */
  private boolean runLane(Lane lane) {
    do {
      if (!runOne(lane.next())) {
        return false;
      }
    } while (lane.finishOne());
    return true;
  }

  /**
   * Runs one entry; false when a timeout handed the entry (and its lane) to another runner, or an
   * internal error gave it up: either way this thread leaves the pool.
   */
  private boolean runOne(JobEntry entry) {
    if (entry.state() != JobEntry.QUEUED) {
      return true;
    }
    try {
      return drive(entry, null);
    } catch (Throwable t) {
      return internalError(entry, t);
    }
  }

  /**
   * Takes an entry from started to done (or abandoned). {@code pending} is a failure still to be
   * handed over, when the entry arrives here from a timeout. Returns false when this thread lost
   * the entry to the watchdog.
   */
  private boolean drive(JobEntry entry, Outcome.Failed pending) {
    boolean handoffFailedBefore = false;
    while (true) {
      if (pending == null) {
        switch (attempt(entry)) {
          case Outcome.Succeeded s -> {
            entry.markDone();
            if (handoffFailedBefore) {
              handoffGate.recordSuccess();
            }
            return true;
          }
          case Outcome.DonePending d -> {
            return true;
          }
          case Outcome.Skipped s -> {
            return true;
          }
          case Outcome.Cancelled c -> {
            entry.markDone();
            return true;
          }
          case Outcome.Abandoned a -> {
            entry.giveUp();
            return true;
          }
          case Outcome.TakenOver t -> {
            return false;
          }
          case Outcome.Failed failed -> pending = failed;
        }
      }
      if (handOver(entry, pending)) {
        entry.markDone();
        return true;
      }
      handoffFailedBefore = true;
      pending = null;
      if (!handoffGate.awaitOpen(entry.partition::closing)) {
        entry.giveUp();
        return true;
      }
    }
  }

  /**
   * One attempt: decode (retrying while the registry is down), wait for a slot, claim the entry,
   * run the handler. The entry stays cancellable until it is claimed, so a stopping worker does not
   * start what waits for a slot. Returns the {@link Outcome}.
   */
  private Outcome attempt(JobEntry entry) {
    Object payload;
    while (true) {
      try {
        payload = decoder.decode(entry.record.value());
        if (registryGate.recordSuccess()) {
          log.info("schema registry reachable again; resuming");
        }
        break;
      } catch (UndecodableJobException e) {
        // An Error (out of memory, stack overflow) is not caught here: the codec bounds what a
        // record can make it allocate or recurse, so an Error is the JVM's trouble, not the
        // record's, and dead-lettering a good job for it would lose it. It stops the worker.
        if (!entry.tryStart()) {
          return SKIPPED;
        }
        entry.started(clock.millis());
        metrics.undecodable();
        return new Outcome.Failed(e, false, true);
      } catch (RuntimeException e) {
        // The codec reports every problem with the bytes as UndecodableJobException; what else it
        // throws comes from the registry (unreachable, 5xx, or 4xx such as 401): an outage.
        metrics.registryFailed();
        if (registryGate.recordFailure(e)) {
          log.warn("cannot decode {}: {}; schema registry treated as unavailable: fetching paused, retrying in {} ms",
              entry, e.toString(), registryGate.pauseMillis());
        }
        if (!registryGate.awaitOpen(() -> entry.partition.closing() || entry.state() == JobEntry.CANCELLED)) {
          return ABANDONED;
        }
      }
    }
    JobHeaderValues headers = JobHeaders.read(entry.record.headers());
    Job<Object> job = jobs.create(entry.record, headers, payload);
    if (control.restrained()) {
      switch (awaitStart(entry, job)) {
        case GO -> { }
        case CANCELLED -> {
          if (!entry.tryStart()) {
            return SKIPPED;
          }
          entry.started(clock.millis());
          metrics.cancelled();
          log.info("job {} skipped: cancelled", job.id());
          return CANCELLED;
        }
        case ABORTED -> {
          return entry.state() == JobEntry.CANCELLED ? SKIPPED : ABANDONED;
        }
      }
    }
    slots.acquireUninterruptibly();
    if (!entry.tryStart()) {
      slots.release();
      return SKIPPED;
    }
    long startMillis = clock.millis();
    entry.started(startMillis);
    metrics.waited(startMillis - JobFactory.dueAtMillis(headers, job));
    long startNanos = System.nanoTime();
    Throwable thrown = null;
    putMdc(job);
    entry.enterHandler(Thread.currentThread(), startMillis);
    watchdog.register(entry);
    try {
      if (control.restrained()) {
        Thread.interrupted(); // a late cancel interrupt meant for an earlier job on this thread
      }
      if (!entry.cancelRequested()) {
        handler.handle(job);
      }
    } catch (Throwable t) {
      thrown = t;
    } finally {
      clearMdc(job);
    }
    if (!entry.exitHandler()) {
      // The watchdog claimed this call: it released the slot and another thread carries on.
      Thread.interrupted();
      watchdog.abandonedReturned();
      log.warn("job {} returned after its timeout; its outcome was already decided", job.id());
      return TAKEN_OVER;
    }
    watchdog.unregister(entry);
    slots.release();
    Thread.interrupted();
    long took = System.nanoTime() - startNanos;
    if (entry.cancelRequested() && (thrown == null || thrown instanceof InterruptedException)) {
      metrics.cancelled();
      log.info("job {} cancelled{}", job.id(), thrown == null ? "" : " (interrupted)");
      return CANCELLED;
    }
    if (thrown == null) {
      metrics.succeeded(took);
      if (done == null) {
        return SUCCEEDED;
      }
      done.submit(entry, job, headers, clock.millis(), took / 1_000_000L);
      return DONE_PENDING;
    }
    metrics.failed(took);
    boolean retryable = classifier.isRetryable(thrown);
    if (log.isDebugEnabled()) {
      log.debug("job {} failed ({}): {}: {}", job.id(), retryable ? "retryable" : "terminal",
          thrown.getClass().getName(), FailureHandoff.message(thrown));
    }
    return new Outcome.Failed(thrown, retryable, false);
  }

  /** Waits as the control plane asks (pause, rate); never for an entry given up meanwhile. */
  private WorkerControl.Start awaitStart(JobEntry entry, Job<Object> job) {
    try {
      return control.awaitStart(job::id, () -> entry.partition.closing() || entry.state() == JobEntry.CANCELLED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return WorkerControl.Start.ABORTED;
    }
  }

  /** Called by the watchdog for a call it claimed; the slot goes back and a new thread takes over. */
  private void onTimeout(JobEntry entry) {
    slots.release();
    long took = Math.max(0, clock.millis() - entry.handlerStartMillis());
    metrics.timedOut(took * 1_000_000L);
    String jobId = JobIds.of(entry.record);
    log.warn("job {} timed out after {} ms; interrupted its thread and handing it over as retryable", jobId, took);
    Outcome.Failed failure = new Outcome.Failed(new JobTimeoutException(jobId, timeout), true, false);
    runners.abandoned();
    runners.submit(() -> {
      boolean owns;
      try {
        owns = drive(entry, failure);
      } catch (Throwable t) {
        owns = internalError(entry, t);
      }
      Lane lane = entry.lane;
      if (owns && lane != null && lane.finishOne()) {
        return runLane(lane);
      }
      return owns;
    });
  }

  /** Hands a failure over and waits for the ack; false (and backoff recorded) when it failed. */
  private boolean handOver(JobEntry entry, Outcome.Failed failure) {
    ProducerRecord<byte[], byte[]> record = failure.undecodable()
        ? handoff.undecodableRecord(entry.record, failure.error())
        : handoff.failedRecord(entry.record, failure.error(), failure.retryable());
    try {
      handoff.send(record);
      if (handoffGate.recordSuccess()) {
        log.info("failure handoff to {} works again; resuming", record.topic());
      }
      if (failure.undecodable()) {
        metrics.undecodableDeadLettered();
        log.warn("record {} is undecodable ({}); sent to {}", entry, FailureHandoff.message(failure.error()), record.topic());
      }
      return true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      metrics.handoffFailed();
      boolean newPause = handoffGate.recordFailure(e);
      if (newPause || log.isDebugEnabled()) {
        log.warn("handoff of {} to {} failed: {}; fetching paused, the job runs again in {} ms",
            entry, record.topic(), e.toString(), handoffGate.pauseMillis());
      }
      return false;
    }
  }

  /**
   * The job's MDC for its handler. The type stays set on the runner thread between jobs (it runs
   * only this type's jobs), so a job puts and removes two or three entries, not four, and the
   * attempt's text comes from a table.
   */
  private void putMdc(Job<Object> job) {
    MDC.put(JobLogContext.JOB_ID, job.id());
    if (!type.equals(MDC.get(JobLogContext.JOB_TYPE))) {
      MDC.put(JobLogContext.JOB_TYPE, type);
    }
    int attempt = job.attempt();
    MDC.put(JobLogContext.ATTEMPT, attempt < ATTEMPT_TEXT.length ? ATTEMPT_TEXT[attempt] : Integer.toString(attempt));
    if (job.trace().isPresent()) {
      MDC.put(JobLogContext.TRACE_ID, job.trace().get().traceId());
    }
  }

  private static void clearMdc(Job<Object> job) {
    MDC.remove(JobLogContext.JOB_ID);
    MDC.remove(JobLogContext.ATTEMPT);
    if (job.trace().isPresent()) {
      MDC.remove(JobLogContext.TRACE_ID);
    }
  }

  /** What one attempt of a job came to; {@link #drive} decides from it what happens to the entry. */
  sealed interface Outcome {
    /** The handler returned and no done record is written: the entry is done. */
    record Succeeded() implements Outcome {}

    /** The handler returned and the done record is on its way: its acknowledgement marks the entry done. */
    record DonePending() implements Outcome {}

    /** Cancelled before it started (the partition was revoked or the worker stops). */
    record Skipped() implements Outcome {}

    /** Given up while waiting for the registry: the partition is closing or the entry was cancelled. */
    record Abandoned() implements Outcome {}

    /**
     * Cancelled through the control plane: skipped before the handler, or the handler returned (or
     * threw {@code InterruptedException}) after its interruption. Done, with no done record.
     */
    record Cancelled() implements Outcome {}

    /** The watchdog claimed the call after its timeout: another runner hands it over and carries on. */
    record TakenOver() implements Outcome {}

    /** A failure to hand over: the error, its classification, and where it goes. */
    record Failed(Throwable error, boolean retryable, boolean undecodable) implements Outcome {}
  }

  /** Collects the executor's collaborators; the runtime wires them. */
  static final class Builder {
    JobHandler<Object> handler;
    PayloadDecoder decoder;
    ExceptionClassifier classifier;
    FailureHandoff handoff;
    DoneHandoff done;
    Semaphore slots;
    BackoffGate registryGate;
    BackoffGate handoffGate;
    WorkerMetrics metrics;
    Clock clock;
    Duration timeout;
    ThreadFactory threads;
    String type;
    java.util.function.Consumer<Throwable> onInternalError;
    WorkerControl control;

    JobExecutor build() {
      return new JobExecutor(this);
    }
  }
}
