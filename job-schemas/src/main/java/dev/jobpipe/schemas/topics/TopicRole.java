package dev.jobpipe.schemas.topics;

/**
 * What a topic is for (DESIGN.md, Topics). The role decides the topic's settings in
 * {@link TopicSpec}; {@link dev.jobpipe.schemas.JobTopics} spells its name.
 */
public enum TopicRole {
  /** {@code jobs.T}: the jobs to run. */
  MAIN(false, true),
  /** {@code jobs.T.failed}: every failed attempt, for the retry router. */
  FAILED(false, true),
  /** {@code jobs.T.retry.<delay>}: jobs waiting out one retry tier's delay. */
  RETRY(false, true),
  /** {@code jobs.T.dlq}: dead letters, kept long for inspection and replay. */
  DLQ(false, true),
  /** {@code jobs.T.done}: one record per succeeded job, key = job id (the ledger's input). */
  DONE(false, true),
  /** {@code jobs.T.scheduled}: one-off jobs waiting for their due time; a tombstone cancels. */
  SCHEDULED(false, true),
  /** {@code jobs.T.control}: compacted desired state of the type (paused, rate, cancel/id). */
  CONTROL(true, false),
  /** {@code jobs.T.dlq.replayed}: compacted log of replayed dead letters, keyed by DLQ position. */
  DLQ_REPLAYED(true, false),
  /** {@code jobpipe.cron}: compacted recurring-job definitions, keyed by schedule name; one per cluster. */
  CRON(true, false);

  private final boolean compacted;
  private final boolean typePartitions;

  TopicRole(boolean compacted, boolean typePartitions) {
    this.compacted = compacted;
    this.typePartitions = typePartitions;
  }

  /** Whether the topic keeps the latest value per key (state) rather than events for a retention time. */
  public boolean compacted() {
    return compacted;
  }

  /**
   * Whether the topic has the job type's partition count, so that the router and the workers scale
   * alike; a compacted state topic has {@value TopicSpec#STATE_PARTITIONS} partition instead, so a
   * reader sees all of it in order.
   */
  public boolean typePartitions() {
    return typePartitions;
  }
}
