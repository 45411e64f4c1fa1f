package dev.jobpipe.cli.command;

import dev.jobpipe.deploy.local.DevStack;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * {@code jobpipe dev}: the embedded Kafka broker and Schema Registry of this project, run as
 * background processes on this machine (no Docker). State, logs and data live under
 * {@code .jobpipe/dev/} of the project home: the {@value #HOME_PROPERTY} system property, which the
 * launcher sets to the repository root, else the working directory.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Embedded Kafka + Schema Registry on this machine (up | down | status).",
    subcommands = {DevUpCommand.class, DevDownCommand.class, DevStatusCommand.class})
public final class DevCommand {
  /** System property naming the project home. */
  public static final String HOME_PROPERTY = "jobpipe.home";

  /** The dev stack of the project home this process was started for. */
  static DevStack projectStack() {
    String home = System.getProperty(HOME_PROPERTY);
    return new DevStack(Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home));
  }
}
