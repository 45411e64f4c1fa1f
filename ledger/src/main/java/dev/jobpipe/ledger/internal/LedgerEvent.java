package dev.jobpipe.ledger.internal;

/**
 * One thing that happened to a job, read from one record of a job topic: the ledger's unit of
 * input, keyed by job id on its way to the fold. Times are epoch milliseconds; what the record did
 * not say is null.
 *
 * @param kind what happened
 * @param id the job id
 * @param type the job type
 * @param key the record key as UTF-8 (main topic only)
 * @param attempt the attempt the event is about; null when the event does not say (cancellation)
 * @param time when it happened
 * @param enqueuedAt when the job was first published
 * @param dueAt not-before of a scheduled job or a retry
 * @param errorClass the failure's exception class
 * @param error the failure's message
 * @param dlqReason the dead-letter reason
 * @param position where the record is, {@code topic-partition-offset}
 * @param replayOf the {@code jobpipe.replay.of} header
 * @param result the handler's result (done records)
 * @param worker the worker instance (done records)
 * @param durationMs the handler's duration (done records)
 */
public record LedgerEvent(
    Kind kind,
    String id,
    String type,
    String key,
    Integer attempt,
    long time,
    Long enqueuedAt,
    Long dueAt,
    String errorClass,
    String error,
    String dlqReason,
    String position,
    String replayOf,
    String result,
    String worker,
    Long durationMs) {

  /** Kinds of event, in the order they happen within one attempt. */
  public enum Kind {
    /** Written to {@code jobs.T.scheduled}. */
    SCHEDULED(0, false),
    /** A tombstone on {@code jobs.T.scheduled}: the schedule was cancelled before it fired. */
    SCHEDULE_CANCELLED(0, true),
    /** Written to {@code jobs.T} (first publish, retry forward, fired schedule, replay). */
    ENQUEUED(1, false),
    /** An attempt failed ({@code jobs.T.failed}); the router decides what comes next. */
    FAILED(2, false),
    /** Routed to a retry tier, due at {@code dueAt}. */
    RETRY(3, false),
    /** Cancelled through {@code jobs.T.control}. */
    CANCELLED(4, true),
    /** Succeeded ({@code jobs.T.done}). */
    DONE(5, true),
    /** Dead-lettered ({@code jobs.T.dlq}). */
    DEAD(5, true);

    /** Position within one attempt; larger happens later. */
    final int stage;
    final boolean terminal;

    Kind(int stage, boolean terminal) {
      this.stage = stage;
      this.terminal = terminal;
    }
  }
}
