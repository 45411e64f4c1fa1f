package dev.jobpipe.schemas.control;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The desired state of one job type: the fold of its {@code jobs.T.control} topic. Immutable; a
 * {@link Fold} builds successive states from the records. {@link #EMPTY} (running, unlimited, nothing
 * cancelled) is the state of a type whose topic is empty or missing.
 */
public final class ControlState {

  /** Nothing paused, no limit, nothing cancelled. */
  public static final ControlState EMPTY = new ControlState(null, null, Map.of(), 0, null);

  private final PauseState pause;
  private final RateLimit rate;
  private final Map<String, Cancellation> cancellations;
  private final int unreadable;
  private final String lastUnreadable;

  private ControlState(PauseState pause, RateLimit rate, Map<String, Cancellation> cancellations, int unreadable,
      String lastUnreadable) {
    this.pause = pause;
    this.rate = rate;
    this.cancellations = cancellations;
    this.unreadable = unreadable;
    this.lastUnreadable = lastUnreadable;
  }

  /** True when workers must not start jobs. */
  public boolean paused() {
    return pause != null && pause.paused();
  }

  /** The last pause or resume, if any was written. */
  public Optional<PauseState> pauseState() {
    return Optional.ofNullable(pause);
  }

  /** The type-wide limit in jobs per second, if there is one. */
  public OptionalDouble rateLimit() {
    return rate == null ? OptionalDouble.empty() : rate.limit();
  }

  /** The last rate change, if any was written (it may be the removal of a limit). */
  public Optional<RateLimit> rateState() {
    return Optional.ofNullable(rate);
  }

  /** Every cancellation on the topic, expired ones included, by job id. */
  public Map<String, Cancellation> cancellations() {
    return cancellations;
  }

  /** True when there is at least one cancellation, expired or not: a cheap test before looking ids up. */
  public boolean hasCancellations() {
    return !cancellations.isEmpty();
  }

  /** True when {@code jobId} has a cancellation that holds at {@code nowMillis}. */
  public boolean cancelled(String jobId, long nowMillis) {
    Cancellation c = cancellations.get(jobId);
    return c != null && c.activeAt(nowMillis);
  }

  /** True when nothing restrains workers: not paused, no limit, no cancellation. */
  public boolean idle() {
    return !paused() && rateLimit().isEmpty() && cancellations.isEmpty();
  }

  /** Records that could not be read (skipped; see {@link ControlCodec}). */
  public int unreadable() {
    return unreadable;
  }

  /** Why the last unreadable record could not be read; null when none was. */
  public String lastUnreadable() {
    return lastUnreadable;
  }

  @Override
  public String toString() {
    return "ControlState[paused=" + paused() + ", rate=" + (rateLimit().isPresent() ? rateLimit().getAsDouble() : "none")
        + ", cancellations=" + cancellations.size() + (unreadable > 0 ? ", unreadable=" + unreadable : "") + "]";
  }

  /**
   * Folds control records, in topic order, into states. Not thread-safe: one reader applies records
   * and publishes {@link #state()} to others.
   */
  public static final class Fold {
    private PauseState pause;
    private RateLimit rate;
    private final Map<String, Cancellation> cancellations = new HashMap<>();
    private int unreadable;
    private String lastUnreadable;
    private ControlState state = EMPTY;

    /**
     * Applies one record: a tombstone removes its key, a value replaces it; an unreadable record or
     * an unknown key is counted and skipped (the previous value stays). Returns true when the state
     * changed.
     */
    public boolean apply(byte[] key, byte[] value) {
      return apply(key == null ? null : new String(key, StandardCharsets.UTF_8), value);
    }

    /** As {@link #apply(byte[], byte[])} with the key decoded. */
    public boolean apply(String key, byte[] value) {
      if (key == null) {
        return skip("a record without a key");
      }
      if (value == null) {
        if (ControlKey.PAUSED.equals(key)) {
          pause = null;
        } else if (ControlKey.RATE.equals(key)) {
          rate = null;
        } else {
          Optional<String> id = ControlKey.cancelledJobId(key);
          if (id.isEmpty()) {
            return skip("a tombstone for unknown key '" + key + "'");
          }
          cancellations.remove(id.get());
        }
        return changed();
      }
      ControlEntry entry;
      try {
        entry = ControlCodec.decode(key, value);
      } catch (IllegalArgumentException e) {
        return skip(e.getMessage());
      }
      switch (entry) {
        case PauseState p -> pause = p;
        case RateLimit r -> rate = r;
        case Cancellation c -> cancellations.put(c.jobId(), c);
      }
      return changed();
    }

    private boolean skip(String why) {
      unreadable++;
      lastUnreadable = why;
      state = null;
      return false;
    }

    private boolean changed() {
      state = null;
      return true;
    }

    /** The state after every record applied so far (built once per batch of changes, not per record). */
    public ControlState state() {
      if (state == null) {
        state = new ControlState(pause, rate, Collections.unmodifiableMap(new HashMap<>(cancellations)), unreadable,
            lastUnreadable);
      }
      return state;
    }
  }
}
