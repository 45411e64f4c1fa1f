package dev.jobpipe.cli.command;

import dev.jobpipe.deploy.local.DevStack;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe dev down}: stops the broker and the registry; succeeds when nothing runs too. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stops the broker and the registry.")
final class DevDownCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--purge", description = "Also delete their data and logs (topics, records, schemas).")
  boolean purge;

  private final Supplier<DevStack> stacks;

  DevDownCommand() {
    this(DevCommand::projectStack);
  }

  DevDownCommand(Supplier<DevStack> stacks) {
    this.stacks = stacks;
  }

  @Override
  public Integer call() {
    DevStack stack = stacks.get();
    DevStack.DownResult result = stack.down(purge);
    PrintWriter out = spec.commandLine().getOut();
    if (result.stopped().isEmpty()) {
      out.println("jobpipe dev: nothing is running");
    }
    for (DevStack.Component c : result.stopped()) {
      out.println("jobpipe dev: stopped " + c.name() + " (pid " + c.pid() + ")");
    }
    if (result.purged()) {
      out.println("jobpipe dev: removed data and logs in " + stack.stateDir());
    }
    out.flush();
    return 0;
  }
}
