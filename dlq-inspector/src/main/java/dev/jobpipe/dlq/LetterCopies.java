package dev.jobpipe.dlq;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells the copies of one dead-lettering apart. Dead-lettering is at-least-once: a worker killed
 * after writing a letter but before committing past the job writes it again when the job runs
 * again. Such copies share the failed attempt's origin (topic, partition, offset) and attempt
 * number, which no two distinct failures share; the inspector shows, counts and replays the first
 * copy of each origin and reports how many copies it hid. Letters whose origin is unknown (other
 * tools' letters) are never taken for copies.
 */
public final class LetterCopies {

  private final Map<String, Integer> copiesByIdentity = new HashMap<>();
  private long hidden;

  /** The identity copies share: {@code topic-partition-offset#attempt} of the origin, if known. */
  public static Optional<String> identity(DeadLetter letter) {
    return letter.originIfKnown().map(o -> o + "#" + letter.attempt());
  }

  /**
   * Whether {@code letter} is the first of its origin and attempt seen; a later one is counted as a
   * hidden copy. Feed letters in DLQ order (oldest first) to keep the original.
   */
  public boolean first(DeadLetter letter) {
    Optional<String> id = identity(letter);
    if (id.isEmpty()) {
      return true;
    }
    int seen = copiesByIdentity.merge(id.get(), 1, Integer::sum);
    if (seen > 1) {
      hidden++;
      return false;
    }
    return true;
  }

  /** Copies hidden so far. */
  public long hidden() {
    return hidden;
  }

  /** Copies hidden behind the letters of {@code shown} (each a first copy). */
  public long hiddenBehind(Collection<DeadLetter> shown) {
    long n = 0;
    for (DeadLetter letter : shown) {
      n += identity(letter).map(id -> copiesByIdentity.getOrDefault(id, 1) - 1).orElse(0);
    }
    return n;
  }
}
