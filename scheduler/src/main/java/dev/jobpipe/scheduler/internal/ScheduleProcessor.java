package dev.jobpipe.scheduler.internal;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one-off jobs of one partition of every {@code jobs.*.scheduled} topic until they are due,
 * then forwards them to {@code jobs.T}. A record stores the job (or replaces its earlier due time);
 * a tombstone deletes it; a record already due when it is read as it is written is forwarded at
 * once. A wall-clock punctuation forwards everything due and deletes it from both stores: under
 * exactly-once the forward, the deletes (changelog writes) and the input offsets commit in one
 * transaction, so a crash either leaves the job pending or forwarded, never both, and a restart
 * restores the stores from the changelog. A job is never forwarded before its due time by this
 * process's clock, nor before the task has read every record written before that time (its
 * {@link ReadHorizon}): a task that catches up (after a restart or a late start) would otherwise
 * forward a job it reads past its due time before the cancel or reschedule written after it.
 */
public final class ScheduleProcessor implements Processor<byte[], byte[], byte[], OutgoingJob> {

  /** (due time, type, job id) → the job. */
  public static final String DUE_STORE = "scheduled-due";
  /** (type, job id) → due time. */
  public static final String ID_STORE = "scheduled-ids";

  private static final Logger log = LoggerFactory.getLogger(ScheduleProcessor.class);

  private final SchedulerMetrics metrics;
  private final int batchMax;
  private final Map<String, Long> localPending = new HashMap<>();
  private final Map<String, String> mainTopics = new HashMap<>();
  private ProcessorContext<byte[], OutgoingJob> context;
  private KeyValueStore<Bytes, byte[]> dues;
  private KeyValueStore<Bytes, byte[]> ids;
  private DueTimer timer;
  private ReadHorizon horizon;
  /** No pending job of this task is due before this time. */
  private long nextDue = Long.MAX_VALUE;
  /** No pending job of this task is due before this time either: due keys below it were all deleted. */
  private long scanFrom;

  public ScheduleProcessor(SchedulerMetrics metrics, int batchMax) {
    this.metrics = metrics;
    this.batchMax = batchMax;
  }

  @Override
  public void init(ProcessorContext<byte[], OutgoingJob> context) {
    this.context = context;
    this.dues = context.getStateStore(DUE_STORE);
    this.ids = context.getStateStore(ID_STORE);
    try (KeyValueIterator<Bytes, byte[]> all = ids.all()) {
      while (all.hasNext()) {
        pending(StoreKeys.typeOfId(all.next().key), 1);
      }
    }
    this.scanFrom = 0L;
    this.nextDue = earliestDueFrom(0L);
    // a wall-clock punctuation at the earliest due time: due jobs go out at the stream thread's
    // first check after it, and a task with nothing due does not punctuate (nor commit)
    this.timer = new DueTimer(context, this::punctuate);
    long now = context.currentSystemTimeMs();
    this.horizon = new ReadHorizon(now);
    armTimer(now);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    long now = context.currentSystemTimeMs();
    horizon.read(record.timestamp(), now);
    Optional<String> type = context.recordMetadata().map(RecordMetadata::topic).flatMap(JobTopics::typeOfScheduled);
    if (type.isEmpty()) {
      return;
    }
    if (record.key() == null) {
      log.warn("dropping a record of {} without a key: the key of a scheduled job is its job id",
          JobTopics.of(type.get()).scheduled());
      return;
    }
    String jobId = new String(record.key(), StandardCharsets.UTF_8);
    Bytes idKey = StoreKeys.id(type.get(), jobId);
    boolean removed = remove(type.get(), idKey);
    if (record.value() == null) {
      if (removed) {
        log.info("cancelled scheduled job {} of type {}", jobId, type.get());
      } else {
        log.info("cancel of job {} of type {}: it is not pending (unknown, already forwarded or cancelled);"
            + " nothing to do", jobId, type.get());
      }
      metrics.cancel(type.get(), removed ? "cancelled" : "not_pending");
      armTimer(now);
      return;
    }
    Optional<Instant> notBefore = JobHeaders.notBefore(record.headers());
    if (notBefore.isEmpty()) {
      log.warn("scheduled job {} of type {} has no valid {} header: it is due now", jobId, type.get(),
          JobHeaders.NOT_BEFORE);
    }
    long due = notBefore.map(Instant::toEpochMilli).orElse(now);
    ScheduledJob job = toJob(type.get(), jobId, due, record);
    if (due <= now && horizon.live()) {
      forward(job, now);
      // visible to workers only once committed: at the end of this batch, not at the commit interval
      context.commit();
      return;
    }
    dues.put(StoreKeys.due(due, idKey), job.encode());
    ids.put(idKey, StoreKeys.millis(due));
    pending(type.get(), 1);
    nextDue = Math.min(nextDue, due);
    scanFrom = Math.min(scanFrom, due);
    armTimer(now);
  }

  /**
   * Arms the timer for the next time something may go out: the earliest due time, or, when that
   * has passed but the task has not read every record written before it, the time the task has
   * read nothing for {@link ReadHorizon#QUIET_MS} (records read meanwhile move it on).
   */
  private void armTimer(long now) {
    if (nextDue == Long.MAX_VALUE) {
      return;
    }
    boolean readUpToIt = nextDue > now || horizon.safeUntil(now, context.currentStreamTimeMs()) >= nextDue;
    timer.wakeAt(readUpToIt ? nextDue : horizon.quietAt(), now);
  }

  /** Deletes the pending entry of {@code idKey}, if any; true when there was one. */
  private boolean remove(String type, Bytes idKey) {
    byte[] due = ids.get(idKey);
    if (due == null) {
      return false;
    }
    dues.delete(StoreKeys.due(StoreKeys.millis(due), idKey));
    ids.delete(idKey);
    pending(type, -1);
    return true;
  }

  private static ScheduledJob toJob(String type, String jobId, long due, Record<byte[], byte[]> record) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    if (headers.lastHeader(JobHeaders.JOB_ID) == null) {
      // a plain client's job keeps the id it was scheduled (and can be cancelled) by
      headers.add(JobHeaders.JOB_ID, record.key());
    }
    var orderingKey = record.headers().lastHeader(JobHeaders.ORDERING_KEY);
    byte[] key = orderingKey != null && orderingKey.value() != null ? orderingKey.value() : record.key();
    return new ScheduledJob(type, jobId, due, key, record.value(), headers);
  }

  void punctuate(long now) {
    timer.disarm();
    long until = horizon.safeUntil(now, context.currentStreamTimeMs());
    if (nextDue > until) {
      armTimer(now);
      return;
    }
    List<ScheduledJob> forwarded = new ArrayList<>();
    List<Bytes> keys = new ArrayList<>();
    boolean more = false;
    try (KeyValueIterator<Bytes, byte[]> due = dues.range(StoreKeys.bound(scanFrom), StoreKeys.bound(until + 1))) {
      while (due.hasNext()) {
        if (forwarded.size() == batchMax) {
          more = true;
          break;
        }
        KeyValue<Bytes, byte[]> entry = due.next();
        ScheduledJob job = ScheduledJob.decode(entry.value);
        forward(job, now);
        forwarded.add(job);
        keys.add(entry.key);
        scanFrom = job.dueMillis();
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      ScheduledJob job = forwarded.get(i);
      // put(null) deletes without reading the old value back, as delete() would
      dues.put(keys.get(i), null);
      ids.put(StoreKeys.id(job.type(), job.jobId()), null);
      pending(job.type(), -1);
    }
    nextDue = more ? scanFrom : earliestDueFrom(until + 1);
    armTimer(now);
    if (!forwarded.isEmpty()) {
      // commit now rather than at the commit interval: a forwarded job is visible to workers
      // (read_committed) only once its transaction commits
      context.commit();
    }
  }

  private void forward(ScheduledJob job, long now) {
    String topic = mainTopics.computeIfAbsent(job.type(), t -> JobTopics.of(t).main());
    context.forward(new Record<>(job.key(), new OutgoingJob(topic, job.value()), now, job.headers()));
    metrics.forwarded(job.type(), now - job.dueMillis());
  }

  private long earliestDueFrom(long from) {
    try (KeyValueIterator<Bytes, byte[]> it = dues.range(StoreKeys.bound(from), StoreKeys.bound(Long.MAX_VALUE))) {
      return it.hasNext() ? StoreKeys.dueOf(it.peekNextKey()) : Long.MAX_VALUE;
    }
  }

  private void pending(String type, long delta) {
    localPending.merge(type, delta, Long::sum);
    metrics.pending(type, delta);
  }

  @Override
  public void close() {
    localPending.forEach((type, count) -> metrics.pending(type, -count));
    localPending.clear();
  }
}
