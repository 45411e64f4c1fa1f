package dev.jobpipe.cli.command;

import picocli.CommandLine.Command;

/**
 * {@code jobpipe dlq}: the dead letters of one job type ({@code jobs.T.dlq}). Every verb reads by
 * assigning partitions, never as a consumer group, so inspecting moves no one's offsets.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = {
      "Inspect, replay and purge dead letters.",
      "Reads jobs.T.dlq without joining a consumer group, so inspection never moves anyone's offsets."
          + " Letters written by Spring Kafka (kafka_dlt-* headers) or Kafka Connect (__connect.errors.*)"
          + " are read too."
    },
    subcommands = {
      DlqListCommand.class,
      DlqShowCommand.class,
      DlqStatsCommand.class,
      DlqReplayCommand.class,
      DlqPurgeCommand.class
    })
public final class DlqCommand {}
