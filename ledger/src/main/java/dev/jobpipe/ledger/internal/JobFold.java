package dev.jobpipe.ledger.internal;

import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.ledger.internal.LedgerEvent.Kind;
import java.time.Instant;
import java.util.Objects;

/**
 * Folds one event into a job's view, enforcing that a job never moves backwards. Events of one job
 * arrive from several topics and so in any order (a success read before its own enqueue, a retry
 * read after the success); each is ranked by (attempt, stage within the attempt) and only a
 * higher-ranked event moves the state:
 *
 * <ul>
 *   <li>a terminal state (succeeded, dead, cancelled) is left only by a terminal event of a later
 *       attempt, or a real outcome of the same attempt replacing a cancellation;
 *   <li>a non-terminal state gives way to any terminal event, and to a non-terminal event of a
 *       higher rank;
 *   <li>a dead job that an event of a new replay reaches ({@code jobpipe.replay.of} it has not seen)
 *       starts again from that event: the one way back, and only from {@code DEAD}; events of the
 *       earlier run then lose to the replay's;
 *   <li>a losing event still fills in what the view lacks (key, enqueue time).
 * </ul>
 *
 * <p>A pure function of (view, event), so replaying the input topics after a crash converges to the
 * same states whatever was already applied.
 */
public final class JobFold {

  private JobFold() {}

  /** The view after {@code event}; {@code current} itself when nothing changed; null for nothing to store. */
  public static JobView apply(JobView current, LedgerEvent event) {
    if (current == null) {
      return event.kind() == Kind.SCHEDULE_CANCELLED ? null : applied(null, event);
    }
    if (restartsReplay(current, event)) {
      return applied(null, event);
    }
    if (current.replayOf() != null && event.replayOf() == null) {
      return filledIn(current, event); // from the run before the replay
    }
    return wins(current, event) ? applied(current, event) : filledIn(current, event);
  }

  /** True when a replay of a dead job reaches the ledger (by whichever of its events comes first). */
  static boolean restartsReplay(JobView current, LedgerEvent event) {
    return event.replayOf() != null && current.state() == JobState.DEAD
        && !event.replayOf().equals(current.replayOf());
  }

  static boolean wins(JobView current, LedgerEvent event) {
    if (event.kind() == Kind.SCHEDULE_CANCELLED) {
      return current.state() == JobState.SCHEDULED;
    }
    if (event.kind() == Kind.CANCELLED) {
      return !current.terminal();
    }
    Kind last = Kind.valueOf(current.lastEvent());
    int attempt = event.attempt() == null ? current.attempt() : event.attempt();
    if (current.terminal()) {
      if (!event.kind().terminal) {
        return false;
      }
      return attempt > current.attempt() || (attempt == current.attempt() && event.kind().stage > last.stage);
    }
    if (event.kind().terminal) {
      return true;
    }
    return attempt > current.attempt() || (attempt == current.attempt() && event.kind().stage > last.stage);
  }

  /** The state an event puts a job in. */
  static JobState stateOf(Kind kind) {
    return switch (kind) {
      case SCHEDULED -> JobState.SCHEDULED;
      case ENQUEUED, FAILED -> JobState.ENQUEUED;
      case RETRY -> JobState.RETRY_SCHEDULED;
      case DONE -> JobState.SUCCEEDED;
      case DEAD -> JobState.DEAD;
      case CANCELLED, SCHEDULE_CANCELLED -> JobState.CANCELLED;
    };
  }

  private static JobView applied(JobView current, LedgerEvent e) {
    JobState state = stateOf(e.kind());
    int attempt = e.attempt() != null ? e.attempt() : current != null ? current.attempt() : 1;
    Instant time = Instant.ofEpochMilli(e.time());
    Instant enqueuedAt = current != null && current.enqueuedAt() != null ? current.enqueuedAt()
        : e.enqueuedAt() != null ? Instant.ofEpochMilli(e.enqueuedAt()) : time;
    boolean waits = state == JobState.SCHEDULED || state == JobState.RETRY_SCHEDULED;
    boolean done = e.kind() == Kind.DONE;
    boolean dead = e.kind() == Kind.DEAD;
    String errorClass = e.errorClass() != null ? e.errorClass() : current != null ? current.errorClass() : null;
    String error = e.errorClass() != null ? e.error() : current != null ? current.error() : null;
    return new JobView(
        e.id(),
        firstNonNull(current == null ? null : current.type(), e.type()),
        firstNonNull(current == null ? null : current.key(), e.key()),
        state,
        attempt,
        enqueuedAt,
        time,
        waits && e.dueAt() != null ? Instant.ofEpochMilli(e.dueAt()) : null,
        state.terminal() ? time : null,
        done ? e.durationMs() : null,
        done ? e.worker() : null,
        done ? e.result() : null,
        dead ? e.dlqReason() : null,
        dead ? e.position() : null,
        errorClass,
        error,
        firstNonNull(e.replayOf(), current == null ? null : current.replayOf()),
        e.kind().name());
  }

  private static JobView filledIn(JobView current, LedgerEvent e) {
    boolean key = current.key() == null && e.key() != null;
    boolean type = current.type() == null && e.type() != null;
    if (!key && !type) {
      return current;
    }
    return new JobView(current.id(), type ? e.type() : current.type(), key ? e.key() : current.key(),
        current.state(), current.attempt(), current.enqueuedAt(), current.updatedAt(), current.dueAt(),
        current.finishedAt(), current.durationMs(), current.worker(), current.result(), current.dlqReason(),
        current.dlqPosition(), current.errorClass(), current.error(), current.replayOf(), current.lastEvent());
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }

  /** True when two views say the same (used to skip writing an unchanged view). */
  static boolean same(JobView a, JobView b) {
    return Objects.equals(a, b);
  }
}
