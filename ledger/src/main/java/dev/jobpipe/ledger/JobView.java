package dev.jobpipe.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the ledger knows about one job: the answer of {@code GET /jobs/{id}} and of {@link
 * JobLedgerClient#state}. Times are ISO-8601 instants in JSON; absent values are null.
 *
 * @param id the job id ({@code jobpipe.job.id}, or the derived {@code topic-partition-offset})
 * @param type the job type
 * @param key the record key (ordering key) as UTF-8, if any
 * @param state where the job is
 * @param attempt the newest attempt seen (1 = first delivery)
 * @param enqueuedAt when it was first published
 * @param updatedAt when the event that set the current state happened
 * @param dueAt for {@code SCHEDULED} and {@code RETRY_SCHEDULED}: when it runs (again)
 * @param finishedAt for a terminal state: when it succeeded, died or was cancelled
 * @param durationMs for {@code SUCCEEDED}: how long the successful handler call took
 * @param worker for {@code SUCCEEDED}: the worker instance that ran it
 * @param result for {@code SUCCEEDED}: the result the handler set, if any
 * @param dlqReason for {@code DEAD}: {@code EXHAUSTED}, {@code FATAL}, {@code UNDECODABLE} or {@code EXPIRED}
 * @param dlqPosition for {@code DEAD}: the dead letter's {@code topic-partition-offset}, what
 *     {@code jobpipe dlq show} and replay take
 * @param errorClass the last failure's exception class
 * @param error the last failure's message
 * @param replayOf on a replayed job: where it was replayed from ({@code jobpipe.replay.of})
 * @param lastEvent the kind of the event that set the state: {@code SCHEDULED}, {@code ENQUEUED},
 *     {@code FAILED}, {@code RETRY}, {@code DONE}, {@code DEAD}, {@code CANCELLED}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobView(
    String id,
    String type,
    String key,
    JobState state,
    int attempt,
    Instant enqueuedAt,
    Instant updatedAt,
    Instant dueAt,
    Instant finishedAt,
    Long durationMs,
    String worker,
    String result,
    String dlqReason,
    String dlqPosition,
    String errorClass,
    String error,
    String replayOf,
    String lastEvent) {

  /** True once the job succeeded, died or was cancelled. */
  public boolean terminal() {
    return state != null && state.terminal();
  }
}
