package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/** {@code jobpipe dev}: Embedded Kafka + Schema Registry on this machine (up | down | status). */
@Command(name = "dev", mixinStandardHelpOptions = true, description = "Embedded Kafka + Schema Registry on this machine (up | down | status).")
public final class DevCommand extends NotImplementedCommand {}
