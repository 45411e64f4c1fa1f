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

/** {@code jobpipe resume --type T}: the type's workers start jobs again where they stopped. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Resume a paused job type: its workers start jobs again where they stopped.")
public final class ResumeCommand implements Callable<Integer> {

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
    PauseState p = ControlTypeOption.withControl(connection, c -> c.resume(t, c.defaultUser(), reason));
    spec.commandLine().getOut().println("resumed " + t + " (by " + p.by() + " at " + p.at() + ")");
    return ExitCodes.OK;
  }
}
