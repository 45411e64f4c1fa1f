package dev.jobpipe.router.internal;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns due retries to their main topic. Consumes every {@code jobs.*.retry.*} topic (a pattern,
 * so new tiers join without a restart), holds each record until its {@code jobpipe.not.before},
 * then produces it to {@code jobs.T} with {@code jobpipe.attempt} + 1 and commits the consumed
 * offsets in the same transaction, so a forward is neither lost nor doubled. {@code not.before} is
 * kept on the forwarded record: the worker measures the job's wait from it.
 *
 * <p>No busy polling: the poll timeout is bounded by the earliest due time of any held record, so
 * the thread wakes when the next record is due (or when new records arrive), and forwards every
 * due record, up to {@code maxBatch} per transaction. Records already due forward at once. A
 * partition whose read-ahead window is full is paused, seeked back to the first record not taken,
 * and resumed once forwards make room (see {@link PartitionWindow}).
 *
 * <p>The producer's transactions carry the consumer's group metadata, so after a rebalance a
 * forwarder that lost a partition cannot commit it (KIP-447). Abortable failures abort the
 * transaction and retry after a short backoff; a fenced or otherwise unusable producer stops the
 * forwarder with the error.
 */
public final class TierForwarder {

  private static final Logger log = LoggerFactory.getLogger(TierForwarder.class);
  private static final Duration ERROR_BACKOFF = Duration.ofMillis(500);
  static final long ABORT_BACKOFF_MS = 100;
  static final long ABORT_BACKOFF_MAX_MS = 5_000;
  private static final int COMMIT_TIMEOUT_RETRIES = 5;

  private final Consumer<byte[], byte[]> consumer;
  private final Supplier<Producer<byte[], byte[]>> producerFactory;
  private final Clock clock;
  private final RouterMetrics metrics;
  private final int maxBatch;
  private final int maxWindow;
  private final Duration idlePoll;
  private final Map<TopicPartition, PartitionWindow> windows = new HashMap<>();
  private final Map<TopicPartition, Boolean> ignored = new HashMap<>();

  private Producer<byte[], byte[]> producer;
  private long backoffUntil;
  private boolean assignedOnce;
  private volatile boolean ready;
  /** Set by {@link #stop()}: the router is closing, so waits end and a pending abort is given up. */
  private volatile boolean stopping;
  private final Object stopSignal = new Object();

  public TierForwarder(
      Consumer<byte[], byte[]> consumer,
      Supplier<Producer<byte[], byte[]>> producerFactory,
      Clock clock,
      RouterMetrics metrics,
      int maxBatch,
      int maxWindow,
      Duration idlePoll) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.producerFactory = Objects.requireNonNull(producerFactory, "producerFactory");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.maxBatch = maxBatch;
    this.maxWindow = maxWindow;
    this.idlePoll = idlePoll;
  }

  /** Subscribes and initializes the transactional producer; call once, on the poll thread. */
  public void init() {
    producer = producerFactory.get();
    producer.initTransactions();
    consumer.subscribe(JobTopics.RETRY_TOPICS, new Rebalance());
  }

  /**
   * One round: poll (waiting at most until the earliest held record is due), take the new records
   * into their windows, forward what is due in one transaction, resume partitions with room.
   * Throws {@link WakeupException} when woken to close, or a {@link KafkaException} when the
   * producer is fenced or unusable.
   */
  public void runOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout(clock.millis()));
    for (TopicPartition tp : records.partitions()) {
      take(tp, records.records(tp));
    }
    long now = clock.millis();
    if (now >= backoffUntil) {
      List<PartitionWindow.Held> due = collectDue(now);
      if (!due.isEmpty()) {
        forward(due);
      }
    }
    resumeWindowsWithRoom();
    updateLag();
    ready = assignedOnce || consumer.subscription().isEmpty();
  }

  /** Whether the first poll has completed with an assignment (or with no tier topic to consume). */
  public boolean ready() {
    return ready;
  }

  /** Closes the producer (the caller owns and closes the consumer). */
  public void closeProducer() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** Records held in memory across all partitions; for tests and diagnostics. */
  int heldCount() {
    return windows.values().stream().mapToInt(PartitionWindow::heldCount).sum();
  }

  /** How long the next poll may wait: until the earliest due record, at most {@code idlePoll}. */
  Duration pollTimeout(long now) {
    long earliest = Long.MAX_VALUE;
    for (PartitionWindow window : windows.values()) {
      earliest = Math.min(earliest, window.earliestDue());
    }
    if (earliest != Long.MAX_VALUE) {
      earliest = Math.max(earliest, backoffUntil);
    }
    long wait = earliest == Long.MAX_VALUE ? idlePoll.toMillis() : Math.min(idlePoll.toMillis(), earliest - now);
    return Duration.ofMillis(Math.max(0L, wait));
  }

  private void take(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
    PartitionWindow window = windows.get(tp);
    if (window == null) {
      return;
    }
    for (ConsumerRecord<byte[], byte[]> record : records) {
      long due = JobHeaders.notBefore(record.headers()).map(i -> i.toEpochMilli()).orElse(Long.MIN_VALUE);
      if (window.offer(record, due) == PartitionWindow.Offer.FULL) {
        consumer.seek(tp, record.offset());
        consumer.pause(List.of(tp));
        window.paused(true);
        log.debug("{}: read-ahead window full at offset {}, paused until its head is forwarded", tp, record.offset());
        return;
      }
    }
  }

  private List<PartitionWindow.Held> collectDue(long now) {
    List<PartitionWindow.Held> due = new ArrayList<>();
    for (PartitionWindow window : windows.values()) {
      window.collectDue(now, due);
    }
    if (due.size() > maxBatch) {
      due.sort(Comparator.comparingLong(PartitionWindow.Held::due));
      return new ArrayList<>(due.subList(0, maxBatch));
    }
    return due;
  }

  private void forward(List<PartitionWindow.Held> batch) {
    Map<TopicPartition, List<PartitionWindow.Held>> byPartition = new LinkedHashMap<>();
    for (PartitionWindow.Held held : batch) {
      byPartition.computeIfAbsent(held.partition(), k -> new ArrayList<>()).add(held);
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    byPartition.forEach((tp, held) ->
        offsets.put(tp, windows.get(tp).commitAfter(held.stream().map(PartitionWindow.Held::offset).toList())));
    long started = clock.millis();
    try {
      producer.beginTransaction();
      for (PartitionWindow.Held held : batch) {
        producer.send(forwardRecord(windows.get(held.partition()).tier(), held.record()));
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      commit();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
             | UnsupportedVersionException | FencedInstanceIdException e) {
      throw e;
    } catch (KafkaException e) {
      log.warn("forward of {} due retries aborted, retrying in {} ms: {}", batch.size(), ERROR_BACKOFF.toMillis(), e.toString());
      abort();
      backoffUntil = clock.millis() + ERROR_BACKOFF.toMillis();
      return;
    }
    long done = clock.millis();
    if (log.isDebugEnabled()) {
      long maxLateness = batch.stream().mapToLong(h -> h.due() == Long.MIN_VALUE ? 0L : done - h.due()).max().orElse(0L);
      log.debug("forwarded {} due retries of {} partitions in {} ms, max lateness {} ms",
          batch.size(), byPartition.size(), done - started, maxLateness);
    }
    byPartition.forEach((tp, held) -> {
      PartitionWindow window = windows.get(tp);
      window.forwarded(held);
      for (PartitionWindow.Held h : held) {
        long lateness = h.due() == Long.MIN_VALUE ? 0L : done - h.due();
        metrics.forwarded(window.tier().type(), window.tier().tier(), lateness, done - h.record().timestamp());
      }
    });
  }

  /**
   * Asks the forwarder to stop: a wait between abort attempts ends at once and the abort is given up
   * (closing the producer ends the transaction). Any thread; the caller then wakes the consumer.
   */
  public void stop() {
    synchronized (stopSignal) {
      stopping = true;
      stopSignal.notifyAll();
    }
  }

  /**
   * Aborts the open transaction, retrying while the broker is unreachable: a timed-out abort may be
   * retried, and giving up would stop the router at the first broker outage longer than
   * {@code max.block.ms}. Attempts are spaced by a backoff that doubles from
   * {@value #ABORT_BACKOFF_MS} ms to {@value #ABORT_BACKOFF_MAX_MS} ms; {@link #stop()} ends the wait
   * and throws {@link WakeupException}, as a woken poll would.
   */
  private void abort() {
    long backoff = ABORT_BACKOFF_MS;
    while (true) {
      try {
        producer.abortTransaction();
        return;
      } catch (TimeoutException e) {
        if (stopping) {
          throw new WakeupException();
        }
        log.warn("abort of a failed forward timed out (broker unreachable?), retrying in {} ms: {}", backoff, e.toString());
        if (awaitStop(backoff)) {
          throw new WakeupException();
        }
        backoff = Math.min(backoff * 2, ABORT_BACKOFF_MAX_MS);
      }
    }
  }

  /** Waits up to {@code millis} for {@link #stop()}; true when stopping. */
  private boolean awaitStop(long millis) {
    synchronized (stopSignal) {
      if (!stopping) {
        try {
          stopSignal.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return true;
        }
      }
      return stopping;
    }
  }

  /** Commits, retrying a commit whose outcome timed out, as the producer's contract asks. */
  private void commit() {
    for (int attempt = 1; ; attempt++) {
      try {
        producer.commitTransaction();
        return;
      } catch (TimeoutException e) {
        if (attempt >= COMMIT_TIMEOUT_RETRIES) {
          throw new KafkaException("commit of forwarded retries timed out " + attempt + " times", e);
        }
        log.warn("commit of forwarded retries timed out, retrying: {}", e.toString());
      }
    }
  }

  /** The retry as it goes back to {@code jobs.T}: same key, value and headers, attempt + 1. */
  static ProducerRecord<byte[], byte[]> forwardRecord(TierTopic tier, ConsumerRecord<byte[], byte[]> record) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    JobHeaders.set(headers, JobHeaders.ATTEMPT, JobHeaders.attempt(record.headers()) + 1L);
    return new ProducerRecord<>(tier.mainTopic(), null, null, record.key(), record.value(), headers);
  }

  private void resumeWindowsWithRoom() {
    List<TopicPartition> resume = new ArrayList<>();
    for (PartitionWindow window : windows.values()) {
      if (window.paused() && window.hasRoom()) {
        window.paused(false);
        resume.add(window.partition());
      }
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  private void updateLag() {
    Map<TierTopic, Long> lag = new HashMap<>();
    for (PartitionWindow window : windows.values()) {
      long unread = Math.max(0L, consumer.currentLag(window.partition()).orElse(0L));
      lag.merge(window.tier(), window.heldCount() + unread, Long::sum);
    }
    lag.forEach((tier, value) -> metrics.tierLag(tier.type(), tier.tier(), value));
  }

  /** Builds a window per assigned tier partition from its committed offset and metadata; drops revoked ones. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drop(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assignedOnce = true;
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
      List<TopicPartition> foreign = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        Optional<TierTopic> tier = TierTopic.parse(tp.topic());
        if (tier.isEmpty()) {
          foreign.add(tp);
          if (ignored.put(tp, Boolean.TRUE) == null) {
            log.warn("{} matches the retry topic pattern but names no valid job type; not consuming it", tp);
          }
          continue;
        }
        windows.put(tp, new PartitionWindow(tp, tier.get(), maxWindow, committed.get(tp)));
      }
      if (!foreign.isEmpty()) {
        consumer.pause(foreign);
      }
      log.info("forwarding {}", partitions);
    }

    private void drop(Collection<TopicPartition> partitions) {
      Map<TierTopic, Boolean> touched = new HashMap<>();
      for (TopicPartition tp : partitions) {
        PartitionWindow window = windows.remove(tp);
        if (window != null) {
          touched.put(window.tier(), Boolean.TRUE);
        }
      }
      touched.keySet().forEach(tier -> metrics.tierLag(tier.type(), tier.tier(), 0L));
    }
  }
}
