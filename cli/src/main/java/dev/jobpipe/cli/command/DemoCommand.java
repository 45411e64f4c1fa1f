package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.Jobpipe;
import dev.jobpipe.cli.demo.Demo;
import dev.jobpipe.cli.demo.DemoSummary;
import dev.jobpipe.deploy.local.DevStack;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe demo}: the whole pipeline end to end. Runs against the cluster named by
 * {@code --bootstrap-servers}/{@code JOBPIPE_BOOTSTRAP_SERVERS} when given, else on the embedded dev
 * stack, starting it if needed and stopping it afterwards unless {@code --keep}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "The whole pipeline end to end on the embedded stack: topics, workers, router, a few thousand jobs,"
        + " live progress, a summary and the dead letters.")
public final class DemoCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  DevPorts ports;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "3000", description = "Jobs to publish (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "100s",
      description = "Give up waiting for the flow to settle after this long (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--keep", description = "Leave the embedded stack running (with the demo's topics) afterwards, and run"
      + " the web console on it with a one-time login until Ctrl-C.")
  boolean keep;

  @Option(names = "--console-port", paramLabel = "PORT", defaultValue = "9500",
      description = "With --keep: the web console's port (0 picks a free one; default ${DEFAULT-VALUE}).")
  int consolePort;

  @Override
  public Integer call() throws Exception {
    ports.validate();
    if (jobs < 1 || jobs > 1_000_000) {
      throw new ParameterException(spec.commandLine(), "--jobs must be between 1 and 1000000, got " + jobs);
    }
    Duration settleTimeout;
    try {
      settleTimeout = dev.jobpipe.schemas.RetryDelays.parse(timeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--timeout: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    WorkerLogging.warningsOnly("dev.jobpipe");
    boolean external = spec.commandLine().getParseResult().hasMatchedOption("--bootstrap-servers")
        || System.getenv("JOBPIPE_BOOTSTRAP_SERVERS") != null;
    Map<String, Object> clientProperties = connection.clientProperties();
    String registryUrl = connection.schemaRegistry();
    DevStack stack = null;
    boolean startedStack = false;
    if (!external) {
      stack = DevCommand.projectStack();
      DevStack.Status status = stack.status();
      if (!status.allRunning()) {
        out.println("starting the embedded stack (Kafka + Apicurio Registry) ...");
        out.flush();
        status = stack.up(ports.kafkaPort, ports.registryPort).status();
        startedStack = true;
      }
      clientProperties.put("bootstrap.servers", status.kafka().address());
      registryUrl = status.registry().address();
    }
    out.printf("jobpipe demo on %s, registry %s%n", clientProperties.get("bootstrap.servers"), registryUrl);
    try (Demo demo = new Demo(new Demo.Settings(clientProperties, registryUrl, jobs, settleTimeout), out)) {
      DemoSummary summary = demo.run();
      summary.print(out);
      printDeadLetters(out, String.valueOf(clientProperties.get("bootstrap.servers")), registryUrl);
      demo.showJobs((id, ledgerUrl) -> {
        out.printf("%n$ jobpipe jobs show %s%n", id);
        out.flush();
        run(out, "jobs", "show", id, "--ledger-url", ledgerUrl.toString());
      });
      if (keep) {
        DemoConsole.run(clientProperties, registryUrl, consolePort, out);
      }
      return summary.complete() ? ExitCodes.OK : ExitCodes.FAILED;
    } finally {
      if (startedStack && !keep) {
        stack.down(true);
        out.println("stopped the embedded stack (run with --keep to leave it up for 'jobpipe dlq ...')");
      } else if (startedStack) {
        out.println("the embedded stack is still running; stop it with: jobpipe dev down");
      }
      out.flush();
    }
  }

  /** Runs a {@code jobpipe} command in this process, printing to the demo's output. */
  private void run(PrintWriter out, String... args) {
    CommandLine cli = Jobpipe.newCommandLine();
    cli.setOut(out);
    cli.setErr(spec.commandLine().getErr());
    cli.execute(args);
  }

  private void printDeadLetters(PrintWriter out, String bootstrap, String registryUrl) {
    for (String type : new String[] {"email.send", "image.resize", "report.generate"}) {
      out.printf("%n$ jobpipe dlq list --type %s --limit 5%n", type);
      out.flush();
      run(out, "dlq", "list", "--type", type, "--limit", "5", "--width", "150",
          "--bootstrap-servers", bootstrap, "--schema-registry", registryUrl);
    }
    out.println();
    out.println("Dead letters stay in jobs.<type>.dlq. After fixing a handler, replay them, e.g.:");
    out.println("  jobpipe dlq show   --type report.generate --partition 0 --offset 0");
    out.println("  jobpipe dlq replay --type report.generate --reason EXHAUSTED --dry-run");
    out.println("  jobpipe dlq replay --type report.generate --reason EXHAUSTED");
    out.flush();
  }
}
