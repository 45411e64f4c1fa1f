package dev.jobpipe.scheduler;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The fire times of a recurring schedule: a cron expression in a time zone (parsed and evaluated
 * by cron-utils, which also decides what happens at DST transitions), or a fixed interval aligned
 * to the epoch, so every instance and every restart computes the same times.
 */
public sealed interface FireTimes {

  /** The first fire time strictly after {@code after}. */
  Optional<Instant> next(Instant after);

  /** The last fire time strictly before {@code before}. */
  Optional<Instant> previous(Instant before);

  /**
   * A cron expression: five fields (minute hour day-of-month month day-of-week, Unix style) or six
   * with seconds first (Spring style). Throws {@link IllegalArgumentException} when it does not parse.
   */
  static FireTimes cron(String expression, ZoneId zone) {
    String text = expression == null ? "" : expression.trim();
    int fields = text.isEmpty() ? 0 : text.split("\\s+").length;
    CronType flavour = switch (fields) {
      case 5 -> CronType.UNIX;
      case 6 -> CronType.SPRING53;
      default -> throw new IllegalArgumentException("cron expression '" + expression
          + "' must have 5 fields (minute hour day month weekday) or 6 (seconds first), has " + fields);
    };
    try {
      Cron cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(flavour)).parse(text).validate();
      return new CronTimes(text, ExecutionTime.forCron(cron), zone);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cron expression '" + expression + "' does not parse: " + e.getMessage(), e);
    }
  }

  /** Every {@code interval}, at the multiples of it since the epoch. */
  static FireTimes every(Duration interval) {
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least 1s, got " + interval);
    }
    return new Interval(interval.toMillis());
  }

  /** Fire times of a cron expression in a zone. */
  record CronTimes(String expression, ExecutionTime execution, ZoneId zone) implements FireTimes {
    @Override
    public Optional<Instant> next(Instant after) {
      return execution.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /**
     * cron-utils' {@code lastExecution} and {@code nextExecution} disagree on the night the clocks
     * go back: for {@code 30 2 * * *} in Berlin, next skips the second 02:30 (CET) but last returns
     * it. A time that {@link #next} does not reach from its own predecessor is not a fire time, so
     * the fires counted backwards (misfires) are the ones counted forwards.
     */
    @Override
    public Optional<Instant> previous(Instant before) {
      Optional<ZonedDateTime> candidate = execution.lastExecution(ZonedDateTime.ofInstant(before, zone));
      for (int i = 0; i < MAX_UNREACHED && candidate.isPresent(); i++) {
        Optional<ZonedDateTime> earlier = execution.lastExecution(candidate.get());
        if (earlier.isEmpty() || execution.nextExecution(earlier.get()).map(ZonedDateTime::toInstant)
            .equals(candidate.map(ZonedDateTime::toInstant))) {
          break;
        }
        candidate = earlier;
      }
      return candidate.map(ZonedDateTime::toInstant);
    }

    /** At most this many times in a row that next does not reach (one per DST night in practice). */
    private static final int MAX_UNREACHED = 4;
  }

  /** Fire times at the multiples of {@code millis} since the epoch. */
  record Interval(long millis) implements FireTimes {
    @Override
    public Optional<Instant> next(Instant after) {
      return Optional.of(Instant.ofEpochMilli(Math.floorDiv(after.toEpochMilli(), millis) * millis + millis));
    }

    @Override
    public Optional<Instant> previous(Instant before) {
      return Optional.of(Instant.ofEpochMilli(Math.floorDiv(before.toEpochMilli() - 1, millis) * millis));
    }
  }
}
