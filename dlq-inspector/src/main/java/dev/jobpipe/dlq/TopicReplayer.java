package dev.jobpipe.dlq;

import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.dlq.internal.RateLimiter;
import dev.jobpipe.dlq.internal.SendBatch;
import dev.jobpipe.dlq.internal.Sleeper;
import dev.jobpipe.schemas.JobHeaders;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Replays a range of any topic into a target topic (by default itself), e.g. a main topic after a
 * handler bug was fixed: keys, values and headers are kept, {@code jobpipe.replay.of} is set to the
 * source {@code topic-partition-offset}, and the producer's partitioner places each record (same
 * key, same partition when the partition counts match). Sends are acknowledged in batches; a
 * failure stops the replay with the offset to resume from. Not thread-safe.
 */
public final class TopicReplayer {

  private final TopicLog source;
  private final Producer<byte[], byte[]> producer;
  private final int batchSize;
  private final Clock clock;
  private final Sleeper sleeper;

  public TopicReplayer(TopicLog source, Producer<byte[], byte[]> producer, int batchSize, Clock clock) {
    this(source, producer, batchSize, clock, Sleeper.SYSTEM);
  }

  TopicReplayer(TopicLog source, Producer<byte[], byte[]> producer, int batchSize, Clock clock, Sleeper sleeper) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive: " + batchSize);
    }
    this.source = Objects.requireNonNull(source, "source");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.batchSize = batchSize;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = sleeper;
  }

  /**
   * The offsets between {@code from} (included) and {@code to} (excluded; null for the current end)
   * of every partition, or of {@code partition} alone when not null.
   */
  public TopicRange range(LogPosition from, LogPosition to, Integer partition) {
    checkBounds(from, to);
    if (partition != null && !source.partitions().contains(partition)) {
      throw new DlqException(source.topic() + " has no partition " + partition + " (partitions: " + source.partitions() + ")");
    }
    Map<Integer, OffsetRange> ranges = source.offsets();
    Map<Integer, Long> starts = source.resolve(from);
    Map<Integer, Long> ends = to == null ? null : source.resolve(to);
    Map<Integer, OffsetRange> out = new TreeMap<>();
    for (Map.Entry<Integer, OffsetRange> e : ranges.entrySet()) {
      int p = e.getKey();
      if (partition != null && p != partition) {
        continue;
      }
      long start = starts.get(p);
      long end = ends == null ? e.getValue().end() : ends.get(p);
      out.put(p, new OffsetRange(start, Math.max(start, end)));
    }
    return new TopicRange(source.topic(), out);
  }

  /**
   * Rejects a range whose end is not after its start when both are of the same kind (two times or
   * two offsets); mixed bounds can only be judged per partition, where an empty range is fine.
   */
  public static void checkBounds(LogPosition from, LogPosition to) {
    if (from instanceof LogPosition.Time f && to instanceof LogPosition.Time t && !f.time().isBefore(t.time())) {
      throw new IllegalArgumentException("--from (" + f.time() + ") must be before --to (" + t.time() + ")");
    }
    if (from instanceof LogPosition.Offset f && to instanceof LogPosition.Offset t && f.offset() >= t.offset()) {
      throw new IllegalArgumentException("--from offset " + f.offset() + " must be below --to offset " + t.offset());
    }
  }

  /**
   * Sends every record of {@code range} to {@code target} (nothing when {@code dryRun}) and returns
   * how many records were (or would be) sent. {@link DlqException} when a send fails, naming where
   * to resume.
   */
  public long replay(TopicRange range, String target, boolean dryRun, RateLimit rate, ProgressListener listener)
      throws InterruptedException {
    RateLimiter limiter = new RateLimiter(rate, clock, sleeper);
    long total = range.size();
    long done = 0;
    long sent = 0;
    SendBatch<ConsumerRecord<byte[], byte[]>> batch = new SendBatch<>();
    for (Map.Entry<Integer, OffsetRange> e : range.sorted().entrySet()) {
      OffsetRange r = e.getValue();
      for (long from = r.start(); from < r.end(); from += batchSize) {
        List<ConsumerRecord<byte[], byte[]>> records = source.read(e.getKey(), from, Math.min(r.end(), from + batchSize));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (!dryRun) {
            limiter.acquire();
            batch.add(record, producer.send(copy(record, target)));
          }
          sent++;
        }
        acknowledge(batch, target);
        done += Math.min(r.end(), from + batchSize) - from;
        listener.progress(done, total);
      }
    }
    return sent;
  }

  /** Waits for the batch; throws naming the first failed record, where a rerun should resume. */
  private void acknowledge(SendBatch<ConsumerRecord<byte[], byte[]>> batch, String target)
      throws InterruptedException {
    List<SendBatch.Outcome<ConsumerRecord<byte[], byte[]>>> outcomes = batch.complete(producer);
    for (SendBatch.Outcome<ConsumerRecord<byte[], byte[]>> o : outcomes) {
      if (o.failure() != null) {
        ConsumerRecord<byte[], byte[]> r = o.item();
        throw new DlqException("replay stopped: sending " + JobIds.derived(r) + " to "
            + target + " failed: " + o.failure().getMessage() + "; resume with --partition " + r.partition()
            + " --from " + r.offset(), o.failure());
      }
    }
  }

  /** The record as replayed: same key, value and headers, {@code jobpipe.replay.of} set, new timestamp. */
  static ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> record, String target) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : record.headers()) {
      headers.add(h.key(), h.value());
    }
    JobHeaders.set(headers, JobHeaders.REPLAY_OF, JobIds.derived(record));
    return new ProducerRecord<>(target, null, null, record.key(), record.value(), headers);
  }
}
