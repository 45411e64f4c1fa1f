package dev.jobpipe.cli.demo;

import dev.jobpipe.schemas.DlqReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's own account of every job it published: succeeded (the handler said so) or
 * dead-lettered (read back from the DLQ topics). Built from handler callbacks and raw topics rather
 * than from metrics, so the summary checks the pipeline instead of trusting it.
 */
final class DemoLedger {
  private final Map<String, String> published = new ConcurrentHashMap<>();
  private final Set<String> succeeded = ConcurrentHashMap.newKeySet();
  private final Set<String> succeededOnRetry = ConcurrentHashMap.newKeySet();
  private final Map<String, DlqReason> deadLettered = new ConcurrentHashMap<>();
  private final AtomicLong successCallbacks = new AtomicLong();

  void published(String jobId, String type) {
    published.put(jobId, type);
  }

  void succeeded(String jobId) {
    successCallbacks.incrementAndGet();
    succeeded.add(jobId);
  }

  /** A success of {@code attempt}: the demo prefers to show a job that needed a retry. */
  void succeeded(String jobId, int attempt) {
    succeeded(jobId);
    if (attempt > 1) {
      succeededOnRetry.add(jobId);
    }
  }

  /** A published job that succeeded, one that needed a retry when there is one. */
  Optional<String> aSucceededJob() {
    return succeededOnRetry.stream().filter(published::containsKey).findAny()
        .or(() -> succeeded.stream().filter(published::containsKey).findAny());
  }

  /** A published job that was dead-lettered and never succeeded. */
  Optional<String> aDeadJob() {
    return deadLettered.keySet().stream().filter(id -> published.containsKey(id) && !succeeded.contains(id)).findAny();
  }

  void deadLettered(String jobId, DlqReason reason) {
    deadLettered.put(jobId, reason);
  }

  int publishedCount() {
    return published.size();
  }

  long succeededCount() {
    return published.keySet().stream().filter(succeeded::contains).count();
  }

  long deadLetteredCount() {
    return published.keySet().stream().filter(id -> !succeeded.contains(id) && deadLettered.containsKey(id)).count();
  }

  /** Handler successes beyond one per job: repeated work that at-least-once delivery allows. */
  long duplicateSuccesses() {
    return successCallbacks.get() - succeeded.size();
  }

  boolean allSettled() {
    return published.keySet().stream().allMatch(id -> succeeded.contains(id) || deadLettered.containsKey(id));
  }

  /** Per-type tallies, in the order of {@code types}, plus a total row. */
  Map<String, DemoTally> tally(List<String> types) {
    Map<String, DemoTally> rows = new LinkedHashMap<>();
    types.forEach(type -> rows.put(type, new DemoTally()));
    DemoTally total = new DemoTally();
    published.forEach((id, type) -> {
      DemoTally row = rows.computeIfAbsent(type, t -> new DemoTally());
      for (DemoTally t : List.of(row, total)) {
        t.published++;
        if (succeeded.contains(id)) {
          t.succeeded++;
        } else if (deadLettered.containsKey(id)) {
          t.deadLettered.merge(deadLettered.get(id), 1L, Long::sum);
        } else {
          t.missing++;
        }
      }
    });
    rows.put("total", total);
    return rows;
  }
}
