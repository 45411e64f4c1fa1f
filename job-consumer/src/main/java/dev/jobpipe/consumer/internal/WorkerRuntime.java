package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.ExceptionClassifier;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.observability.HealthState;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's poll loop and lifecycle. One platform thread owns the consumer and every partition
 * state: it polls, appends records to their partition windows and dispatches them to virtual
 * threads, advances the done prefixes and commits them in batches, pauses partitions that hold
 * {@code max.inflight.per.partition} records (or all of them while the registry or the handoff
 * backs off) and resumes them as they drain, and handles rebalances and shutdown. Job threads never
 * touch the consumer; they only flip their entry's state.
 *
 * <p>It composes what grew around the loop: {@link AccessWatch} (the broker refusing the worker) and
 * {@link WorkerControl} (what the control plane asks: read before the first job, pause, rate limit,
 * cancel).
 *
 * <p>Stopping: fetching stops, unstarted records above the newest started one are cancelled (they
 * never ran, so running them on the next start is no repeat), the rest are awaited up to the drain
 * timeout, and the done prefix is committed synchronously. Revocation does the same for the revoked
 * partitions, bounded by the revocation timeout.
 */
public final class WorkerRuntime {

  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  /** How long the loop waits after an empty poll while a partition is paused. */
  private static final Duration PAUSED_IDLE = Duration.ofMillis(2);
  /**
   * As {@link #PAUSED_IDLE} while the type is paused through the control plane: nothing is fetched
   * until a resume, which the loop then sees within this time.
   */
  private static final Duration CONTROL_PAUSED_IDLE = Duration.ofMillis(20);
  private static final long LAG_REFRESH_MILLIS = 1_000;
  private static final Duration CLOSE_CLIENT_TIMEOUT = Duration.ofSeconds(10);

  private final JobWorkerConfig config;
  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final HealthState health;
  private final Clock clock;
  private final Runnable onClosed;
  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private final Semaphore slots;
  private final BackoffGate registryGate;
  private final BackoffGate handoffGate;
  private final AccessWatch access;
  private final WorkerMetrics metrics;
  private final JobExecutor executor;
  private final OffsetCommitter committer;
  private final StuckRecordWatch stuckWatch;
  private final WorkerControl control;
  private final Thread pollThread;
  private final CountDownLatch terminated = new CountDownLatch(1);

  private volatile boolean stopRequested;
  private volatile boolean started;
  /** The first reason the worker stopped on its own; later ones are logged, never kept. */
  private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
      new java.util.concurrent.atomic.AtomicReference<>();
  /**
   * The worker a job thread runs for, set by the thread factory on each job thread: lets
   * {@link #close()} tell its own job threads (which must not wait for themselves) from those of
   * another worker of the same type in the same JVM (which must wait).
   */
  private static final ThreadLocal<WorkerRuntime> JOB_THREAD_OWNER = new ThreadLocal<>();
  private long lastLagRefresh;

  /**
   * @param onClosed runs once the loop has stopped and the clients are closed (e.g. closing a
   *     registry client the worker created)
   */
  public WorkerRuntime(JobWorkerConfig config, JobHandler<?> handler, PayloadDecoder decoder,
      ExceptionClassifier classifier, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
      MeterRegistry meterRegistry, HealthState health, Clock clock, Runnable onClosed) {
    this(config, handler, decoder, classifier, consumer, producer, null, meterRegistry, health, clock, onClosed);
  }

  /**
   * @param controlReader reads the type's {@code jobs.T.control}, which the worker reads to the end
   *     before its first job and follows; null to follow none
   * @param onClosed runs once the loop has stopped and the clients are closed (e.g. closing a
   *     registry client the worker created)
   */
  @SuppressWarnings("unchecked")
  public WorkerRuntime(JobWorkerConfig config, JobHandler<?> handler, PayloadDecoder decoder,
      ExceptionClassifier classifier, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
      dev.jobpipe.schemas.control.ControlTopicReader controlReader,
      MeterRegistry meterRegistry, HealthState health, Clock clock, Runnable onClosed) {
    this.config = config;
    this.topic = config.topics().main();
    this.consumer = consumer;
    this.producer = producer;
    this.health = health;
    this.clock = clock;
    this.onClosed = onClosed;
    String type = config.jobType();
    this.slots = new Semaphore(config.concurrency());
    this.registryGate = new BackoffGate("registry", config.registryBackoff(), config.registryBackoffMax(), clock);
    this.handoffGate = new BackoffGate("handoff", config.handoffBackoff(), config.handoffBackoffMax(), clock);
    this.access = new AccessWatch(topic, consumer, health, clock, () -> stopRequested);
    int concurrency = config.concurrency();
    this.metrics = new WorkerMetrics(meterRegistry, type, () -> concurrency - slots.availablePermits());
    this.control = new WorkerControl(type, clock, controlReader);
    if (control.following()) {
      metrics.control(control);
    }
    JobExecutor.Builder b = new JobExecutor.Builder();
    b.handler = (JobHandler<Object>) handler;
    b.decoder = decoder;
    b.classifier = classifier;
    b.handoff = new FailureHandoff(config.topics(), producer, clock, config.errorStackMaxBytes(), config.handoffTimeout());
    b.done = config.doneEventsEnabled()
        ? new DoneHandoff(config.topics(), producer, handoffGate, metrics, workerInstance(config),
            config.doneResultMaxBytes())
        : null;
    b.slots = slots;
    b.registryGate = registryGate;
    b.handoffGate = handoffGate;
    b.metrics = metrics;
    b.clock = clock;
    b.timeout = config.jobTimeout();
    java.util.concurrent.ThreadFactory named = Thread.ofVirtual().name("jobpipe-" + type + "-job-", 0).factory();
    b.threads = task -> named.newThread(() -> {
      JOB_THREAD_OWNER.set(this);
      task.run();
    });
    b.type = type;
    b.onInternalError = this::fail;
    b.control = control;
    this.executor = b.build();
    this.committer = new OffsetCommitter(consumer, clock, config.commitInterval(), config.commitMaxRecords(),
        config.commitMetadataMaxBytes(), partitions, metrics);
    this.stuckWatch = new StuckRecordWatch(config.jobTimeout(), config.handoffTimeout(), metrics, executor::retry);
    this.pollThread = Thread.ofPlatform().name("jobpipe-" + type + "-poll").unstarted(this::run);
  }

  /** Names this worker in done records: the consumer's client id, host and process id. */
  private static String workerInstance(JobWorkerConfig config) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      host = "unknown-host";
    }
    Object clientId = config.consumerProperties().get(ConsumerConfig.CLIENT_ID_CONFIG);
    return clientId + "@" + host + "/" + ProcessHandle.current().pid();
  }

  /** Starts the poll thread. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("worker already started");
    }
    started = true;
    executor.start();
    control.start();
    pollThread.start();
  }

  /** Asks the loop to stop; returns at once. */
  public void requestStop() {
    stopRequested = true;
  }

  /** Stops the worker because of {@code error}, which {@link #failure()} then reports. */
  void fail(Throwable error) {
    if (!failure.compareAndSet(null, error)) {
      log.warn("worker for {}: a further failure while stopping for the first", topic, error);
    }
    health.setLive(false);
    requestStop();
  }

  /**
   * Stops and waits until drained, committed and closed. Safe from any thread, and more than once;
   * from a job thread it only requests the stop (waiting there would wait for itself).
   */
  public void close() {
    requestStop();
    if (!started) {
      synchronized (this) {
        if (!started) {
          started = true;
          closeClients();
          terminated.countDown();
          return;
        }
      }
    }
    if (Thread.currentThread() == pollThread || JOB_THREAD_OWNER.get() == this) {
      return;
    }
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the loop to end; true when it did within {@code timeout}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean terminated() {
    return terminated.getCount() == 0;
  }

  /** Why the loop stopped on its own, if it did. */
  public Throwable failure() {
    return failure.get();
  }

  /** Handler threads that timed out and have not returned. */
  public int abandonedThreads() {
    return executor.watchdog().abandoned();
  }

  private void run() {
    try {
      if (!control.awaitRead(() -> stopRequested, access::failedBeforePolling)) {
        return;
      }
      consumer.subscribe(List.of(topic), new Rebalance());
      log.info("worker for {} started: {}", topic, config);
      while (!stopRequested) {
        pollOnce();
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      health.setLive(false);
      log.error("worker for {} failed; stopping", topic, t);
    } finally {
      shutdown();
    }
  }

  private void pollOnce() throws InterruptedException {
    control.cancelHeld(partitions.values());
    boolean anyPaused = updatePauses();
    // While a partition is paused, the Kafka 4 consumer spins through the whole poll timeout when
    // the only fetched data it holds is a paused partition's (KAFKA-21084): poll without waiting and
    // wait here instead, so a worker full of slow jobs does not burn a core on polling.
    // nor past the next commit, so what finished is recorded within commit.interval.ms
    Duration wait = anyPaused ? Duration.ZERO
        : Duration.ofMillis(Math.min(config.pollTimeout().toMillis(), Math.max(1, committer.millisUntilDue())));
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(wait);
    } catch (AuthenticationException | AuthorizationException e) {
      access.refused(e);
      return;
    }
    access.polled(records);
    if (!records.isEmpty()) {
      dispatch(records);
    } else if (anyPaused) {
      Thread.sleep(control.paused() ? CONTROL_PAUSED_IDLE : PAUSED_IDLE);
    }
    committer.maybeCommit();
    everySecond();
    health.setReady(!registryGate.down() && !access.down());
  }

  private void dispatch(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      PartitionState state = partitions.get(tp);
      if (state == null) {
        // The consumer returns records only for assigned partitions, whose state onPartitionsAssigned made.
        log.warn("records for {} which this worker was not told it owns; tracking it from now", tp);
        state = assign(tp);
      }
      for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
        JobEntry entry = state.append(record);
        if (entry.state() == JobEntry.DONE) {
          // a previous owner finished it and said so in its commit metadata
          metrics.skippedDone();
        } else {
          executor.dispatch(entry);
        }
      }
    }
  }

  /**
   * Pauses full partitions (all while a backoff is in force), resumes them once they hold less than
   * half the bound, so a busy partition is not paused and resumed every poll. Checked once per
   * poll, so a partition may hold up to one poll's records ({@code max.poll.records}) over the bound.
   */
  private boolean updatePauses() {
    boolean backoff = registryGate.blocksFetching() || handoffGate.blocksFetching() || control.paused();
    int bound = config.maxInflightPerPartition();
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    boolean anyPaused = false;
    for (PartitionState state : partitions.values()) {
      // sizes are current: the committer advanced every done prefix at the end of the last round
      boolean full = state.size() >= (state.paused() ? Math.max(1, bound / 2) : bound);
      boolean shouldPause = backoff || full;
      if (shouldPause && !state.paused()) {
        pause.add(state.topicPartition);
        state.paused(true);
      } else if (!shouldPause && state.paused()) {
        resume.add(state.topicPartition);
        state.paused(false);
      }
      anyPaused |= shouldPause;
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
      log.debug("paused {}", pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
      log.debug("resumed {}", resume);
    }
    return anyPaused;
  }

  /** Once a second: the stuck-record watch and the queue lag gauges. */
  private void everySecond() {
    long now = clock.millis();
    if (now - lastLagRefresh < LAG_REFRESH_MILLIS) {
      return;
    }
    lastLagRefresh = now;
    if (!stopRequested) {
      stuckWatch.check(partitions.values(), now);
    }
    for (PartitionState state : partitions.values()) {
      OptionalLong lag = consumer.currentLag(state.topicPartition);
      if (lag.isPresent()) {
        state.queueLag(lag.getAsLong());
      }
    }
  }

  private PartitionState assign(TopicPartition tp) {
    PartitionState state = new PartitionState(tp, config.ordering());
    partitions.put(tp, state);
    metrics.partitionAssigned(state);
    return state;
  }

  /**
   * Gives up {@code states}: cancels their unstarted tails, waits (bounded) for what must finish,
   * and commits their done prefixes.
   */
  private void release(Collection<PartitionState> states, int cancelled, Duration await, String why) {
    if (states.isEmpty()) {
      return;
    }
    boolean settled = awaitSettled(states, await);
    committer.commitSync(states);
    for (PartitionState state : states) {
      state.cancelAll();
    }
    log.info("{}: released {} (cancelled {} unstarted records{})", why,
        states.stream().map(s -> s.topicPartition).toList(), cancelled,
        settled ? "" : "; gave up waiting for running jobs after " + await.toMillis() + " ms");
  }

  /**
   * Closes the partitions, cancels what has not started, and wakes job threads waiting on a backoff
   * gate for them; returns how many were cancelled.
   */
  private int cancelTails(Collection<PartitionState> states) {
    int cancelled = 0;
    for (PartitionState state : states) {
      state.close();
      cancelled += state.cancelTail();
    }
    executor.wakeWaiters();
    return cancelled;
  }

  /** Waits, up to {@code await} in all, for the closed partitions' running jobs to settle. */
  private boolean awaitSettled(Collection<PartitionState> states, Duration await) {
    long deadline = System.nanoTime() + await.toNanos();
    try {
      for (PartitionState state : states) {
        state.awaitSettled(deadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    int unsettled = 0;
    for (PartitionState state : states) {
      unsettled += state.unsettled();
    }
    if (unsettled > 0) {
      log.warn("{} jobs still running after waiting {} ms", unsettled, await.toMillis());
    }
    return unsettled == 0;
  }

  private void shutdown() {
    List<PartitionState> all = new ArrayList<>(partitions.values());
    int cancelled = cancelTails(all);
    health.setReady(false);
    try {
      release(all, cancelled, config.shutdownDrainTimeout(), "stopping");
    } catch (RuntimeException e) {
      log.warn("final drain and commit failed: {}", e.toString());
    }
    partitions.keySet().forEach(metrics::partitionRevoked);
    partitions.clear();
    closeClients();
    log.info("worker for {} stopped", topic);
    terminated.countDown();
  }

  private void closeClients() {
    control.close();
    executor.close();
    try {
      consumer.close(CLOSE_CLIENT_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("closing the consumer failed: {}", e.toString());
    }
    try {
      producer.close(CLOSE_CLIENT_TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("closing the producer failed: {}", e.toString());
    }
    metrics.close();
    try {
      onClosed.run();
    } catch (RuntimeException e) {
      log.warn("closing the worker's resources failed: {}", e.toString());
    }
  }

  /** Rebalance callbacks; the consumer runs them on the poll thread, inside poll. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      List<PartitionState> fresh = new ArrayList<>();
      for (TopicPartition tp : assigned) {
        if (!partitions.containsKey(tp)) {
          fresh.add(assign(tp));
        }
      }
      committer.restore(fresh);
      if (control.paused() && !fresh.isEmpty()) {
        // a worker joining a paused type fetches nothing, not even one poll's worth
        consumer.pause(fresh.stream().map(s -> s.topicPartition).toList());
        fresh.forEach(s -> s.paused(true));
      }
      updateShare();
      if (!assigned.isEmpty()) {
        log.info("assigned {}", assigned);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      List<PartitionState> states = take(revoked);
      release(states, cancelTails(states), config.revocationAwaitTimeout(), "revoked");
      forget(states);
      updateShare();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      List<PartitionState> states = take(lost);
      for (PartitionState state : states) {
        state.close();
        state.cancelAll();
      }
      executor.wakeWaiters();
      forget(states);
      updateShare();
      if (!states.isEmpty()) {
        log.warn("lost {} without a chance to commit; their unfinished records run again on the new owner",
            states.stream().map(s -> s.topicPartition).toList());
      }
    }

    /** This worker's share of the type's partitions, for its share of the rate limit. */
    private void updateShare() {
      int total;
      try {
        List<org.apache.kafka.common.PartitionInfo> infos = consumer.partitionsFor(topic);
        total = infos == null ? 0 : infos.size();
      } catch (RuntimeException e) {
        log.warn("cannot read the partition count of {} ({}); rate share unchanged", topic, e.toString());
        return;
      }
      control.share(partitions.size(), Math.max(total, partitions.size()));
    }

    private List<PartitionState> take(Collection<TopicPartition> tps) {
      List<PartitionState> states = new ArrayList<>();
      for (TopicPartition tp : tps) {
        PartitionState state = partitions.get(tp);
        if (state != null) {
          states.add(state);
        }
      }
      return states;
    }

    private void forget(List<PartitionState> states) {
      for (PartitionState state : states) {
        partitions.remove(state.topicPartition);
        metrics.partitionRevoked(state.topicPartition);
      }
    }
  }
}
