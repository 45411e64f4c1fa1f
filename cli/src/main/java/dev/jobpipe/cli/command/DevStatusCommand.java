package dev.jobpipe.cli.command;

import dev.jobpipe.deploy.local.DevStack;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe dev status}: what runs. The exit status tells scripts the same: {@value #EXIT_UP}
 * when both run and answer, {@value #EXIT_DOWN} when neither runs (as an init script's {@code
 * status} does), {@value #EXIT_DEGRADED} when only one runs or one does not answer.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows whether the broker and the registry run.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:both run and answer",
      "1:only one runs, or one does not answer",
      "3:nothing runs"
    })
final class DevStatusCommand implements Callable<Integer> {
  static final int EXIT_UP = 0;
  static final int EXIT_DEGRADED = 1;
  static final int EXIT_DOWN = 3;

  @Spec
  CommandSpec spec;

  private final Supplier<DevStack> stacks;

  DevStatusCommand() {
    this(DevCommand::projectStack);
  }

  DevStatusCommand(Supplier<DevStack> stacks) {
    this.stacks = stacks;
  }

  @Override
  public Integer call() {
    DevStack stack = stacks.get();
    DevStack.Status status = stack.status();
    PrintWriter out = spec.commandLine().getOut();
    printComponents(out, status);
    if (!status.noneRunning()) {
      out.println("  data and logs:     " + stack.stateDir());
      if (stack.secure()) {
        out.println("  security:          SASL_SSL (SCRAM-SHA-512), ACLs enforced; client configs in " + stack.secureDir());
      }
    }
    out.flush();
    if (status.noneRunning()) {
      return EXIT_DOWN;
    }
    boolean healthy = status.components().stream().allMatch(c -> c.state() == DevStack.State.RUNNING);
    return healthy ? EXIT_UP : EXIT_DEGRADED;
  }

  /** One line per component: where it answers, or why not. */
  static void printComponents(PrintWriter out, DevStack.Status status) {
    for (DevStack.Component c : status.components()) {
      String label = String.format("  %-18s ", c.name() + ":");
      switch (c.state()) {
        case RUNNING -> out.println(label + c.address() + "  (pid " + c.pid() + ")");
        case NOT_ANSWERING -> out.println(label + "running (pid " + c.pid() + ") but not answering on port " + c.port());
        case STOPPED -> out.println(label + "not running");
      }
    }
  }
}
