package dev.jobpipe.reliability.harness;

import java.util.Locale;
import java.util.Optional;

/**
 * What the recording handler does with a job, decided from the job id alone so that the test that
 * publishes a job, the handler that runs it in another process and the reconciler that checks the
 * outcome agree without talking to each other.
 *
 * <p>A test marks a job by the id it publishes it with: {@code <behavior>~<anything>}, e.g.
 * {@code fail-once~42-7f3a}. Ids without a marker (for instance ids a plain producer leaves for the
 * worker to derive) fall back to a hash of the id against configured rates, so a test can also say
 * "30% of all jobs fail once" without choosing which.
 */
public enum Behavior {
  /** Succeeds on every attempt. */
  OK("ok"),
  /** Fails (retryable) on attempt 1, succeeds from attempt 2 on. */
  FAIL_ONCE("fail-once"),
  /** Fails (retryable) on every attempt: ends in the DLQ as EXHAUSTED. */
  FAIL_ALWAYS("fail-always"),
  /** Hangs past the worker's job timeout on attempt 1, succeeds from attempt 2 on. */
  HANG_ONCE("hang-once"),
  /** Throws the terminal exception: straight to the DLQ as FATAL. */
  TERMINAL("terminal"),
  /**
   * On attempt 1 waits until the test releases held jobs ({@link HandlerSettings#releaseFile()}),
   * then succeeds: lets a test choose the moment a job finishes, e.g. inside a broker outage.
   */
  HOLD("hold"),
  /** As {@link #HOLD}, but attempt 1 then fails (retryable); succeeds from attempt 2 on. */
  HOLD_FAIL_ONCE("hold-fail-once");

  /** Separates the behavior marker from the rest of a job id. */
  public static final char MARKER = '~';

  private final String label;

  Behavior(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** A job id that the handler will treat with this behavior: {@code label~suffix}. */
  public String jobId(String suffix) {
    return label + MARKER + suffix;
  }

  /** The behavior a job id is marked with, if any. */
  public static Optional<Behavior> marked(String jobId) {
    int at = jobId.indexOf(MARKER);
    if (at <= 0) {
      return Optional.empty();
    }
    String label = jobId.substring(0, at).toLowerCase(Locale.ROOT);
    for (Behavior b : values()) {
      if (b.label.equals(label)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /**
   * The behavior of {@code jobId}: its marker if it has one, else {@link #FAIL_ONCE} for a share of
   * ids given by {@code failOnceRate} (0..1, chosen by a stable hash of the id), else {@link #OK}.
   */
  public static Behavior of(String jobId, double failOnceRate) {
    Optional<Behavior> marked = marked(jobId);
    if (marked.isPresent()) {
      return marked.get();
    }
    return bucket(jobId) < failOnceRate * 10_000 ? FAIL_ONCE : OK;
  }

  /** A stable bucket 0..9999 of a job id (String.hashCode is specified, so stable across JVMs). */
  static int bucket(String jobId) {
    int h = jobId.hashCode();
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    h ^= h >>> 16;
    return Math.floorMod(h, 10_000);
  }

  /** What happens on a given attempt of a job with this behavior. */
  public Outcome outcome(int attempt) {
    return switch (this) {
      case OK -> Outcome.OK;
      case FAIL_ONCE -> attempt <= 1 ? Outcome.FAIL : Outcome.OK;
      case FAIL_ALWAYS -> Outcome.FAIL;
      case HANG_ONCE -> attempt <= 1 ? Outcome.HANG : Outcome.OK;
      case TERMINAL -> Outcome.TERMINAL;
      case HOLD -> Outcome.OK;
      case HOLD_FAIL_ONCE -> attempt <= 1 ? Outcome.FAIL : Outcome.OK;
    };
  }

  /** Whether this attempt waits for the test's release before it ends. */
  public boolean holds(int attempt) {
    return attempt <= 1 && (this == HOLD || this == HOLD_FAIL_ONCE);
  }

  /** Whether a job with this behavior should end in the DLQ rather than succeed. */
  public boolean endsDeadLettered() {
    return this == FAIL_ALWAYS || this == TERMINAL;
  }

  /** What one execution did; the token written to the execution log. */
  public enum Outcome {
    /** The handler returned normally. */
    OK,
    /** The handler threw a retryable exception. */
    FAIL,
    /** The handler started hanging (it was interrupted or killed, or it never returned). */
    HANG,
    /** The handler threw a terminal exception. */
    TERMINAL;

    public boolean succeeded() {
      return this == OK;
    }
  }
}
