package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe dlq}: Inspect, replay and purge dead letters. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Inspect, replay and purge dead letters.")
public final class DlqCommand extends NotImplementedCommand {}
