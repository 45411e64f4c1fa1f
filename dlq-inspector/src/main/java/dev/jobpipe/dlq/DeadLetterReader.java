package dev.jobpipe.dlq;

import dev.jobpipe.dlq.internal.LetterNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a DLQ topic as {@link DeadLetter}s through a {@link TopicLog}: newest first, in offset
 * order, one letter by position, or all letters of a job. Nothing it does joins a consumer group.
 * Reads go in chunks of {@code chunkSize} records, so a bounded query over a large DLQ reads only
 * the tail it needs, and a full scan never holds more than one chunk.
 */
public final class DeadLetterReader {

  /** Letters newest first: by DLQ record time, then by position for letters written in the same millisecond. */
  public static final Comparator<DeadLetter> NEWEST_FIRST = Comparator
      .comparing(DeadLetter::timestamp)
      .thenComparingLong(DeadLetter::offset)
      .thenComparingInt(DeadLetter::partition)
      .reversed();

  private final TopicLog log;
  private final int chunkSize;

  public DeadLetterReader(TopicLog log, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
    }
    this.log = log;
    this.chunkSize = chunkSize;
  }

  public String topic() {
    return log.topic();
  }

  /** Per partition, the offsets the DLQ holds. */
  public Map<Integer, OffsetRange> offsets() {
    return log.offsets();
  }

  /**
   * Up to {@code limit} letters matching {@code filter}, newest first. Each partition is read
   * backwards from its end, a chunk at a time, until it has yielded {@code limit} matches.
   */
  public List<DeadLetter> newestFirst(DeadLetterFilter filter, int limit) {
    requireLimit(limit);
    List<DeadLetter> all = new ArrayList<>();
    for (Map.Entry<Integer, OffsetRange> e : log.offsets().entrySet()) {
      int partition = e.getKey();
      OffsetRange range = e.getValue();
      List<DeadLetter> found = new ArrayList<>();
      long to = range.end();
      while (to > range.start() && found.size() < limit) {
        long from = Math.max(range.start(), to - chunkSize);
        List<DeadLetter> chunk = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : log.read(partition, from, to)) {
          DeadLetter letter = LetterNormalizer.normalize(r);
          if (filter.matches(letter)) {
            chunk.add(letter);
          }
        }
        for (int i = chunk.size() - 1; i >= 0 && found.size() < limit; i--) {
          found.add(chunk.get(i));
        }
        to = from;
      }
      all.addAll(found);
    }
    all.sort(NEWEST_FIRST);
    return all.size() > limit ? List.copyOf(all.subList(0, limit)) : List.copyOf(all);
  }

  /**
   * As {@link #newestFirst(DeadLetterFilter, int)}, showing one letter per origin and attempt (the
   * oldest copy) and counting the copies it hid in {@code copies}.
   */
  public List<DeadLetter> newestFirst(DeadLetterFilter filter, int limit, LetterCopies copies) {
    requireLimit(limit);
    // read enough to fill the page with distinct letters even when many are copies
    List<DeadLetter> candidates = new ArrayList<>(newestFirst(filter, limit * 2 + 16));
    candidates.sort(NEWEST_FIRST.reversed());
    List<DeadLetter> distinct = new ArrayList<>();
    for (DeadLetter letter : candidates) {
      if (copies.first(letter)) {
        distinct.add(letter);
      }
    }
    distinct.sort(NEWEST_FIRST);
    return distinct.size() > limit ? List.copyOf(distinct.subList(0, limit)) : List.copyOf(distinct);
  }

  /**
   * As {@link #byOffset(DeadLetterFilter, int)}, skipping later copies of a letter's origin and
   * attempt and counting them in {@code copies}.
   */
  public List<DeadLetter> byOffset(DeadLetterFilter filter, int limit, LetterCopies copies) {
    requireLimit(limit);
    List<DeadLetter> out = new ArrayList<>();
    scanWhile(filter, letter -> {
      if (copies.first(letter)) {
        out.add(letter);
      }
      return out.size() < limit;
    });
    return List.copyOf(out);
  }

  /** Up to {@code limit} letters matching {@code filter} in partition then offset order. */
  public List<DeadLetter> byOffset(DeadLetterFilter filter, int limit) {
    requireLimit(limit);
    List<DeadLetter> out = new ArrayList<>();
    scanWhile(filter, letter -> {
      out.add(letter);
      return out.size() < limit;
    });
    return List.copyOf(out);
  }

  /** Feeds every letter matching {@code filter} to {@code sink}, partition by partition in offset order. */
  public void scan(DeadLetterFilter filter, Consumer<DeadLetter> sink) {
    scanWhile(filter, letter -> {
      sink.accept(letter);
      return true;
    });
  }

  /** The letter at {@code partition}/{@code offset}; {@link DlqException} when the DLQ holds no such offset. */
  public DeadLetter at(int partition, long offset) {
    OffsetRange range = log.offsets().get(partition);
    if (range == null) {
      throw new DlqException(log.topic() + " has no partition " + partition + " (partitions: " + log.partitions() + ")");
    }
    if (!range.contains(offset)) {
      throw new DlqException("offset " + offset + " is not in " + log.topic() + " partition " + partition
          + (range.isEmpty() ? " (the partition is empty)" : " (holds offsets " + range.start() + " to " + (range.end() - 1) + ")"));
    }
    List<ConsumerRecord<byte[], byte[]>> records = log.read(partition, offset, offset + 1);
    if (records.isEmpty()) {
      throw new DlqException("offset " + offset + " of " + log.topic() + " partition " + partition
          + " holds no record (compacted away or a transaction marker)");
    }
    return LetterNormalizer.normalize(records.get(0));
  }

  /** Every letter of job {@code jobId}, newest first; {@link DlqException} when there is none. */
  public List<DeadLetter> byJobId(String jobId) {
    List<DeadLetter> out = new ArrayList<>();
    scan(DeadLetterFilter.all().withJobIds(Set.of(jobId)), out::add);
    if (out.isEmpty()) {
      throw new DlqException("no dead letter with job id " + jobId + " in " + log.topic());
    }
    out.sort(NEWEST_FIRST);
    return List.copyOf(out);
  }

  /** A letter-visiting callback that may stop the scan. */
  @FunctionalInterface
  public interface Visitor {
    /** Returns whether to go on. */
    boolean visit(DeadLetter letter);
  }

  /** Like {@link #scan}, stopping as soon as {@code visitor} returns false. */
  public void scanWhile(DeadLetterFilter filter, Visitor visitor) {
    for (Map.Entry<Integer, OffsetRange> e : log.offsets().entrySet()) {
      OffsetRange range = e.getValue();
      for (long from = range.start(); from < range.end(); from += chunkSize) {
        for (ConsumerRecord<byte[], byte[]> r : log.read(e.getKey(), from, Math.min(range.end(), from + chunkSize))) {
          DeadLetter letter = LetterNormalizer.normalize(r);
          if (filter.matches(letter) && !visitor.visit(letter)) {
            return;
          }
        }
      }
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }
}
