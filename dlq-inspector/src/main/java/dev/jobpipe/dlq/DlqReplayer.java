package dev.jobpipe.dlq;

import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.dlq.internal.KafkaReplayLog;
import dev.jobpipe.dlq.internal.RateLimiter;
import dev.jobpipe.dlq.internal.ReplayHeaders;
import dev.jobpipe.dlq.internal.SendBatch;
import dev.jobpipe.dlq.internal.Sleeper;
import dev.jobpipe.schemas.JobTopics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Republishes dead letters of one job type to its main topic {@code jobs.T} after the cause was
 * fixed. Each replayed job keeps its key, value bytes and job id, starts again at attempt 1 with a
 * new {@code jobpipe.enqueued.at}, and carries {@code jobpipe.replay.of} = the letter's DLQ position
 * {@code partition-offset} (e.g. {@code 0-42}); the failure headers are dropped.
 *
 * <p>Idempotent through the {@link ReplayLog}: letters already in it are skipped unless forced.
 * Letters go out in DLQ order, in batches: the batch is flushed and every send acknowledged before
 * the batch's replay-log entries are written, so a crash in between causes at most a duplicate
 * replay, never a lost one. Each payload is first checked with a {@link SchemaCheck}; letters that
 * no longer fit are listed and skipped. Not thread-safe.
 */
public final class DlqReplayer {

  private final String type;
  private final String target;
  private final DeadLetterReader reader;
  private final ReplayLog replayLog;
  private final SchemaCheck schemaCheck;
  private final Producer<byte[], byte[]> producer;
  private final int batchSize;
  private final Clock clock;
  private final Sleeper sleeper;

  private DlqReplayer(Builder b) {
    this.type = b.type;
    this.target = JobTopics.of(type).main();
    this.reader = Objects.requireNonNull(b.reader, "reader");
    this.replayLog = Objects.requireNonNull(b.replayLog, "replayLog");
    this.schemaCheck = Objects.requireNonNull(b.schemaCheck, "schemaCheck");
    this.producer = Objects.requireNonNull(b.producer, "producer");
    this.batchSize = b.batchSize;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
  }

  /** A builder for replaying dead letters of job type {@code type}; throws when the name is invalid. */
  public static Builder builder(String type) {
    return new Builder(JobTopics.validateType(type));
  }

  /**
   * Replays every letter matching {@code selection}. When it names job ids, each must have a letter
   * (checked before anything is sent: a typo sends nothing). Throws {@link DlqException} when a
   * send fails; letters acknowledged before it are logged.
   */
  public ReplayReport replay(DeadLetterFilter selection, ReplayOptions options, ReplayListener listener)
      throws InterruptedException {
    if (!selection.jobIds().isEmpty()) {
      requireJobs(selection);
    }
    Set<String> done = options.force() ? Set.of() : replayLog.replayed();
    if (!options.dryRun()) {
      replayLog.ensureExists();
    }
    Map<Integer, OffsetRange> ranges = reader.offsets();
    Map<Integer, Long> before = new TreeMap<>();
    long total = 0;
    for (Map.Entry<Integer, OffsetRange> e : ranges.entrySet()) {
      before.put(e.getKey(), total);
      total += e.getValue().size();
    }
    Run run = new Run(options, listener, done, new RateLimiter(options.rate(), clock, sleeper));
    final long totalOffsets = total;
    try {
      reader.scanWhile(selection, letter -> {
        run.handle(letter);
        OffsetRange range = ranges.get(letter.partition());
        listener.progress(before.get(letter.partition()) + letter.offset() - range.start() + 1, totalOffsets);
        return true;
      });
      run.completeBatch();
    } catch (Interrupted e) {
      throw e.cause;
    }
    listener.progress(totalOffsets, totalOffsets);
    return new ReplayReport(target, options.dryRun(), run.replayed, run.already, run.unfit, run.copies);
  }

  private void requireJobs(DeadLetterFilter selection) {
    Set<String> missing = new TreeSet<>(selection.jobIds());
    reader.scanWhile(DeadLetterFilter.all().withJobIds(selection.jobIds()), letter -> {
      missing.remove(letter.jobId());
      return !missing.isEmpty();
    });
    if (!missing.isEmpty()) {
      throw new DlqException("no dead letter with job id " + String.join(", ", missing) + " in " + reader.topic()
          + ": nothing was replayed");
    }
  }

  /** Carries an interruption out of the scan callback. */
  private static final class Interrupted extends RuntimeException {
    final InterruptedException cause;

    Interrupted(InterruptedException cause) {
      super(cause);
      this.cause = cause;
    }
  }

  /** The state of one replay call. */
  private final class Run {
    final ReplayOptions options;
    final ReplayListener listener;
    final Set<String> done;
    final RateLimiter limiter;
    final SendBatch<DeadLetter> batch = new SendBatch<>();
    final List<ReplayReport.Entry> replayed = new ArrayList<>();
    final List<ReplayReport.Entry> already = new ArrayList<>();
    final List<ReplayReport.Entry> unfit = new ArrayList<>();
    final List<ReplayReport.Entry> copies = new ArrayList<>();
    final LetterCopies seen = new LetterCopies();

    Run(ReplayOptions options, ReplayListener listener, Set<String> done, RateLimiter limiter) {
      this.options = options;
      this.listener = listener;
      this.done = done;
      this.limiter = limiter;
    }

    void handle(DeadLetter letter) {
      if (!seen.first(letter)) {
        copies.add(new ReplayReport.Entry(letter.jobId(), letter.position(), "copy of an earlier letter of "
            + LetterCopies.identity(letter).orElseThrow()));
        listener.skipped(letter, "a copy of an earlier letter with the same origin and attempt");
        return;
      }
      if (done.contains(letter.position())) {
        already.add(new ReplayReport.Entry(letter.jobId(), letter.position(), "already replayed"));
        listener.skipped(letter, "already replayed (see " + replayLog.topic() + "; --force replays it again)");
        return;
      }
      var problem = schemaCheck.problem(letter.value());
      if (problem.isPresent()) {
        unfit.add(new ReplayReport.Entry(letter.jobId(), letter.position(), problem.get()));
        listener.skipped(letter, problem.get());
        return;
      }
      if (options.dryRun()) {
        replayed.add(new ReplayReport.Entry(letter.jobId(), letter.position(), null));
        listener.replayed(letter, null);
        return;
      }
      try {
        limiter.acquire();
        ProducerRecord<byte[], byte[]> job = new ProducerRecord<>(target, null, null, letter.key(), letter.value(),
            ReplayHeaders.forReplay(letter, type, clock.instant()));
        batch.add(letter, producer.send(job));
        if (batch.size() >= batchSize) {
          completeBatch();
        }
      } catch (InterruptedException e) {
        throw new Interrupted(e);
      }
    }

    /** Waits for the batch's jobs, then logs those acknowledged; a failed send stops the replay. */
    void completeBatch() {
      try {
        List<SendBatch.Outcome<DeadLetter>> outcomes = batch.complete(producer);
        SendBatch<RecordMetadata> entries = new SendBatch<>();
        SendBatch.Outcome<DeadLetter> failed = null;
        for (SendBatch.Outcome<DeadLetter> o : outcomes) {
          if (o.failure() != null) {
            failed = failed == null ? o : failed;
            continue;
          }
          Future<RecordMetadata> logged = producer.send(
              KafkaReplayLog.entry(replayLog.topic(), o.item(), o.metadata(), clock.instant()));
          entries.add(o.metadata(), logged);
          RecordMetadata m = o.metadata();
          replayed.add(new ReplayReport.Entry(o.item().jobId(), o.item().position(),
              JobIds.derived(m.topic(), m.partition(), m.offset())));
          listener.replayed(o.item(), m);
        }
        for (SendBatch.Outcome<RecordMetadata> o : entries.complete(producer)) {
          if (o.failure() != null) {
            throw new DlqException("replayed jobs were acknowledged but the replay log " + replayLog.topic()
                + " could not be written (" + o.failure().getMessage() + "): replaying the same letters again "
                + "will send some of them twice", o.failure());
          }
        }
        if (failed != null) {
          throw new DlqException("replay stopped: sending job " + failed.item().jobId() + " (DLQ "
              + failed.item().position() + ") to " + target + " failed: " + failed.failure().getMessage()
              + "; " + replayed.size() + " job(s) were replayed and logged before", failed.failure());
        }
      } catch (InterruptedException e) {
        throw new Interrupted(e);
      }
    }
  }

  /** Builds a {@link DlqReplayer}; every collaborator is required. */
  public static final class Builder {
    private final String type;
    private DeadLetterReader reader;
    private ReplayLog replayLog;
    private SchemaCheck schemaCheck;
    private Producer<byte[], byte[]> producer;
    private int batchSize = 500;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder(String type) {
      this.type = type;
    }

    /** Reads the letters of {@code jobs.T.dlq}. */
    public Builder reader(DeadLetterReader r) {
      this.reader = r;
      return this;
    }

    public Builder replayLog(ReplayLog log) {
      this.replayLog = log;
      return this;
    }

    public Builder schemaCheck(SchemaCheck check) {
      this.schemaCheck = check;
      return this;
    }

    /** Sends jobs and replay-log entries; should be idempotent with {@code acks=all}. */
    public Builder producer(Producer<byte[], byte[]> p) {
      this.producer = p;
      return this;
    }

    /** Jobs sent between two acknowledgement waits (and replay-log writes). */
    public Builder batchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("batch size must be positive: " + n);
      }
      this.batchSize = n;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    Builder sleeper(Sleeper s) {
      this.sleeper = Objects.requireNonNull(s, "sleeper");
      return this;
    }

    public DlqReplayer build() {
      return new DlqReplayer(this);
    }
  }
}
