package dev.jobpipe.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The jobpipe headers a worker reads from every job ({@code jobpipe.job.id}, {@code .attempt},
 * {@code .enqueued.at}, {@code .not.before}, {@code .replay.of}, {@code traceparent}), taken in one
 * pass over a record's headers; the last value of a name wins, as in
 * {@link Headers#lastHeader(String)}. Made by {@link JobHeaders#read(Headers)}: the job's hot path
 * reads its headers once instead of searching them by name several times.
 */
public final class JobHeaderValues {

  /** No value read for a time header. */
  private static final long NONE = Long.MIN_VALUE;

  private final byte[] jobId;
  private final int attempt;
  private final long enqueuedAt;
  private final long notBefore;
  private final byte[] replayOf;
  private final byte[] traceparent;

  private JobHeaderValues(byte[] jobId, int attempt, long enqueuedAt, long notBefore, byte[] replayOf,
      byte[] traceparent) {
    this.jobId = jobId;
    this.attempt = attempt;
    this.enqueuedAt = enqueuedAt;
    this.notBefore = notBefore;
    this.replayOf = replayOf;
    this.traceparent = traceparent;
  }

  static JobHeaderValues of(Headers headers) {
    Header jobId = null;
    Header attempt = null;
    Header enqueuedAt = null;
    Header notBefore = null;
    Header replayOf = null;
    Header traceparent = null;
    for (Header h : headers) {
      switch (h.key()) {
        case JobHeaders.JOB_ID -> jobId = h;
        case JobHeaders.ATTEMPT -> attempt = h;
        case JobHeaders.ENQUEUED_AT -> enqueuedAt = h;
        case JobHeaders.NOT_BEFORE -> notBefore = h;
        case JobHeaders.REPLAY_OF -> replayOf = h;
        case JobHeaders.TRACEPARENT -> traceparent = h;
        default -> { }
      }
    }
    return new JobHeaderValues(
        jobId == null ? null : jobId.value(),
        JobHeaders.attempt(attempt == null ? OptionalLong.empty() : JobHeaders.decimal(attempt.value())),
        time(enqueuedAt),
        time(notBefore),
        replayOf == null ? null : replayOf.value(),
        traceparent == null ? null : traceparent.value());
  }

  private static long time(Header header) {
    if (header == null) {
      return NONE;
    }
    OptionalLong millis = JobHeaders.decimal(header.value());
    return millis.isPresent() && millis.getAsLong() != NONE ? millis.getAsLong() : NONE;
  }

  /** The job id, if the record carries one (see {@link JobHeaders#jobId(Headers)}). */
  public Optional<String> jobId() {
    return jobId == null ? Optional.empty() : Optional.of(new String(jobId, StandardCharsets.UTF_8));
  }

  /** The attempt number; 1 when absent or malformed (see {@link JobHeaders#attempt(Headers)}). */
  public int attempt() {
    return attempt;
  }

  /** {@code jobpipe.enqueued.at} in epoch milliseconds, or {@code fallback} when absent or malformed. */
  public long enqueuedAtMillis(long fallback) {
    return enqueuedAt == NONE ? fallback : enqueuedAt;
  }

  /** {@code jobpipe.not.before} in epoch milliseconds, or {@code fallback} when absent or malformed. */
  public long notBeforeMillis(long fallback) {
    return notBefore == NONE ? fallback : notBefore;
  }

  /** The raw value of {@code jobpipe.replay.of}, or null. Not copied: do not change it. */
  public byte[] replayOfBytes() {
    return replayOf;
  }

  /** The raw value of {@code traceparent}, or null. Not copied: do not change it. */
  public byte[] traceparentBytes() {
    return traceparent;
  }

  /** {@code traceparent} decoded as UTF-8, if present. */
  public Optional<String> traceparent() {
    return traceparent == null ? Optional.empty() : Optional.of(new String(traceparent, StandardCharsets.UTF_8));
  }
}
