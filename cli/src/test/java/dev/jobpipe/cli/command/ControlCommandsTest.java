package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input to pause/resume/rate/cancel/status: one line on stderr, usage exit code, before any connection. */
class ControlCommandsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "pause                                              | --type",
      "pause --type Bad_Type                              | invalid job type",
      "resume                                             | --type",
      "rate --type t                                      | --per-second",
      "rate --type t --per-second 0                       | above 0",
      "rate --type t --per-second -2                      | above 0",
      "rate --type t --per-second NaN                     | above 0",
      "rate --type t --per-second fast                    | fast",
      "rate --type t --per-second 5 --none                | mutually exclusive",
      "cancel --type t                                    | --job-id",
      "cancel --type t --job-id ' '                       | job id must not be empty",
      "cancel --type t --job-id j --expiry 0s             | --expiry",
      "cancel --type t --job-id j --expiry soon           | not a duration",
      "status --type ''                                   | invalid job type"})
  void badInputIsAOneLineUsageError(String args, String mention) {
    CliRun run = CliRun.of(split(args));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines().filter(l -> !l.isBlank()).toList()).as(run.toString()).hasSizeLessThanOrEqualTo(3)
        .first().asString().contains(mention);
    assertThat(run.out()).as(run.toString()).isEmpty();
  }

  private static String[] split(String args) {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(args);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out.toArray(String[]::new);
  }
}
