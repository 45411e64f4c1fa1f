package dev.jobpipe.dlq.internal;

import dev.jobpipe.dlq.DeadLetter;
import dev.jobpipe.dlq.DeadLetterHeader;
import dev.jobpipe.schemas.JobHeaders;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a replayed job: a fresh first attempt of the same job. The failure it is
 * recovering from is dropped (error, failure time, DLQ reason, retry due time, the origin of the
 * failed attempt, and the failure headers of other tools), because a worker must not mistake the
 * old failure for a new one; {@code jobpipe.replay.of} points back to the letter instead, which
 * still holds all of it. Everything else (trace context, custom headers) passes through unchanged.
 */
public final class ReplayHeaders {

  private static final Set<String> DROPPED = Set.of(
      JobHeaders.ERROR_CLASS, JobHeaders.ERROR_MESSAGE, JobHeaders.ERROR_STACK, JobHeaders.ERROR_RETRYABLE,
      JobHeaders.FAILED_AT, JobHeaders.DLQ_REASON, JobHeaders.NOT_BEFORE,
      JobHeaders.ORIGIN_TOPIC, JobHeaders.ORIGIN_PARTITION, JobHeaders.ORIGIN_OFFSET);

  private static final String SPRING_RETRY_PREFIX = "retry_topic-";

  private ReplayHeaders() {}

  /** Headers replaying {@code letter} as job type {@code type}, enqueued at {@code now}. */
  public static Headers forReplay(DeadLetter letter, String type, Instant now) {
    RecordHeaders headers = new RecordHeaders();
    for (DeadLetterHeader h : letter.headers()) {
      if (!dropped(h.name())) {
        headers.add(h.name(), h.value());
      }
    }
    JobHeaders.set(headers, JobHeaders.JOB_ID, letter.jobId());
    JobHeaders.set(headers, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(headers, JobHeaders.ATTEMPT, 1);
    JobHeaders.set(headers, JobHeaders.ENQUEUED_AT, now);
    JobHeaders.set(headers, JobHeaders.REPLAY_OF, letter.position());
    return headers;
  }

  static boolean dropped(String name) {
    return DROPPED.contains(name)
        || name.startsWith(SpringDltHeaders.PREFIX)
        || name.startsWith(SPRING_RETRY_PREFIX)
        || name.startsWith(ConnectErrorHeaders.PREFIX);
  }
}
