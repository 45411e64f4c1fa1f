package dev.jobpipe.ledger;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a job is (DESIGN.md, "Job ledger"): {@code ENQUEUED → (RETRY_SCHEDULED → ENQUEUED)* →
 * SUCCEEDED | DEAD | CANCELLED}, or {@code SCHEDULED} while it waits in {@code jobs.T.scheduled}.
 * A job never moves backwards; only an explicit replay of a {@link #DEAD} job starts it again at
 * {@link #ENQUEUED}.
 */
public enum JobState {
  /** Waiting in {@code jobs.T.scheduled} for its due time. */
  SCHEDULED(false),
  /** On {@code jobs.T}: waiting for a worker, running, or failed and waiting to be routed. */
  ENQUEUED(false),
  /** Waiting out a retry tier; {@code dueAt} says until when. */
  RETRY_SCHEDULED(false),
  /** A handler ran it successfully. */
  SUCCEEDED(true),
  /** In {@code jobs.T.dlq}; {@code dlqReason} says why. */
  DEAD(true),
  /** Cancelled before it ran (control topic, or a cancelled schedule). */
  CANCELLED(true);

  private final boolean terminal;

  JobState(boolean terminal) {
    this.terminal = terminal;
  }

  /** True for a state no ordinary event leaves: succeeded, dead, cancelled. */
  public boolean terminal() {
    return terminal;
  }

  /** Parses a state name case-insensitively; empty for anything else. */
  public static Optional<JobState> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
