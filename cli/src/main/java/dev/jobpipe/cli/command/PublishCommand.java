package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe publish}: Publish jobs. */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish jobs.")
public final class PublishCommand extends NotImplementedCommand {}
