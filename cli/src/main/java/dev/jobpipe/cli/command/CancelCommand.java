package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.schemas.control.Cancellation;
import dev.jobpipe.schemas.control.ControlKey;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe cancel --type T --job-id ID}: the job is skipped if not started, interrupted if running. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = {"Cancel a job: a worker that meets it before it starts skips it (offset committed, no dead letter,"
        + " ledger state CANCELLED); a running one is interrupted and counts as cancelled if its handler then returns"
        + " or throws InterruptedException.",
        "The cancellation holds for --expiry (default 7d), also for a job waiting in a retry tier or a schedule."})
public final class CancelCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  ControlTypeOption type;

  @Option(names = "--job-id", required = true, paramLabel = "ID", description = "The job to cancel.")
  String jobId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded with who and when.")
  String reason;

  @Option(names = "--expiry", paramLabel = "DURATION", converter = WorkerDurationConverter.class,
      description = "How long the cancellation holds, e.g. 1h, 7d (default: 7d).")
  Duration expiry;

  @Override
  public Integer call() {
    String t = type.type();
    ControlKey.cancel(jobId);
    Cancellation c = ControlTypeOption.withControl(connection,
        control -> control.cancel(t, jobId, control.defaultUser(), reason, expiry));
    spec.commandLine().getOut().println("cancelled job " + c.jobId() + " of " + t + " (holds until " + c.expiresAt() + ")");
    return ExitCodes.OK;
  }
}
