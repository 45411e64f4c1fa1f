package dev.jobpipe.scheduler.internal;

/**
 * How far a scheduler task has read its input, as a time: a job may go out only when every
 * record of its partition written before its due time has been read, or a cancel or reschedule
 * written before that time would come too late. While the task reads records as they are written
 * (each read within {@link #LIVE_LAG_MS} of its timestamp) that is the wall clock. While it
 * catches up (after a restart, a late task start or any backlog) it is the task's stream time,
 * the newest record timestamp read, until the task has read nothing for {@link #QUIET_MS}, which
 * means it reached the end of its input. A task starts out catching up: jobs restored from the
 * changelog wait for the records written while the scheduler was away. The recurring schedules'
 * tasks use the same rule, so a schedule deleted or paused before a fire time is not fired by a
 * scheduler that reads the change late.
 */
final class ReadHorizon {

  /** A record read at most this long after its timestamp was read live. */
  static final long LIVE_LAG_MS = 1_000L;
  /** A task that read nothing for this long has read all its input there was. */
  static final long QUIET_MS = 1_000L;

  private long lastReadAt;
  private boolean live;

  /** A task that starts at {@code now}, before it read anything. */
  ReadHorizon(long now) {
    this.lastReadAt = now;
  }

  /** The task read a record written at {@code recordTimestamp}. */
  void read(long recordTimestamp, long now) {
    lastReadAt = now;
    live = now - recordTimestamp <= LIVE_LAG_MS;
  }

  /** True when the last record was read as it was written: a job it makes due may go out at once. */
  boolean live() {
    return live;
  }

  /** True when every record written before {@code now} has been read: live, or quiet. */
  boolean caughtUp(long now) {
    return live || now - lastReadAt >= QUIET_MS;
  }

  /** Every record written before the returned time has been read (at most {@code now}). */
  long safeUntil(long now, long streamTime) {
    return caughtUp(now) ? now : Math.min(now, streamTime);
  }

  /** When {@link #safeUntil} reaches the wall clock if nothing more is read. */
  long quietAt() {
    return lastReadAt + QUIET_MS;
  }
}
