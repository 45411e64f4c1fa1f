package dev.jobpipe.scheduler.internal;

import dev.jobpipe.scheduler.CronFire;
import dev.jobpipe.scheduler.CronSchedule;
import dev.jobpipe.scheduler.FireTimes;
import dev.jobpipe.scheduler.MisfirePolicy;
import dev.jobpipe.scheduler.OverlapPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the recurring schedules of one partition of {@code jobpipe.cron}. Definitions are kept in
 * one store, the last fire time of each schedule in another; a wall-clock punctuation fires what is
 * due and advances the last fire time in the same exactly-once transaction as the fire records, so
 * a fire is written at most once per (name, fire time) across crashes, restarts and rebalances: a
 * schedule lives in exactly one task (its name is the partition key), and a task that takes over
 * restores the last fire times from the changelog.
 *
 * <p>A schedule with {@link OverlapPolicy#SKIP} keeps the id of its last fire until the fire's end
 * arrives from the fire-ends topic (see {@link FireEndProcessor}), and skips its fire times until
 * then.
 *
 * <p>A new schedule fires from the time its definition was written; resuming a paused one does not
 * catch up the paused period. Fires found more than the misfire grace after their time follow the
 * schedule's {@link MisfirePolicy}. Nothing fires while the task has not read its input up to the
 * wall clock ({@link ReadHorizon}): after a restart, a delete or pause written before a fire time
 * is read before that time fires.
 */
public final class CronProcessor implements Processor<byte[], byte[], byte[], OutgoingJob> {

  public static final String DEFINITION_STORE = "cron-definitions";
  public static final String STATE_STORE = "cron-last-fired";
  /** Schedule name → id of its last fire not yet known to have ended (overlap policy skip only). */
  public static final String UNFINISHED_STORE = "cron-unfinished";

  /** Most fire times looked at per schedule per punctuation, so a per-second schedule after a long outage stays cheap. */
  static final int MAX_ENUMERATED = 1_000;

  private static final Logger log = LoggerFactory.getLogger(CronProcessor.class);

  private final SchedulerMetrics metrics;
  private final long graceMillis;
  private final Map<String, CronSchedule> schedules = new HashMap<>();
  private final Map<String, Long> nextFire = new HashMap<>();
  private final TreeSet<Due> queue = new TreeSet<>();
  private ProcessorContext<byte[], OutgoingJob> context;
  private KeyValueStore<String, byte[]> definitions;
  private KeyValueStore<String, Long> lastFired;
  private KeyValueStore<String, String> unfinished;
  private final String fireEndsTopic;
  private DueTimer timer;
  private ReadHorizon horizon;
  /** False when the ends of jobs are not read (cron.overlap.skip.enabled=false): skip fires like allow. */
  private final boolean overlapSkip;

  public CronProcessor(SchedulerMetrics metrics, Duration misfireGrace, String fireEndsTopic, boolean overlapSkip) {
    this.metrics = metrics;
    this.overlapSkip = overlapSkip;
    this.fireEndsTopic = fireEndsTopic;
    this.graceMillis = misfireGrace.toMillis();
  }

  private record Due(long at, String name) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : name.compareTo(o.name);
    }
  }

  @Override
  public void init(ProcessorContext<byte[], OutgoingJob> context) {
    this.context = context;
    this.definitions = context.getStateStore(DEFINITION_STORE);
    this.lastFired = context.getStateStore(STATE_STORE);
    this.unfinished = context.getStateStore(UNFINISHED_STORE);
    try (KeyValueIterator<String, byte[]> all = definitions.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> kv = all.next();
        parse(kv.key, kv.value).ifPresent(s -> {
          schedules.put(s.name(), s);
          Long last = lastFired.get(s.name());
          plan(s, last != null ? last : context.currentSystemTimeMs());
        });
      }
    }
    this.timer = new DueTimer(context, this::punctuate);
    long now = context.currentSystemTimeMs();
    this.horizon = new ReadHorizon(now);
    wake(now);
  }

  /**
   * Arms the punctuation for the earliest planned fire, or, when that has passed while the task
   * has not read all its input yet, for the time it will have (see {@link ReadHorizon}).
   */
  private void wake(long now) {
    if (!queue.isEmpty()) {
      long first = queue.first().at();
      timer.wakeAt(first > now || horizon.caughtUp(now) ? first : horizon.quietAt(), now);
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    horizon.read(record.timestamp(), context.currentSystemTimeMs());
    if (record.key() == null) {
      return;
    }
    String name = new String(record.key(), StandardCharsets.UTF_8);
    if (context.recordMetadata().map(m -> m.topic().equals(fireEndsTopic)).orElse(false)) {
      ended(name, record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
      return;
    }
    unplan(name);
    if (record.value() == null) {
      schedules.remove(name);
      definitions.delete(name);
      lastFired.delete(name);
      unfinished.delete(name);
      log.info("recurring schedule {} deleted", name);
      return;
    }
    Optional<CronSchedule> parsed = parse(name, record.value());
    if (parsed.isEmpty()) {
      return;
    }
    CronSchedule schedule = parsed.get();
    CronSchedule previous = schedules.put(name, schedule);
    definitions.put(name, record.value());
    Long last = lastFired.get(name);
    long since = Math.max(0L, record.timestamp());
    boolean resumed = previous != null && !previous.enabled() && schedule.enabled();
    if (resumed) {
      // the way out for a skip schedule whose unfinished fire never ends (see OverlapPolicy.SKIP)
      unfinished.delete(name);
    }
    if (last == null || resumed) {
      // a new schedule starts from its definition's time; a resumed one does not catch up its pause
      last = last == null ? since : Math.max(last, since);
      lastFired.put(name, last);
    }
    plan(schedule, last);
    wake(context.currentSystemTimeMs());
  }

  /** A fire of schedule {@code name} ended: the schedule may fire again if it was waiting for this one. */
  private void ended(String name, String fireId) {
    if (fireId != null && fireId.equals(unfinished.get(name))) {
      unfinished.delete(name);
      log.debug("fire {} ended; schedule {} may fire again", fireId, name);
    }
  }

  private Optional<CronSchedule> parse(String name, byte[] value) {
    try {
      CronSchedule schedule = CronSchedule.fromJson(value);
      if (!schedule.name().equals(name)) {
        throw new IllegalArgumentException("record key " + name + " differs from the schedule name " + schedule.name());
      }
      if (schedule.value() == null) {
        throw new IllegalArgumentException("no encoded payload (apply schedules with jobpipe cron apply)");
      }
      if (schedule.overlap() == OverlapPolicy.SKIP && !overlapSkip) {
        log.warn("recurring schedule {} has overlap skip, but this scheduler does not read the ends of jobs"
            + " (cron.overlap.skip.enabled=false): it fires at every fire time, like overlap allow", name);
      }
      return Optional.of(schedule);
    } catch (IllegalArgumentException e) {
      log.warn("ignoring recurring schedule {}: {}", name, e.getMessage());
      return Optional.empty();
    }
  }

  private void plan(CronSchedule schedule, long last) {
    if (!schedule.enabled()) {
      return;
    }
    schedule.fireTimes().next(Instant.ofEpochMilli(last)).ifPresent(t -> {
      nextFire.put(schedule.name(), t.toEpochMilli());
      queue.add(new Due(t.toEpochMilli(), schedule.name()));
    });
  }

  private void unplan(String name) {
    Long at = nextFire.remove(name);
    if (at != null) {
      queue.remove(new Due(at, name));
    }
  }

  void punctuate(long now) {
    timer.disarm();
    if (!horizon.caughtUp(now)) {
      // a definition change or a fire's end written before a fire time may still be unread
      wake(now);
      return;
    }
    int fired = 0;
    while (!queue.isEmpty() && queue.first().at() <= now) {
      Due due = queue.pollFirst();
      nextFire.remove(due.name());
      CronSchedule schedule = schedules.get(due.name());
      Long last = lastFired.get(due.name());
      fired += fire(schedule, last != null ? last : due.at() - 1, now);
    }
    wake(now);
    if (fired > 0) {
      context.commit();
    }
  }

  /**
   * Fires what is due of {@code schedule} after {@code last} up to {@code now}; returns how many
   * fires were written. The fire times are the chain {@code next(last)}, {@code next(next(last))},
   * ...; those before the grace window are misfires, counted backwards from it (bounded by the
   * policy's count, however long the scheduler was down).
   */
  private int fire(CronSchedule schedule, long last, long now) {
    FireTimes times = schedule.fireTimes();
    long graceStart = now - graceMillis;
    Optional<Instant> first = times.next(Instant.ofEpochMilli(last));
    // the newest missed fire time, if the chain reaches the grace window only after some
    Optional<Instant> newestMissed = first.isPresent() && first.get().toEpochMilli() < graceStart
        ? times.previous(Instant.ofEpochMilli(graceStart)).filter(p -> p.toEpochMilli() > last)
        : Optional.empty();
    List<Instant> onTime = new ArrayList<>();
    Optional<Instant> next = newestMissed.isPresent() ? times.next(newestMissed.get()) : first;
    while (onTime.size() < MAX_ENUMERATED && next.isPresent() && next.get().toEpochMilli() <= now) {
      onTime.add(next.get());
      next = times.next(next.get());
    }
    // missed fires: after the last fire, before the grace window; the policy keeps the newest `wanted`
    int wanted = switch (schedule.misfire().kind()) {
      case SKIP -> 0;
      case RUN_ONCE -> onTime.isEmpty() ? 1 : 0;
      case CATCH_UP -> schedule.misfire().max();
    };
    Deque<Instant> missed = new ArrayDeque<>();
    boolean skippedSome = false;
    Optional<Instant> earlier = newestMissed;
    while (earlier.isPresent() && earlier.get().toEpochMilli() > last) {
      if (missed.size() == wanted) {
        skippedSome = true;
        break;
      }
      missed.addFirst(earlier.get());
      earlier = times.previous(earlier.get());
    }
    if (skippedSome) {
      metrics.cronFire(schedule.name(), "skipped");
      log.warn("recurring schedule {} missed fire times before {}; misfire policy {}: {} fired late, older ones skipped",
          schedule.name(), missed.isEmpty() ? Instant.ofEpochMilli(graceStart) : missed.getFirst(),
          schedule.misfire(), missed.size());
    }
    Instant enqueued = Instant.ofEpochMilli(now);
    List<Instant> due = new ArrayList<>(missed);
    due.addAll(onTime);
    int written = 0;
    boolean skipOverlaps = overlapSkip && schedule.overlap() == OverlapPolicy.SKIP;
    if (skipOverlaps && !due.isEmpty()) {
      String previous = unfinished.get(schedule.name());
      // at most one unfinished fire: none while the previous one runs, else only the newest due time
      int skip = previous != null ? due.size() : due.size() - 1;
      for (int i = 0; i < skip; i++) {
        metrics.cronFire(schedule.name(), "overlap_skipped");
      }
      if (previous != null) {
        log.info("recurring schedule {} skips {} fire time(s) up to {}: fire {} has not ended (overlap policy skip)",
            schedule.name(), skip, due.getLast(), previous);
      }
      due = due.subList(skip, due.size());
    }
    for (Instant fireTime : due) {
      CronFire fire = CronFire.of(schedule, fireTime, enqueued);
      write(fire, schedule.type(), now);
      metrics.cronFire(schedule.name(), onTime.contains(fireTime) ? "fired" : "late");
      if (skipOverlaps) {
        unfinished.put(schedule.name(), fire.jobId());
      }
      written++;
    }
    // everything up to the latest fire time handled is done: the rest of a long on-time run (more
    // than MAX_ENUMERATED) follows at the next punctuation
    long newLast = !onTime.isEmpty() ? onTime.getLast().toEpochMilli()
        : newestMissed.map(Instant::toEpochMilli).orElse(last);
    newLast = Math.max(newLast, last);
    lastFired.put(schedule.name(), newLast);
    plan(schedule, newLast);
    return written;
  }

  private void write(CronFire fire, String type, long now) {
    context.forward(new Record<>(fire.key(), new OutgoingJob(fire.topic(), fire.value()), now, fire.headers()));
    metrics.forwarded(type, now - fire.fireTime().toEpochMilli());
  }

  @Override
  public void close() {
    queue.clear();
    nextFire.clear();
    schedules.clear();
  }
}
