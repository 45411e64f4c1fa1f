package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.schemas.control.RateLimit;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe rate --type T --per-second N | --none}: the type's rate limit. */
@Command(name = "rate", mixinStandardHelpOptions = true,
    description = {"Limit a job type to N jobs per second over all its workers, or lift the limit.",
        "Each worker takes the share of its partitions (exact when jobs spread evenly over the partitions)."})
public final class RateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  ControlTypeOption type;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Limit limit;

  static final class Limit {
    @Option(names = "--per-second", paramLabel = "N", description = "Jobs per second for the whole type (above 0).")
    Double perSecond;

    @Option(names = "--none", description = "No limit.")
    boolean none;
  }

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded with who and when.")
  String reason;

  @Override
  public Integer call() {
    String t = type.type();
    RateLimit r;
    if (limit.none) {
      r = ControlTypeOption.withControl(connection, c -> c.removeRate(t, c.defaultUser(), reason));
    } else {
      double n = RateLimit.requireValid(limit.perSecond); // before connecting: a usage error, nothing written
      r = ControlTypeOption.withControl(connection, c -> c.rate(t, n, c.defaultUser(), reason));
    }
    spec.commandLine().getOut().println(r.perSecond() == null
        ? "removed the rate limit of " + t
        : "limited " + t + " to " + r.perSecond() + " jobs per second");
    return ExitCodes.OK;
  }
}
