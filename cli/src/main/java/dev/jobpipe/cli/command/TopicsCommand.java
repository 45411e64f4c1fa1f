package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe topics}: Create or update the topics of a job type. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create or update the topics of a job type.")
public final class TopicsCommand extends NotImplementedCommand {}
