package dev.jobpipe.consumer.internal;

import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.observability.MetricNames.Outcome;
import dev.jobpipe.schemas.DlqReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The worker's meters, named by {@link MetricNames}: jobs by outcome, handler duration and queue
 * wait (histograms, so Prometheus can aggregate percentiles across replicas), in-flight handlers,
 * queue lag per partition and undecodable dead letters. Meters are created once and kept, so
 * recording on the hot path is a lock-free increment. A few worker-only meters (abandoned handler
 * threads, failed handoffs, registry outages) use names of their own below.
 */
final class WorkerMetrics {

  /** Gauge: handler threads that timed out and have not returned. */
  static final String ABANDONED_THREADS = "jobpipe.worker.abandoned.threads";
  /** Counter: handoffs to the failed or dead-letter topic that the broker did not acknowledge. */
  static final String HANDOFF_FAILURES = "jobpipe.worker.handoff.failures";
  /** Counter: decodes that failed because the schema registry was unreachable. */
  static final String REGISTRY_FAILURES = "jobpipe.worker.registry.failures";

  private final MeterRegistry registry;
  private final String type;
  private final Counter succeeded;
  private final Counter failed;
  private final Counter timedOut;
  private final Counter undecodable;
  private final Counter cancelled;
  private final Counter undecodableDeadLetters;
  private final Counter handoffFailures;
  private final Counter registryFailures;
  private final Counter skippedDone;
  private final Counter stuckRecords;
  private final Counter unreadableCommitMetadata;
  private final Timer duration;
  private final Timer wait;
  private final Map<TopicPartition, Gauge> lagGauges = new HashMap<>();
  private final Gauge inflight;
  private Gauge abandoned;
  private Gauge paused;
  private Gauge rateLimit;

  WorkerMetrics(MeterRegistry registry, String type, Supplier<Number> inflight) {
    this.registry = registry;
    this.type = type;
    this.succeeded = jobs(Outcome.SUCCEEDED);
    this.failed = jobs(Outcome.FAILED);
    this.timedOut = jobs(Outcome.TIMED_OUT);
    this.undecodable = jobs(Outcome.UNDECODABLE);
    this.cancelled = jobs(Outcome.CANCELLED);
    this.undecodableDeadLetters = Counter.builder(MetricNames.DEAD_LETTERS)
        .description("Jobs written to the dead-letter topic")
        .tag(MetricNames.TAG_TYPE, type).tag(MetricNames.TAG_REASON, DlqReason.UNDECODABLE.name())
        .register(registry);
    this.handoffFailures = Counter.builder(HANDOFF_FAILURES)
        .description("Failure handoffs the broker did not acknowledge; the job runs again")
        .tag(MetricNames.TAG_TYPE, type).register(registry);
    this.registryFailures = Counter.builder(REGISTRY_FAILURES)
        .description("Payload decodes that failed because the schema registry was unreachable")
        .tag(MetricNames.TAG_TYPE, type).register(registry);
    this.skippedDone = Counter.builder(MetricNames.WORKER_SKIPPED_DONE)
        .description("Records skipped on assignment because the previous owner's commit metadata marks them done")
        .tag(MetricNames.TAG_TYPE, type).register(registry);
    this.unreadableCommitMetadata = Counter.builder(MetricNames.WORKER_COMMIT_METADATA_UNREADABLE)
        .description("Committed offsets whose metadata could not be read on assignment; the records above run again")
        .tag(MetricNames.TAG_TYPE, type).register(registry);
    this.stuckRecords = Counter.builder(MetricNames.WORKER_STUCK_RECORDS)
        .description("Started records still not done after the job timeout plus the handoff timeout")
        .tag(MetricNames.TAG_TYPE, type).register(registry);
    this.duration = Timer.builder(MetricNames.JOB_DURATION)
        .description("Time a handler took for one job")
        .tag(MetricNames.TAG_TYPE, type)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    this.wait = Timer.builder(MetricNames.JOB_WAIT)
        .description("Time from enqueue (or retry due time) to handler start")
        .tag(MetricNames.TAG_TYPE, type)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofHours(6))
        .register(registry);
    this.inflight = Gauge.builder(MetricNames.INFLIGHT, inflight)
        .description("Handlers running now")
        .tag(MetricNames.TAG_TYPE, type).strongReference(true).register(registry);
  }

  private Counter jobs(String outcome) {
    return Counter.builder(MetricNames.JOBS)
        .description("Jobs run, by outcome")
        .tag(MetricNames.TAG_TYPE, type).tag(MetricNames.TAG_OUTCOME, outcome)
        .register(registry);
  }

  void abandonedThreads(Supplier<Number> count) {
    abandoned = Gauge.builder(ABANDONED_THREADS, count)
        .description("Handler threads that timed out and have not returned")
        .tag(MetricNames.TAG_TYPE, type).strongReference(true).register(registry);
  }

  /** Reports what the control plane asks of this worker. */
  void control(WorkerControl control) {
    paused = Gauge.builder(MetricNames.WORKER_PAUSED, control, c -> c.paused() ? 1 : 0)
        .description("1 while the job type is paused through the control plane")
        .tag(MetricNames.TAG_TYPE, type).strongReference(true).register(registry);
    rateLimit = Gauge.builder(MetricNames.WORKER_RATE_LIMIT, control, WorkerControl::localRate)
        .description("This worker's share of the job type's rate limit, jobs per second; NaN without a limit")
        .tag(MetricNames.TAG_TYPE, type).strongReference(true).register(registry);
  }

  void cancelled() {
    cancelled.increment();
  }

  void succeeded(long durationNanos) {
    succeeded.increment();
    duration.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  void failed(long durationNanos) {
    failed.increment();
    duration.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  void timedOut(long durationNanos) {
    timedOut.increment();
    duration.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  void undecodable() {
    undecodable.increment();
  }

  void undecodableDeadLettered() {
    undecodableDeadLetters.increment();
  }

  void handoffFailed() {
    handoffFailures.increment();
  }

  void registryFailed() {
    registryFailures.increment();
  }

  void stuckRecord() {
    stuckRecords.increment();
  }

  void skippedDone() {
    skippedDone.increment();
  }

  void unreadableCommitMetadata() {
    unreadableCommitMetadata.increment();
  }

  void waited(long millis) {
    wait.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** Starts reporting the queue lag of an assigned partition. Poll thread only. */
  void partitionAssigned(PartitionState state) {
    TopicPartition tp = state.topicPartition;
    lagGauges.computeIfAbsent(tp, k -> Gauge.builder(MetricNames.QUEUE_LAG, state, PartitionState::queueLag)
        .description("Jobs of the partition not yet done: unfetched plus held unfinished")
        .tag(MetricNames.TAG_TYPE, type).tag(MetricNames.TAG_PARTITION, Integer.toString(tp.partition()))
        .strongReference(true).register(registry));
  }

  /** Stops reporting a partition that is no longer assigned. Poll thread only. */
  void partitionRevoked(TopicPartition tp) {
    Gauge gauge = lagGauges.remove(tp);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  /** Removes every meter of this worker, so a registry outliving it shows no stale values. */
  void close() {
    lagGauges.values().forEach(registry::remove);
    lagGauges.clear();
    registry.remove(inflight);
    for (Gauge g : new Gauge[] {abandoned, paused, rateLimit}) {
      if (g != null) {
        registry.remove(g);
      }
    }
  }
}
