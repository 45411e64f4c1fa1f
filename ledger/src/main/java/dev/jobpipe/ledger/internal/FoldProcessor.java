package dev.jobpipe.ledger.internal;

import dev.jobpipe.ledger.JobView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies each event of a job (keyed by job id) to its view in the jobs store with {@link
 * JobFold}, keeps the {@link LedgerIndex} in step, and enforces retention: on a wall-clock
 * punctuation it deletes every job that has been terminal for longer than the retention, oldest
 * first, in bounded batches.
 */
final class FoldProcessor implements Processor<String, LedgerEvent, Void, Void> {

  /** Most jobs one retention punctuation deletes; the next one goes on. */
  static final int EXPIRY_BATCH = 10_000;

  private final Duration retention;
  private final Duration checkInterval;
  private final Clock clock;
  private final LedgerMetrics metrics;
  private KeyValueStore<String, JobView> jobs;
  private KeyValueStore<String, byte[]> index;

  FoldProcessor(Duration retention, Duration checkInterval, Clock clock, LedgerMetrics metrics) {
    this.retention = retention;
    this.checkInterval = checkInterval;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    jobs = context.getStateStore(LedgerTopology.JOBS_STORE);
    index = context.getStateStore(LedgerTopology.INDEX_STORE);
    context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, now -> expire());
  }

  @Override
  public void process(Record<String, LedgerEvent> record) {
    LedgerEvent event = record.value();
    if (event == null || record.key() == null) {
      return;
    }
    JobView before = jobs.get(record.key());
    JobView after = JobFold.apply(before, event);
    if (after == null || after == before) {
      metrics.ignored();
      return;
    }
    jobs.put(record.key(), after);
    LedgerIndex.update(index, before, after);
    metrics.applied();
  }

  /** Deletes jobs terminal since before now - retention; returns how many. */
  int expire() {
    String to = LedgerIndex.EXPIRY_PREFIX + LedgerIndex.hex(Math.max(0, clock.millis() - retention.toMillis())) + "/";
    List<String> ids = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = index.range(LedgerIndex.EXPIRY_PREFIX, to)) {
      while (it.hasNext() && ids.size() < EXPIRY_BATCH) {
        KeyValue<String, byte[]> entry = it.next();
        ids.add(LedgerIndex.idOfExpiry(entry.key));
      }
    }
    for (String id : ids) {
      JobView view = jobs.delete(id);
      if (view != null) {
        LedgerIndex.update(index, view, null);
      }
    }
    metrics.expired(ids.size());
    return ids.size();
  }
}
