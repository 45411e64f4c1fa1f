package dev.jobpipe.console.web.internal;

import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.DeadLetterFilter;
import dev.jobpipe.dlq.DeadLetterHeader;
import dev.jobpipe.dlq.DeadLetterReader;
import dev.jobpipe.dlq.DlqClients;
import dev.jobpipe.dlq.DlqConfig;
import dev.jobpipe.dlq.DlqException;
import dev.jobpipe.dlq.DlqPurger;
import dev.jobpipe.dlq.DlqReplayer;
import dev.jobpipe.dlq.DlqStats;
import dev.jobpipe.dlq.LetterCopies;
import dev.jobpipe.dlq.LogPosition;
import dev.jobpipe.dlq.PayloadView;
import dev.jobpipe.dlq.PurgePlan;
import dev.jobpipe.dlq.ReplayListener;
import dev.jobpipe.dlq.ReplayLog;
import dev.jobpipe.dlq.ReplayOptions;
import dev.jobpipe.dlq.ReplayReport;
import dev.jobpipe.dlq.SchemaCheck;
import dev.jobpipe.dlq.TopicLog;
import dev.jobpipe.dlq.RateLimit;
import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The dead-letter pages' work, all through the {@code dlq-inspector} library: lists with filters,
 * one letter in full (payload decoded, masked for viewers), statistics (cached briefly: they read
 * the whole DLQ), replay (its replay log makes it idempotent; one replay or purge of a type at a
 * time) and purge.
 */
public final class DeadLetters implements AutoCloseable {

  /** Most letters a text search reads through before it stops (newest matches first within them). */
  static final int TEXT_SCAN_LIMIT = 200_000;
  static final Duration STATS_TTL = Duration.ofSeconds(15);

  /** A list query: the library's filter plus free text matched against id, class and message. */
  public record Query(DeadLetterFilter filter, String text, int limit) {}

  private record CachedStats(DlqStats stats, Instant at) {}

  private final DlqConfig config;
  private final Admin admin;
  private final Producer<byte[], byte[]> producer;
  private final SchemaRegistryClient registry;
  private final AvroCodec codec;
  private final ClientPool<Consumer<byte[], byte[]>> consumers;
  private final PayloadMask mask;
  private final Clock clock;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Map<String, CachedStats> stats = new ConcurrentHashMap<>();

  public DeadLetters(DlqConfig config, Admin admin, SchemaRegistryClient registry, PayloadMask mask, Clock clock) {
    this.config = config;
    this.admin = admin;
    this.registry = registry;
    this.codec = new AvroCodec(registry, false);
    this.producer = DlqClients.producer(config);
    this.consumers = new ClientPool<>(() -> DlqClients.consumer(config), 4);
    this.mask = mask;
    this.clock = clock;
  }

  /** Runs {@code use} with a pooled consumer and the DLQ of {@code type}; a 404 when the type has none. */
  private <T> T withDlq(String type, BiFunction<Consumer<byte[], byte[]>, TopicLog, T> use) {
    return consumers.with(c -> {
      TopicLog log = DlqClients.topicLog(c, JobTopics.of(type).dlq(), config);
      if (!log.exists()) {
        throw new HttpProblem(404, "job type " + type + " has no dead-letter topic " + log.topic());
      }
      return use.apply(c, log);
    });
  }

  private <T> T withReader(String type, Function<DeadLetterReader, T> use) {
    return withDlq(type, (c, log) -> use.apply(new DeadLetterReader(log, config.readChunkSize())));
  }

  /** As {@link #withDlq}, one replay or purge of a type at a time (a second one gets a 409); drops its cached statistics. */
  private <T> T exclusively(String type, BiFunction<Consumer<byte[], byte[]>, TopicLog, T> use) {
    ReentrantLock lock = locks.computeIfAbsent(type, t -> new ReentrantLock());
    if (!lock.tryLock()) {
      throw new HttpProblem(409, "a replay or purge of " + type + " is running: try again when it is done");
    }
    try {
      return withDlq(type, use);
    } finally {
      stats.remove(type);
      lock.unlock();
    }
  }

  /** Letters matching {@code q}, newest first, one per origin and attempt. */
  public List<Map<String, Object>> list(String type, Query q) {
    return withReader(type, reader -> {
      List<DeadLetter> letters;
      if (q.text() == null) {
        letters = reader.newestFirst(q.filter(), q.limit(), new LetterCopies());
      } else {
        letters = textMatches(reader, q, TEXT_SCAN_LIMIT);
        letters.sort(DeadLetterReader.NEWEST_FIRST);
        if (letters.size() > q.limit()) {
          letters = letters.subList(0, q.limit());
        }
      }
      return letters.stream().map(DeadLetters::summary).toList();
    });
  }

  private static List<DeadLetter> textMatches(DeadLetterReader reader, Query q, int most) {
    String needle = q.text().toLowerCase(Locale.ROOT);
    List<DeadLetter> out = new ArrayList<>();
    LetterCopies copies = new LetterCopies();
    reader.scanWhile(q.filter(), l -> {
      if (copies.first(l) && contains(l, needle)) {
        out.add(l);
      }
      return out.size() < most;
    });
    return out;
  }

  private static boolean contains(DeadLetter l, String needle) {
    for (String s : new String[] {l.jobId(), l.errorClass(), l.errorMessage()}) {
      if (s != null && s.toLowerCase(Locale.ROOT).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** The letter in full; its payload masked unless {@code whole}. */
  public Map<String, Object> detail(String type, int partition, long offset, boolean whole) {
    return withReader(type, reader -> {
      DeadLetter l;
      try {
        l = reader.at(partition, offset);
      } catch (DlqException e) {
        throw new HttpProblem(404, e.getMessage());
      }
      Map<String, Object> out = summary(l);
      PayloadView payload = PayloadView.of(l.value(), l.schemaId(), codec::decode);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("schemaId", payload.schemaId());
      p.put("schemaName", payload.schemaName());
      p.put("json", whole ? payload.json() : mask.apply(type, payload.json()));
      p.put("masked", !whole && mask.masks(type));
      p.put("problem", payload.problem());
      p.put("raw", payload.decoded() || (!whole && mask.masks(type)) ? null : l.valuePreview());
      out.put("payload", p);
      out.put("key", l.keyText());
      out.put("stack", l.errorStack());
      List<Map<String, String>> headers = new ArrayList<>();
      for (DeadLetterHeader h : l.headers()) {
        if (!h.name().equals(JobHeaders.ERROR_STACK)) {
          headers.add(Map.of("name", h.name(), "value", h.text()));
        }
      }
      out.put("headers", headers);
      out.put("history", history(l));
      return out;
    });
  }

  /** What the headers tell of the job's life, oldest first. */
  private static List<Map<String, Object>> history(DeadLetter l) {
    List<Map<String, Object>> events = new ArrayList<>();
    if (l.enqueuedAt() != null) {
      events.add(event(l.enqueuedAt(), "enqueued" + (l.replayOf() == null ? "" : " (a replay of DLQ " + l.replayOf() + ")")));
    }
    if (l.attempt() > 1) {
      events.add(event(null, (l.attempt() - 1) + " earlier attempt(s) failed and were retried"));
    }
    events.add(event(l.failedAt(), "attempt " + l.attempt() + " failed"
        + (l.errorClass() == null ? "" : ": " + l.errorClass()) + (l.origin() == null ? "" : " (read from " + l.origin() + ")")));
    events.add(event(l.timestamp(), "dead-lettered" + (l.reason() == null ? "" : " (" + l.reason() + ")")));
    return events;
  }

  private static Map<String, Object> event(Instant at, String what) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", at);
    m.put("what", what);
    return m;
  }

  static Map<String, Object> summary(DeadLetter l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partition", l.partition());
    m.put("offset", l.offset());
    m.put("position", l.position());
    m.put("jobId", l.jobId());
    m.put("attempt", l.attempt());
    m.put("reason", l.reason() == null ? null : l.reason().name());
    m.put("errorClass", l.errorClass());
    String msg = l.errorMessage();
    m.put("errorMessage", msg != null && msg.length() > 500 ? msg.substring(0, 500) + "…" : msg);
    m.put("failedAt", l.failedAt());
    m.put("enqueuedAt", l.enqueuedAt());
    m.put("deadLetteredAt", l.timestamp());
    m.put("replayOf", l.replayOf());
    return m;
  }

  /** Counts by reason and error class; computed at most every {@link #STATS_TTL} per type. */
  public DlqStats stats(String type) {
    CachedStats cached = stats.get(type);
    Instant now = clock.instant();
    if (cached != null && cached.at().plus(STATS_TTL).isAfter(now)) {
      return cached.stats();
    }
    DlqStats fresh = withReader(type, reader -> DlqStats.of(reader, clock));
    stats.put(type, new CachedStats(fresh, now));
    return fresh;
  }

  /**
   * Replays the letters {@code q} selects (or the letters of {@code jobIds} when given); a dry run
   * only counts. A text criterion is resolved to the job ids it matches first.
   */
  public ReplayReport replay(String type, Query q, Set<String> jobIds, boolean dryRun) {
    return exclusively(type, (c, log) -> {
      DeadLetterReader reader = new DeadLetterReader(log, config.readChunkSize());
      DeadLetterFilter selection = q.filter();
      if (!jobIds.isEmpty()) {
        selection = DeadLetterFilter.all().withJobIds(jobIds);
      } else if (q.text() != null) {
        Set<String> ids = new TreeSet<>();
        textMatches(reader, q, TEXT_SCAN_LIMIT).forEach(l -> ids.add(l.jobId()));
        if (ids.isEmpty()) {
          return new ReplayReport(JobTopics.of(type).main(), dryRun, List.of(), List.of(), List.of(), List.of());
        }
        selection = q.filter().withJobIds(ids);
      }
      ReplayLog replayLog = DlqClients.replayLog(c, admin, type, config);
      DlqReplayer replayer = DlqReplayer.builder(type).reader(reader).replayLog(replayLog)
          .schemaCheck(SchemaCheck.registry(registry, codec, JobTopics.of(type).main() + "-value"))
          .producer(producer).batchSize(config.replayBatchSize()).clock(clock).build();
      try {
        return replayer.replay(selection, new ReplayOptions(dryRun, false, RateLimit.UNLIMITED), ReplayListener.NONE);
      } catch (DlqException e) {
        throw new HttpProblem(400, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HttpProblem(503, "interrupted");
      }
    });
  }

  /** What purging before {@code before} would delete, or (not a dry run) deletes it. */
  public Map<String, Object> purge(String type, LogPosition before, boolean dryRun) {
    return exclusively(type, (c, log) -> {
      DlqPurger purger = new DlqPurger(admin, log, config.apiTimeout());
      PurgePlan plan = purger.plan(before, null);
      long deleted = dryRun ? 0 : purger.purge(plan);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("dryRun", dryRun);
      out.put("before", before.toString());
      out.put("count", plan.count());
      out.put("deleted", deleted);
      Map<String, Object> parts = new LinkedHashMap<>();
      plan.sorted().forEach((p, r) -> parts.put(Integer.toString(p), Map.of("from", r.start(), "to", r.end())));
      out.put("partitions", parts);
      return out;
    });
  }

  /** Everything to purge: every record, whatever its time. */
  static LogPosition everything() {
    return new LogPosition.Offset(Long.MAX_VALUE);
  }

  @Override
  public void close() {
    consumers.close();
    producer.close(Duration.ofSeconds(5));
  }
}
