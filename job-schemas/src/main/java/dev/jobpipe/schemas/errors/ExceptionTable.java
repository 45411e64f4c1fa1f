package dev.jobpipe.schemas.errors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception classification of jobpipe, shared by the worker ({@code ExceptionClassifier})
 * and the retry router (a policy's fatal exceptions): a table from class names to a
 * {@link Verdict}, applied to a {@link CauseChain}. The chain is walked from the thrown exception
 * inwards and the first link that is recognised decides; within a link the exception's own class
 * is looked up first, then each superclass, so an entry matches its subclasses too. Pinned entries
 * (the worker's marker exceptions, whose verdict is fixed by their type) are looked up on the whole
 * link before the ordinary ones. Empty when nothing is recognised: the caller's default decides.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExceptionTable {

  /** What a recognised failure means. */
  public enum Verdict {
    /** A later attempt may succeed. */
    RETRYABLE,
    /** No attempt can succeed: the job goes to the DLQ as {@code FATAL}. */
    TERMINAL
  }

  private static final ExceptionTable EMPTY = builder().build();

  private final Map<String, Verdict> pinned;
  private final Map<String, Verdict> entries;

  private ExceptionTable(Map<String, Verdict> pinned, Map<String, Verdict> entries) {
    this.pinned = Collections.unmodifiableMap(new LinkedHashMap<>(pinned));
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public static ExceptionTable empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The verdict of the first recognised link of {@code chain}, if any. */
  public Optional<Verdict> classify(CauseChain chain) {
    for (var link : chain.links()) {
      Verdict found = lookup(pinned, link);
      if (found == null) {
        found = lookup(entries, link);
      }
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /** The first class name of the chain that the table recognises, for messages; empty if none. */
  public Optional<String> firstMatch(CauseChain chain) {
    for (var link : chain.links()) {
      for (String name : link) {
        if (pinned.containsKey(name) || entries.containsKey(name)) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  /** The ordinary entries, in the order they were added. */
  public Map<String, Verdict> entries() {
    return entries;
  }

  private static Verdict lookup(Map<String, Verdict> table, Iterable<String> link) {
    for (String name : link) {
      Verdict found = table.get(name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "ExceptionTable" + entries;
  }

  /** Builds a table; a later entry for the same name replaces the earlier one and moves last. */
  public static final class Builder {
    private final Map<String, Verdict> pinned = new LinkedHashMap<>();
    private final Map<String, Verdict> entries = new LinkedHashMap<>();

    private Builder() {}

    /** Classifies {@code className} and its subclasses as {@code verdict}. */
    public Builder put(String className, Verdict verdict) {
      Objects.requireNonNull(className, "class name");
      entries.remove(className);
      entries.put(className.trim(), Objects.requireNonNull(verdict, "verdict"));
      return this;
    }

    /** As {@link #put}, but looked up before every ordinary entry (a verdict fixed by the type). */
    public Builder pin(String className, Verdict verdict) {
      pinned.put(Objects.requireNonNull(className, "class name"), Objects.requireNonNull(verdict, "verdict"));
      return this;
    }

    /** Removes every ordinary entry. */
    public Builder clear() {
      entries.clear();
      return this;
    }

    public ExceptionTable build() {
      return new ExceptionTable(pinned, entries);
    }
  }
}
