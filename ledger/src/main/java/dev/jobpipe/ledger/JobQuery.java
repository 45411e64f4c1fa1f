package dev.jobpipe.ledger;

import dev.jobpipe.schemas.JobTopics;
import java.time.Instant;
import java.util.Objects;

/**
 * Filters of {@code GET /jobs}: all optional except that a bound must be sane. Every filter narrows
 * the result; jobs come newest first by enqueue time.
 *
 * @param type only this job type
 * @param state only jobs in this state
 * @param since only jobs enqueued at or after this instant
 * @param until only jobs enqueued before this instant
 * @param error only jobs whose last error class or message contains this text (case-insensitive)
 * @param limit at most this many jobs (1..{@value #MAX_LIMIT})
 * @param cursor where the previous page ended ({@link JobPage#nextCursor()}), or null
 */
public record JobQuery(String type, JobState state, Instant since, Instant until, String error, int limit, String cursor) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1_000;

  /** Throws {@link IllegalArgumentException} with a one-line reason for a query that cannot be answered. */
  public JobQuery {
    if (type != null) {
      JobTopics.validateType(type);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
    }
    if (error != null && error.isBlank()) {
      error = null;
    }
  }

  /** Every job, newest first, one default page. */
  public static JobQuery all() {
    return new JobQuery(null, null, null, null, null, DEFAULT_LIMIT, null);
  }

  public JobQuery withType(String type) {
    return new JobQuery(type, state, since, until, error, limit, cursor);
  }

  public JobQuery withState(JobState state) {
    return new JobQuery(type, state, since, until, error, limit, cursor);
  }

  public JobQuery withSince(Instant since) {
    return new JobQuery(type, state, since, until, error, limit, cursor);
  }

  public JobQuery withUntil(Instant until) {
    return new JobQuery(type, state, since, until, error, limit, cursor);
  }

  public JobQuery withError(String error) {
    return new JobQuery(type, state, since, until, error, limit, cursor);
  }

  public JobQuery withLimit(int limit) {
    return new JobQuery(type, state, since, until, error, limit, cursor);
  }

  public JobQuery withCursor(String cursor) {
    return new JobQuery(type, state, since, until, error, limit, Objects.requireNonNull(cursor, "cursor"));
  }
}
