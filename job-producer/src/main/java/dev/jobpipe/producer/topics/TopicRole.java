package dev.jobpipe.producer.topics;

/** What a topic of a job type is for (DESIGN.md, Topics). */
public enum TopicRole {
  /** {@code jobs.T}: the jobs to run. */
  MAIN,
  /** {@code jobs.T.failed}: every failed attempt, for the retry router. */
  FAILED,
  /** {@code jobs.T.retry.<delay>}: jobs waiting out one retry tier's delay. */
  RETRY,
  /** {@code jobs.T.dlq}: dead letters, kept long for inspection and replay. */
  DLQ,
  /** {@code jobs.T.scheduled}: one-off jobs waiting for their due time, for the scheduler. */
  SCHEDULED,
  /** {@code jobs.T.done}: one record per succeeded job, the job ledger's success input. */
  DONE
}
