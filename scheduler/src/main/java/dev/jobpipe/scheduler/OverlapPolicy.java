package dev.jobpipe.scheduler;

/**
 * Whether a recurring schedule fires while its previous fire has not ended. The scheduler learns
 * that a fire ended from Kafka alone: a record for its id on {@code jobs.T.done} (succeeded) or
 * {@code jobs.T.dlq} (dead), or a {@code cancel/<id>} key on {@code jobs.T.control} (cancelled).
 * "Not ended" is therefore an approximation of "still running": it also covers a fire still queued
 * behind other jobs, or failed and waiting in a retry tier.
 */
public enum OverlapPolicy {
  /** Fire at every fire time, whatever became of earlier fires (the default). */
  ALLOW("allow"),
  /**
   * Skip a fire time (outcome {@code overlap_skipped}) while the previous fire has not ended; at
   * most one fire of the schedule is unfinished at a time, so a misfire catch-up fires only the
   * newest of its missed times. A fire whose end never reaches Kafka (e.g. its record was deleted
   * by retention before a worker read it) holds the schedule until it is paused and resumed.
   * {@code jobpipe cron trigger} fires regardless and is not tracked.
   */
  SKIP("skip");

  private final String text;

  OverlapPolicy(String text) {
    this.text = text;
  }

  /** Parses {@code allow} or {@code skip}; null is {@link #ALLOW}. */
  public static OverlapPolicy parse(String text) {
    if (text == null) {
      return ALLOW;
    }
    for (OverlapPolicy p : values()) {
      if (p.text.equals(text.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown overlap policy '" + text
        + "': use allow or skip (skip fires only when the previous fire has ended)");
  }

  @Override
  public String toString() {
    return text;
  }
}
