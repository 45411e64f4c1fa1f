package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.console.TypeStatus;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.control.ControlState;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe status [--type T]}: what each job type is doing, read from Kafka. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show a job type (or every type): paused or running, rate limit, worker group members, lag,"
        + " in flight, retries waiting per tier, dead letters. Read from Kafka alone; 'in flight' is what the"
        + " workers' last commits mark unfinished above the committed offsets (a lower bound)."})
public final class StatusCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--type", paramLabel = "T", description = "Only this job type (default: every type).")
  String type;

  @Option(names = "--group", paramLabel = "GROUP", description = "The workers' consumer group, when not the default jobpipe.T.")
  String group;

  @Override
  public Integer call() {
    if (type != null) {
      JobTopics.validateType(type);
    }
    List<TypeStatus> all = ControlTypeOption.withControl(connection,
        c -> c.statuses(type != null ? List.of(type) : c.types(), group));
    PrintWriter out = spec.commandLine().getOut();
    if (all.isEmpty()) {
      out.println("no job types (no jobs.T topics) on this cluster");
    }
    for (TypeStatus s : all) {
      print(out, s);
    }
    out.flush();
    return ExitCodes.OK;
  }

  static void print(PrintWriter out, TypeStatus s) {
    ControlState c = s.control();
    out.println(s.type());
    out.println("  state:        " + (c.paused()
        ? "PAUSED" + c.pauseState().map(p -> " by " + p.by() + " at " + p.at() + (p.reason() != null ? " (" + p.reason() + ")" : "")).orElse("")
        : "running"));
    out.println("  rate:         " + (c.rateLimit().isPresent()
        ? c.rateLimit().getAsDouble() + " jobs/s" + c.rateState().map(r -> " (by " + r.by() + " at " + r.at() + ")").orElse("")
        : "no limit"));
    long now = System.currentTimeMillis();
    long activeCancels = c.cancellations().values().stream().filter(x -> x.activeAt(now)).count();
    if (activeCancels > 0) {
      out.println("  cancelled:    " + activeCancels + " job(s) waiting to be skipped");
    }
    out.println("  group:        " + s.group() + " (" + s.groupState() + "), " + s.members().size() + " member(s), "
        + s.partitions() + " partition(s)");
    for (TypeStatus.Member m : s.members()) {
      out.println("    " + m.clientId() + " " + m.host() + " " + m.partitions() + " partition(s)");
    }
    out.println("  lag:          " + s.lag());
    out.println("  in flight:    " + s.inFlight());
    out.println("  retrying:     " + (s.retrying().isEmpty() ? "no retry tiers" : s.retrying().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse("")));
    out.println("  dead letters: " + s.deadLetters());
  }
}
