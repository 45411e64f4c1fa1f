package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe router}: Run the retry router and tier forwarders. */
@Command(name = "router", mixinStandardHelpOptions = true, description = "Run the retry router and tier forwarders.")
public final class RouterCommand extends NotImplementedCommand {}
