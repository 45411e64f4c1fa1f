package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe worker}: Run a worker for one job type. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a worker for one job type.")
public final class WorkerCommand extends NotImplementedCommand {}
