package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe replay}: Replay a range of any topic. */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Replay a range of any topic.")
public final class ReplayCommand extends NotImplementedCommand {}
