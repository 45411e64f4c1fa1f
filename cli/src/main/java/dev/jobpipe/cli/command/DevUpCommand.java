package dev.jobpipe.cli.command;

import dev.jobpipe.deploy.local.DevStack;
import dev.jobpipe.deploy.local.StackSecurity;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobpipe dev up}: starts the broker and the registry, or says they already run. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a Kafka broker (KRaft) and an Apicurio Schema Registry in the background and waits until both answer.",
      "Data is kept under .jobpipe/dev/ across down and up; 'dev down --purge' removes it."
    })
final class DevUpCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DevPorts ports;

  @Option(names = "--secure",
      description = {"Kafka with SASL/SCRAM-SHA-512 over TLS and ACLs enforced (admin is the only super user),"
          + " the registry with bearer tokens; a CA, certificates, a password per component and their client configs"
          + " are made under .jobpipe/dev/secure/ (owner-only files)."})
  boolean secure;

  private final Supplier<DevStack> stacks;

  DevUpCommand() {
    this(DevCommand::projectStack);
  }

  DevUpCommand(Supplier<DevStack> stacks) {
    this.stacks = stacks;
  }

  @Override
  public Integer call() {
    ports.validate();
    DevStack stack = stacks.get();
    DevStack.UpResult result = stack.up(ports.kafkaPort, ports.registryPort, secure);
    PrintWriter out = spec.commandLine().getOut();
    if (result.alreadyRunning()) {
      out.println("jobpipe dev: already running");
    } else {
      out.printf(Locale.ROOT, "jobpipe dev: up in %.1f s%n", result.took().toMillis() / 1000.0);
    }
    DevStatusCommand.printComponents(out, result.status());
    out.println("  data and logs:     " + stack.stateDir());
    DevStack.Component kafka = result.status().kafka();
    DevStack.Component registry = result.status().registry();
    if (kafka.port() != DevStack.DEFAULT_KAFKA_PORT || registry.port() != DevStack.DEFAULT_REGISTRY_PORT) {
      out.println("  for other commands: export JOBPIPE_BOOTSTRAP_SERVERS=" + kafka.address()
          + " JOBPIPE_SCHEMA_REGISTRY_URL=" + registry.address());
    }
    result.security().ifPresent(security -> printSecurity(out, security));
    out.println("  stop with:         jobpipe dev down");
    out.flush();
    return 0;
  }

  /** Where the client configs are, never what they hold. */
  private static void printSecurity(PrintWriter out, StackSecurity security) {
    out.println("  security:          SASL_SSL (SCRAM-SHA-512), ACLs enforced; registry needs a bearer token");
    out.println("  client config:     " + security.clientConfig(StackSecurity.ADMIN) + "  (" + StackSecurity.principal(StackSecurity.ADMIN)
        + ", super user)");
    out.println("  components:        " + security.dir() + "/{" + String.join(",", StackSecurity.COMPONENTS)
        + "}.properties (no rights until granted: jobpipe acls ... --apply)");
    out.println("  use with:          --command-config " + security.clientConfig(StackSecurity.ADMIN));
  }
}
