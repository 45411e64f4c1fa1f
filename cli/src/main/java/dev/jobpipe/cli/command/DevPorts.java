package dev.jobpipe.cli.command;

import dev.jobpipe.deploy.local.DevStack;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The ports of the embedded dev stack ({@code --kafka-port}, {@code --registry-port}), for the
 * commands that start it: {@code dev up} and {@code demo}. Validated here, naming the option.
 */
final class DevPorts {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "" + DevStack.DEFAULT_KAFKA_PORT,
      description = "Kafka's client port of the embedded stack (default ${DEFAULT-VALUE})")
  int kafkaPort;

  @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "" + DevStack.DEFAULT_REGISTRY_PORT,
      description = "The Schema Registry's HTTP port of the embedded stack (default ${DEFAULT-VALUE})")
  int registryPort;

  /** Throws a {@link ParameterException} naming the option when a port is out of range or both are equal. */
  void validate() {
    CommandLine cmd = spec.commandLine();
    check(cmd, "--kafka-port", kafkaPort);
    check(cmd, "--registry-port", registryPort);
    if (kafkaPort == registryPort) {
      throw new ParameterException(cmd, "--kafka-port and --registry-port must differ, both are " + kafkaPort);
    }
  }

  private static void check(CommandLine cmd, String option, int port) {
    if (port < 1 || port > 65535) {
      throw new ParameterException(cmd, option + " must be between 1 and 65535, got " + port);
    }
  }
}
