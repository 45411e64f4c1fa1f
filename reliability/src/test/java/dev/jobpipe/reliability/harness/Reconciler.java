package dev.jobpipe.reliability.harness;

import dev.jobpipe.schemas.JobTopics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accounts for every published job from evidence the system under test does not control: the
 * recording handler's own execution logs (what really ran) and the raw DLQ topic read with a plain
 * consumer (what really was dead-lettered). No metric, offset or log line of jobpipe is trusted.
 */
public final class Reconciler {

  private final TopicReader reader;
  private final ExecutionLogs logs;
  private final JobTopics topics;

  public Reconciler(TopicReader reader, ExecutionLogs logs, JobTopics topics) {
    this.reader = reader;
    this.logs = logs;
    this.topics = topics;
  }

  /** Reads the logs and the DLQ topic now and accounts for {@code publishedIds}. */
  public Reconciliation reconcile(Collection<String> publishedIds) {
    List<DeadLetter> letters = deadLetters();
    return of(publishedIds, logs.read(), letters);
  }

  /** The DLQ topic's records as they are now. */
  public List<DeadLetter> deadLetters() {
    return reader.readAll(topics.dlq()).stream().map(DeadLetter::of).toList();
  }

  public ExecutionLogs logs() {
    return logs;
  }

  /** The accounting itself, on evidence already read. */
  public static Reconciliation of(
      Collection<String> publishedIds, List<Execution> executions, List<DeadLetter> deadLetters) {
    Set<String> published = new LinkedHashSet<>(publishedIds);
    Set<String> succeeded = new HashSet<>();
    Set<String> unknownExecuted = new HashSet<>();
    Map<String, Map<Integer, Integer>> runsPerAttempt = new HashMap<>();
    int maxAttempt = 0;
    for (Execution e : executions) {
      if (!published.contains(e.jobId())) {
        unknownExecuted.add(e.jobId());
      }
      if (e.outcome().succeeded()) {
        succeeded.add(e.jobId());
      }
      runsPerAttempt.computeIfAbsent(e.jobId(), k -> new HashMap<>()).merge(e.attempt(), 1, Integer::sum);
      maxAttempt = Math.max(maxAttempt, e.attempt());
    }
    Map<String, Integer> duplicates = new LinkedHashMap<>();
    runsPerAttempt.forEach((id, perAttempt) -> {
      int extra = perAttempt.values().stream().mapToInt(n -> n - 1).sum();
      if (extra > 0) {
        duplicates.put(id, extra);
      }
    });
    Map<String, List<DeadLetter>> deadLettered = new LinkedHashMap<>();
    List<DeadLetter> unknownDeadLetters = new ArrayList<>();
    for (DeadLetter l : deadLetters) {
      if (published.contains(l.jobId())) {
        deadLettered.computeIfAbsent(l.jobId(), k -> new ArrayList<>()).add(l);
      } else {
        unknownDeadLetters.add(l);
      }
    }
    succeeded.retainAll(published);
    Set<String> lost = new LinkedHashSet<>(published);
    lost.removeAll(succeeded);
    lost.removeAll(deadLettered.keySet());
    return new Reconciliation(published.size(), succeeded, deadLettered, lost, executions.size(), duplicates,
        unknownExecuted, unknownDeadLetters, maxAttempt);
  }
}
