package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.schemas.control.PauseState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe pause --type T}: the type's workers start no new job until resumed. */
@Command(name = "pause", mixinStandardHelpOptions = true,
    description = {"Pause a job type: its workers start no new job (running ones finish, offsets are committed,"
        + " the group stays stable) until 'jobpipe resume'. Takes effect on every worker within about a second,"
        + " and holds for workers started later."})
public final class PauseCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  ControlTypeOption type;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded with who and when.")
  String reason;

  @Override
  public Integer call() {
    String t = type.type();
    PauseState p = ControlTypeOption.withControl(connection, c -> c.pause(t, reason));
    spec.commandLine().getOut().println("paused " + t + " (by " + p.by() + " at " + p.at()
        + (p.reason() != null ? ": " + p.reason() : "") + ")");
    return ExitCodes.OK;
  }
}
