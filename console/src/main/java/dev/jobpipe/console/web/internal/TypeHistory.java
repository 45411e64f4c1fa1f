package dev.jobpipe.console.web.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The samples of one job type over the last {@code window} (an hour), from which the console
 * draws its charts and computes rates. Thread-safe.
 */
public final class TypeHistory {

  /** Rates are averaged over about this long, so one slow sample does not make a spike. */
  static final Duration RATE_WINDOW = Duration.ofSeconds(30);

  private final Duration window;
  private final Deque<TypeSample> samples = new ArrayDeque<>();

  public TypeHistory(Duration window) {
    this.window = window;
  }

  synchronized void add(TypeSample s) {
    samples.addLast(s);
    Instant cut = s.at().minus(window);
    while (!samples.isEmpty() && samples.peekFirst().at().isBefore(cut)) {
      samples.removeFirst();
    }
  }

  public synchronized List<TypeSample> samples() {
    return List.copyOf(samples);
  }

  public synchronized TypeSample latest() {
    return samples.peekLast();
  }

  /** Per second over the last {@link #RATE_WINDOW} (or what history there is); 0 with one sample. */
  public synchronized double rate(ToLongFunction<TypeSample> counter) {
    TypeSample last = samples.peekLast();
    if (last == null) {
      return 0;
    }
    TypeSample from = last;
    for (var it = samples.descendingIterator(); it.hasNext(); ) {
      TypeSample s = it.next();
      from = s;
      if (!s.at().isAfter(last.at().minus(RATE_WINDOW))) {
        break;
      }
    }
    return rate(from, last, counter);
  }

  /** Per second between two samples; 0 when a counter went backwards (topic recreated) or no time passed. */
  static double rate(TypeSample from, TypeSample to, ToLongFunction<TypeSample> counter) {
    double seconds = Duration.between(from.at(), to.at()).toMillis() / 1000.0;
    long a = counter.applyAsLong(from);
    long b = counter.applyAsLong(to);
    if (seconds <= 0 || a < 0 || b < a) {
      return 0;
    }
    return (b - a) / seconds;
  }

  /**
   * At most {@code points} evenly spaced samples of the window, for a chart: the first and last
   * sample always included.
   */
  public synchronized List<TypeSample> downsampled(int points) {
    List<TypeSample> all = new ArrayList<>(samples);
    if (all.size() <= points) {
      return all;
    }
    List<TypeSample> out = new ArrayList<>(points);
    double step = (all.size() - 1) / (double) (points - 1);
    for (int i = 0; i < points; i++) {
      out.add(all.get((int) Math.round(i * step)));
    }
    return out;
  }
}
