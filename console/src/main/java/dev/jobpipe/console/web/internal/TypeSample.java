package dev.jobpipe.console.web.internal;

import java.time.Instant;
import java.util.Map;

/**
 * What Kafka said about one job type at one instant. Counts of records are sums over partitions of
 * end offsets, so they only grow; rates come from two samples.
 *
 * @param type the job type
 * @param at when it was read
 * @param partitions partitions of {@code jobs.T}
 * @param published end offsets of {@code jobs.T} (jobs published, replayed and retried back)
 * @param succeeded end offsets of {@code jobs.T.done} (one record per succeeded job); -1 without the topic
 * @param failed end offsets of {@code jobs.T.failed} (one record per failed attempt); -1 without the topic
 * @param lag records of {@code jobs.T} the worker group has not committed past
 * @param members members of the worker group
 * @param groupState the worker group's state ({@code STABLE}, {@code EMPTY}, ...; {@code NONE} when it never ran)
 * @param retrying per retry tier ({@code 5s}, {@code 30s}, ...), records the forwarders have not forwarded yet
 * @param deadLetters records held by {@code jobs.T.dlq} (end minus start offsets)
 */
public record TypeSample(
    String type,
    Instant at,
    int partitions,
    long published,
    long succeeded,
    long failed,
    long lag,
    int members,
    String groupState,
    Map<String, Long> retrying,
    long deadLetters) {

  public TypeSample {
    retrying = Map.copyOf(retrying);
  }

  /** Retries waiting in every tier. */
  public long retryingTotal() {
    return retrying.values().stream().mapToLong(Long::longValue).sum();
  }
}
