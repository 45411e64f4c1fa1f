package dev.jobpipe.cli.command;

import dev.jobpipe.schemas.RetryDelays;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the worker's command line: the labels used everywhere in jobpipe ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 1h}) or ISO-8601 ({@code PT30S}); positive only.
 */
final class WorkerDurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    String text = value == null ? "" : value.trim();
    if (text.regionMatches(true, 0, "P", 0, 1)) {
      try {
        Duration d = Duration.parse(text);
        if (d.isNegative() || d.isZero()) {
          throw new TypeConversionException("'" + value + "' is not a positive duration");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a duration: expected e.g. 30s, 500ms, 5m or PT30S");
      }
    }
    try {
      return RetryDelays.parse(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a duration: expected e.g. 30s, 500ms, 5m or PT30S");
    }
  }
}
