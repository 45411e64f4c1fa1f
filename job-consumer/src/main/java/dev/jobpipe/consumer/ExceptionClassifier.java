package dev.jobpipe.consumer;

import dev.jobpipe.schemas.errors.CauseChain;
import dev.jobpipe.schemas.errors.ExceptionTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a handler's failure is worth retrying, from a table of exception classes. The
 * worker writes the answer into the {@code jobpipe.error.retryable} header; the retry router then
 * retries or dead-letters the job without knowing the handler's exception types.
 *
 * <p>The cause chain is walked from the thrown exception inwards, and the first exception that is
 * recognised decides: a {@link TerminalJobException} or {@link RetryableJobException}, or a class
 * in the table (an exception matches its own class or its nearest listed superclass). When nothing
 * matches, the default decides (retryable unless configured otherwise), because most unexpected
 * failures in background jobs are transient. List specific classes: a broad entry such as
 * {@code Exception} matches the outermost exception and stops the walk.
 *
 * <p>The walk itself is jobpipe's one classification, {@link ExceptionTable}, which the retry router
 * applies to a policy's fatal exceptions too: the worker writes the chain it classified into
 * {@code jobpipe.error.causes}, so both see the same classes and superclasses.
 *
 * <p>Immutable and thread-safe; a worker is given one (composition), it is never subclassed.
 */
public final class ExceptionClassifier {

  /** The two outcomes of a failed attempt. */
  public enum Classification {
    /** A later attempt may succeed: the router schedules a retry. */
    RETRYABLE,
    /** No attempt can succeed: the router dead-letters the job as FATAL. */
    TERMINAL;

    public boolean retryable() {
      return this == RETRYABLE;
    }
  }

  private static final ExceptionClassifier DEFAULTS = builder().build();

  private final Map<Class<? extends Throwable>, Classification> table;
  private final Classification fallback;
  private final ExceptionTable names;

  private ExceptionClassifier(Map<Class<? extends Throwable>, Classification> table, Classification fallback) {
    this.table = Collections.unmodifiableMap(new LinkedHashMap<>(table));
    this.fallback = fallback;
    // The marker types are intent stated by the handler author; no table entry overrides them.
    ExceptionTable.Builder names = ExceptionTable.builder()
        .pin(TerminalJobException.class.getName(), ExceptionTable.Verdict.TERMINAL)
        .pin(RetryableJobException.class.getName(), ExceptionTable.Verdict.RETRYABLE);
    table.forEach((type, classification) -> names.put(type.getName(), verdict(classification)));
    this.names = names.build();
  }

  /**
   * The classifier a worker uses unless given another: an empty table, so everything but the
   * marker exceptions is retryable. (A {@link ClassCastException} is not special: the worker
   * guarantees the payload's class when it is built, so one thrown by a handler is the handler's
   * own bug, retried like any other.)
   */
  public static ExceptionClassifier defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the default table. */
  public static Builder builder() {
    return new Builder();
  }

  /** Classifies {@code failure} by walking its cause chain (see the class comment). */
  public Classification classify(Throwable failure) {
    return classify(CauseChain.of(Objects.requireNonNull(failure, "failure")));
  }

  /** Classifies a failure given as class names, as the retry router sees it. */
  public Classification classify(CauseChain chain) {
    return names.classify(chain).map(v -> v == ExceptionTable.Verdict.TERMINAL
        ? Classification.TERMINAL : Classification.RETRYABLE).orElse(fallback);
  }

  /** Shorthand for {@code classify(failure).retryable()}. */
  public boolean isRetryable(Throwable failure) {
    return classify(failure).retryable();
  }

  /** The table, in the order entries were added, for logs and tests. */
  public Map<Class<? extends Throwable>, Classification> table() {
    return table;
  }

  /** What applies when nothing in the cause chain is recognised. */
  public Classification fallback() {
    return fallback;
  }

  private static ExceptionTable.Verdict verdict(Classification classification) {
    return classification.retryable() ? ExceptionTable.Verdict.RETRYABLE : ExceptionTable.Verdict.TERMINAL;
  }

  @Override
  public String toString() {
    return "ExceptionClassifier" + table + " else " + fallback;
  }

  /** Builds a classifier; later entries for the same class replace earlier ones. */
  public static final class Builder {
    private final Map<Class<? extends Throwable>, Classification> table = new LinkedHashMap<>();
    private Classification fallback = Classification.RETRYABLE;

    private Builder() {}

    /** Marks {@code types} (and their subclasses) retryable. */
    @SafeVarargs
    public final Builder retryable(Class<? extends Throwable>... types) {
      return put(Classification.RETRYABLE, types);
    }

    /** Marks {@code types} (and their subclasses) terminal: straight to the DLQ as FATAL. */
    @SafeVarargs
    public final Builder terminal(Class<? extends Throwable>... types) {
      return put(Classification.TERMINAL, types);
    }

    /** What applies when nothing matches; {@link Classification#RETRYABLE} unless set. */
    public Builder fallback(Classification classification) {
      this.fallback = Objects.requireNonNull(classification, "classification");
      return this;
    }

    /** Empties the table. */
    public Builder clear() {
      table.clear();
      return this;
    }

    public ExceptionClassifier build() {
      return new ExceptionClassifier(table, fallback);
    }

    private Builder put(Classification classification, Class<? extends Throwable>[] types) {
      for (Class<? extends Throwable> type : types) {
        Objects.requireNonNull(type, "exception class");
        if (RetryableJobException.class.isAssignableFrom(type) || TerminalJobException.class.isAssignableFrom(type)) {
          throw new IllegalArgumentException(type.getName()
              + " is a jobpipe marker exception; its classification is fixed by its type");
        }
        table.remove(type);
        table.put(type, classification);
      }
      return this;
    }
  }
}
