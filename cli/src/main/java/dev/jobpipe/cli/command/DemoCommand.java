package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe demo}: The whole pipeline end to end on the embedded stack. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "The whole pipeline end to end on the embedded stack.")
public final class DemoCommand extends NotImplementedCommand {}
