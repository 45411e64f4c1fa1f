package dev.jobpipe.reliability.harness;

import dev.jobpipe.schemas.DlqReason;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The account of one run: every published job id is succeeded (some execution returned normally),
 * dead-lettered (on the DLQ topic), or lost (neither). Duplicates are executions beyond the first
 * of one (job id, attempt): allowed by at-least-once, counted, never lost work. A job on the DLQ
 * more than once is a doubled dead letter; one that both succeeded and was dead-lettered is
 * contradictory. Built by {@link Reconciler}; the {@code assert*} methods throw
 * {@link AssertionError} with examples so a failing scenario says what went wrong.
 */
public final class Reconciliation {

  private static final int EXAMPLES = 10;

  private final int published;
  private final Set<String> succeeded;
  private final Map<String, List<DeadLetter>> deadLettered;
  private final Set<String> lost;
  private final long executions;
  private final long duplicates;
  private final Map<String, Integer> duplicatesByJob;
  private final Set<String> doubledDeadLetters;
  private final Set<String> succeededAndDeadLettered;
  private final Set<String> unknownExecuted;
  private final List<DeadLetter> unknownDeadLetters;
  private final int maxAttempt;

  Reconciliation(
      int published, Set<String> succeeded, Map<String, List<DeadLetter>> deadLettered, Set<String> lost,
      long executions, Map<String, Integer> duplicatesByJob, Set<String> unknownExecuted,
      List<DeadLetter> unknownDeadLetters, int maxAttempt) {
    this.published = published;
    this.succeeded = Set.copyOf(succeeded);
    this.deadLettered = Map.copyOf(deadLettered);
    this.lost = Set.copyOf(lost);
    this.executions = executions;
    this.duplicatesByJob = Map.copyOf(duplicatesByJob);
    this.duplicates = duplicatesByJob.values().stream().mapToLong(Integer::longValue).sum();
    this.doubledDeadLetters = deadLettered.entrySet().stream()
        .filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    this.succeededAndDeadLettered = succeeded.stream().filter(deadLettered::containsKey)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    this.unknownExecuted = Set.copyOf(unknownExecuted);
    this.unknownDeadLetters = List.copyOf(unknownDeadLetters);
    this.maxAttempt = maxAttempt;
  }

  public int published() {
    return published;
  }

  public Set<String> succeeded() {
    return succeeded;
  }

  /** Published jobs on the DLQ topic, each with its dead-letter records (more than one = doubled). */
  public Map<String, List<DeadLetter>> deadLettered() {
    return deadLettered;
  }

  public Set<String> lost() {
    return lost;
  }

  /** Every complete execution line, including failed and repeated ones. */
  public long executions() {
    return executions;
  }

  /** Executions beyond the first of each (job id, attempt). */
  public long duplicates() {
    return duplicates;
  }

  /** Jobs that ran an attempt more than once, with how many extra executions. */
  public Map<String, Integer> duplicatesByJob() {
    return duplicatesByJob;
  }

  public Set<String> doubledDeadLetters() {
    return doubledDeadLetters;
  }

  public Set<String> succeededAndDeadLettered() {
    return succeededAndDeadLettered;
  }

  /** Executed job ids that were not published by the test (e.g. derived ids of plain-client records). */
  public Set<String> unknownExecuted() {
    return unknownExecuted;
  }

  /** DLQ records whose job id was not published by the test (e.g. poison pills). */
  public List<DeadLetter> unknownDeadLetters() {
    return unknownDeadLetters;
  }

  /** The highest attempt number any execution ran. */
  public int maxAttempt() {
    return maxAttempt;
  }

  /** Published jobs on the DLQ, counted by reason (one per job). */
  public Map<String, Long> deadLettersByReason() {
    Map<String, Long> out = new TreeMap<>();
    deadLettered.values().forEach(letters -> out.merge(
        letters.getFirst().reason().map(DlqReason::name).orElse("?" + letters.getFirst().rawReason()), 1L, Long::sum));
    return out;
  }

  /** Every published job is succeeded or dead-lettered. */
  public boolean complete() {
    return lost.isEmpty();
  }

  public Reconciliation assertNothingLost() {
    if (!lost.isEmpty()) {
      throw new AssertionError(lost.size() + " of " + published + " jobs lost (neither executed successfully "
          + "nor dead-lettered), e.g. " + examples(lost) + "; " + summary());
    }
    return this;
  }

  public Reconciliation assertNoDoubledDeadLetters() {
    if (!doubledDeadLetters.isEmpty()) {
      throw new AssertionError(doubledDeadLetters.size() + " jobs dead-lettered more than once, e.g. "
          + doubledDeadLetters.stream().limit(EXAMPLES).map(id -> id + "=" + deadLettered.get(id).size() + "x")
              .toList() + "; " + summary());
    }
    return this;
  }

  /** No job both succeeded and landed on the DLQ. */
  public Reconciliation assertNoContradictions() {
    if (!succeededAndDeadLettered.isEmpty()) {
      throw new AssertionError(succeededAndDeadLettered.size() + " jobs both succeeded and were dead-lettered, e.g. "
          + examples(succeededAndDeadLettered) + "; " + summary());
    }
    return this;
  }

  /**
   * Each published job ended as its {@link Behavior} says: dead-lettered with the expected reason
   * (EXHAUSTED for fail-always, FATAL for terminal) or succeeded and not dead-lettered.
   */
  public Reconciliation assertOutcomesAsMarked(double failOnceRate, Collection<String> publishedIds) {
    Map<String, String> wrong = new LinkedHashMap<>();
    for (String id : publishedIds) {
      Behavior b = Behavior.of(id, failOnceRate);
      if (b.endsDeadLettered()) {
        DlqReason expected = b == Behavior.TERMINAL ? DlqReason.FATAL : DlqReason.EXHAUSTED;
        List<DeadLetter> letters = deadLettered.get(id);
        if (letters == null) {
          wrong.put(id, "expected on the DLQ as " + expected + ", is not");
        } else if (letters.stream().anyMatch(l -> l.reason().orElse(null) != expected)) {
          wrong.put(id, "expected DLQ reason " + expected + ", got " + letters.stream().map(DeadLetter::rawReason).toList());
        }
      } else if (deadLettered.containsKey(id)) {
        DeadLetter l = deadLettered.get(id).getFirst();
        wrong.put(id, "expected to succeed, dead-lettered as " + l.rawReason() + " (" + l.errorClass() + ": "
            + l.errorMessage() + ")");
      } else if (!succeeded.contains(id)) {
        wrong.put(id, "expected to succeed, did not");
      }
    }
    if (!wrong.isEmpty()) {
      throw new AssertionError(wrong.size() + " jobs did not end as their behavior says, e.g. "
          + wrong.entrySet().stream().limit(EXAMPLES).toList() + "; " + summary());
    }
    return this;
  }

  /** Duplicates at most {@code bound}; {@code why} explains the bound in the failure message. */
  public Reconciliation assertDuplicatesAtMost(long bound, String why) {
    if (duplicates > bound) {
      throw new AssertionError(duplicates + " duplicate executions, more than the bound " + bound + " (" + why
          + "), e.g. " + duplicatesByJob.entrySet().stream().limit(EXAMPLES).toList() + "; " + summary());
    }
    return this;
  }

  /** nothing lost, no doubled dead letter, no job both succeeded and dead-lettered. */
  public Reconciliation assertSound() {
    return assertNothingLost().assertNoDoubledDeadLetters().assertNoContradictions();
  }

  /** One line: the figures of the run. */
  public String summary() {
    return "published=" + published + " succeeded=" + succeeded.size() + " deadLettered=" + deadLettered.size()
        + deadLettersByReason() + " lost=" + lost.size() + " executions=" + executions + " duplicates=" + duplicates
        + " doubledDeadLetters=" + doubledDeadLetters.size() + " succeededAndDeadLettered="
        + succeededAndDeadLettered.size() + " maxAttempt=" + maxAttempt + " unknownExecuted=" + unknownExecuted.size()
        + " unknownDeadLetters=" + unknownDeadLetters.size();
  }

  @Override
  public String toString() {
    return summary();
  }

  private static List<String> examples(Collection<String> ids) {
    return ids.stream().limit(EXAMPLES).toList();
  }
}
