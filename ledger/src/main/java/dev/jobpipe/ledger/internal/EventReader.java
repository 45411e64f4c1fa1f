package dev.jobpipe.ledger.internal;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.ledger.JobDone;
import dev.jobpipe.schemas.ledger.JobDoneCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Headers;

/**
 * Turns one record of a job topic into a {@link LedgerEvent}, from its topic name and headers
 * alone: the job payload is never decoded (the done record's own small value is). A record of a
 * topic that is not a ledger input ({@code jobs.T.dlq.replayed}, foreign {@code jobs.*} topics) or
 * that names no job gives nothing.
 */
public final class EventReader {

  private EventReader() {}

  /** The ledger inputs among the {@code jobs.*} topics. */
  private enum Role { MAIN, DONE, FAILED, RETRY, DLQ, SCHEDULED, CONTROL }

  private record Input(Role role, String type) {}

  /** Topic → its role; topics are few and their names are parsed by regular expressions, records are many. */
  private static final Map<String, Optional<Input>> ROLES = new ConcurrentHashMap<>();

  private static Optional<Input> classify(String topic) {
    return ROLES.computeIfAbsent(topic, EventReader::parse);
  }

  private static Optional<Input> parse(String topic) {
    Optional<Input> input = JobTopics.typeOfMain(topic).map(t -> new Input(Role.MAIN, t));
    input = input.or(() -> JobTopics.typeOfDone(topic).map(t -> new Input(Role.DONE, t)));
    input = input.or(() -> JobTopics.typeOfFailed(topic).map(t -> new Input(Role.FAILED, t)));
    input = input.or(() -> JobTopics.typeOfRetry(topic).map(t -> new Input(Role.RETRY, t)));
    input = input.or(() -> JobTopics.typeOfDlq(topic).map(t -> new Input(Role.DLQ, t)));
    input = input.or(() -> JobTopics.typeOfScheduled(topic).map(t -> new Input(Role.SCHEDULED, t)));
    return input.or(() -> JobTopics.typeOfControl(topic).map(t -> new Input(Role.CONTROL, t)));
  }

  /** True for a topic whose records the ledger folds. */
  public static boolean isInput(String topic) {
    return classify(topic).isPresent();
  }

  /** The event of one record, if it is one. */
  public static Optional<LedgerEvent> read(String topic, int partition, long offset, long timestamp,
      byte[] key, byte[] value, Headers headers) {
    Optional<Input> input = classify(topic);
    if (input.isEmpty()) {
      return Optional.empty();
    }
    String type = input.get().type();
    String position = JobIds.derived(topic, partition, offset);
    return switch (input.get().role()) {
      case MAIN -> {
        String id = JobHeaders.jobId(headers).orElse(position);
        long enqueuedAt = JobHeaders.number(headers, JobHeaders.ENQUEUED_AT).orElse(timestamp);
        yield Optional.of(event(LedgerEvent.Kind.ENQUEUED, id, type, utf8(key), JobHeaders.attempt(headers),
            timestamp, enqueuedAt, headers, null, null, position));
      }
      case DONE -> idOrKey(headers, key).map(id -> {
        Optional<JobDone> done = JobDoneCodec.decode(value);
        int attempt = done.map(JobDone::getAttempt).orElse(JobHeaders.attempt(headers));
        long finished = done.map(JobDone::getFinishedAt).orElse(timestamp);
        return new LedgerEvent(LedgerEvent.Kind.DONE, id, type, null, attempt, finished,
            enqueuedAt(headers), null, null, null, null, position, replayOf(headers),
            done.map(JobDone::getHandlerResult).orElse(null), done.map(JobDone::getWorker).orElse(null),
            done.map(JobDone::getDurationMs).orElse(null));
      });
      case FAILED -> {
        long failedAt = JobHeaders.number(headers, JobHeaders.FAILED_AT).orElse(timestamp);
        yield failureId(headers).map(id -> event(LedgerEvent.Kind.FAILED, id, type, null,
            JobHeaders.attempt(headers), failedAt, enqueuedAt(headers), headers, null, null, position));
      }
      case RETRY -> failureId(headers).map(id -> event(LedgerEvent.Kind.RETRY, id, type, null,
          JobHeaders.attempt(headers), timestamp, enqueuedAt(headers), headers, number(headers, JobHeaders.NOT_BEFORE),
          null, position));
      case DLQ -> failureId(headers).map(id -> event(LedgerEvent.Kind.DEAD, id, type, null,
          JobHeaders.attempt(headers), timestamp, enqueuedAt(headers), headers, null,
          JobHeaders.dlqReason(headers).map(Enum::name).orElse(null), position));
      case SCHEDULED -> idOrKey(headers, key).map(id -> value == null
          ? event(LedgerEvent.Kind.SCHEDULE_CANCELLED, id, type, null, null, timestamp, null, headers, null, null, position)
          : event(LedgerEvent.Kind.SCHEDULED, id, type, utf8(key), JobHeaders.attempt(headers), timestamp,
              enqueuedAt(headers), headers, number(headers, JobHeaders.NOT_BEFORE), null, position));
      case CONTROL -> value == null
          ? Optional.<LedgerEvent>empty()
          : JobTopics.cancelledJobId(utf8(key)).map(id -> new LedgerEvent(LedgerEvent.Kind.CANCELLED, id, type,
              null, null, timestamp, null, null, null, null, null, position, null, null, null, null));
    };
  }

  private static Optional<String> idOrKey(Headers headers, byte[] key) {
    return JobHeaders.jobId(headers).or(() -> Optional.ofNullable(utf8(key)));
  }

  private static LedgerEvent event(LedgerEvent.Kind kind, String id, String type, String key, Integer attempt,
      long time, Long enqueuedAt, Headers headers, Long due, String reason, String position) {
    return new LedgerEvent(kind, id, type, key, attempt, time, enqueuedAt, due,
        JobHeaders.string(headers, JobHeaders.ERROR_CLASS).orElse(null),
        JobHeaders.string(headers, JobHeaders.ERROR_MESSAGE).orElse(null),
        reason, position, replayOf(headers), null, null, null);
  }

  /**
   * Failures, retries and dead letters written by jobpipe always carry the id; one some other
   * client wrote without it is attributed to the record it says it came from, else dropped.
   */
  private static Optional<String> failureId(Headers headers) {
    return JobHeaders.jobId(headers).or(() -> JobIds.fromOrigin(headers));
  }

  private static Long enqueuedAt(Headers headers) {
    return number(headers, JobHeaders.ENQUEUED_AT);
  }

  private static String replayOf(Headers headers) {
    return JobHeaders.string(headers, JobHeaders.REPLAY_OF).orElse(null);
  }

  private static Long number(Headers headers, String name) {
    OptionalLong n = JobHeaders.number(headers, name);
    return n.isPresent() ? n.getAsLong() : null;
  }

  private static String utf8(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
