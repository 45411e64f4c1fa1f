package dev.jobpipe.scheduler;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a recurring schedule does with fire times it missed (the scheduler was down, or the fire was
 * found more than {@code cron.misfire.grace.ms} late): {@code skip} them, fire the latest of them
 * once ({@code run-once}), or fire up to the last {@code max} of them ({@code catch-up(max)}), each
 * with its own fire id.
 */
public record MisfirePolicy(Kind kind, int max) {

  /** The kinds of policy. */
  public enum Kind { SKIP, RUN_ONCE, CATCH_UP }

  public static final MisfirePolicy SKIP = new MisfirePolicy(Kind.SKIP, 0);
  public static final MisfirePolicy RUN_ONCE = new MisfirePolicy(Kind.RUN_ONCE, 1);
  /** Longest accepted catch-up. */
  public static final int MAX_CATCH_UP = 1_000;

  private static final Pattern CATCH_UP = Pattern.compile("catch-up\\(\\s*([0-9]{1,9})\\s*\\)");

  public MisfirePolicy {
    if (kind == Kind.CATCH_UP && (max < 1 || max > MAX_CATCH_UP)) {
      throw new IllegalArgumentException("catch-up(max) needs 1 <= max <= " + MAX_CATCH_UP + ", got " + max);
    }
  }

  /** Parses {@code skip}, {@code run-once} or {@code catch-up(N)}. */
  public static MisfirePolicy parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equals("skip")) {
      return SKIP;
    }
    if (t.equals("run-once")) {
      return RUN_ONCE;
    }
    Matcher m = CATCH_UP.matcher(t);
    if (m.matches()) {
      return new MisfirePolicy(Kind.CATCH_UP, Integer.parseInt(m.group(1)));
    }
    throw new IllegalArgumentException("unknown misfire policy '" + text + "': use skip, run-once or catch-up(N)");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case SKIP -> "skip";
      case RUN_ONCE -> "run-once";
      case CATCH_UP -> "catch-up(" + max + ")";
    };
  }
}
