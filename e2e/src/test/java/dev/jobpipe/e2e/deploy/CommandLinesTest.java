package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jobpipe.cli.Jobpipe;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Every jobpipe command line in the compose file and the Kubernetes manifests is one the CLI
 * accepts: the verb exists, the options exist and take those values, and a worker's --handler class
 * ships in the image. A verb the design names but that is still a stub (no options of its own yet)
 * is skipped with a reason, and checked as soon as it is implemented.
 */
class CommandLinesTest {

  private static Map<String, List<String>> commandLines() {
    Map<String, List<String>> lines = new TreeMap<>();
    lines.putAll(KubernetesManifestsTest.commandLines());
    lines.putAll(ComposeFileTest.commandLines());
    return lines;
  }

  /** The subcommand an argument list runs, following subcommand names from the root. */
  static CommandLine leaf(List<String> args) {
    CommandLine current = Jobpipe.newCommandLine();
    for (String arg : args) {
      CommandLine sub = current.getSubcommands().get(arg);
      if (sub == null) {
        break;
      }
      current = sub;
    }
    return current;
  }

  /** Whether a command is implemented: it has options or subcommands beyond --help, --version and inherited ones. */
  static boolean implemented(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    return !command.getSubcommands().isEmpty()
        || spec.options().stream().anyMatch(o -> !o.usageHelp() && !o.versionHelp() && !o.inherited())
        || !spec.positionalParameters().isEmpty();
  }

  @Test
  void everyDeploymentRunsAKnownVerb() {
    Map<String, List<String>> lines = commandLines();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(6);
    lines.forEach((where, args) -> {
      CommandLine leaf = leaf(args);
      assertThat(leaf.getCommandSpec().parent()).as(where + ": " + args + " names a jobpipe subcommand").isNotNull();
    });
  }

  @Command(name = "stub", mixinStandardHelpOptions = true)
  static final class Stub implements Runnable {
    @Override
    public void run() {}
  }

  @Command(name = "real", mixinStandardHelpOptions = true)
  static final class Real implements Runnable {
    @Option(names = "--metrics-port")
    int port;

    @Override
    public void run() {}
  }

  @Test
  void stubDetectionSeesOwnOptionsOnly() {
    assertThat(implemented(new CommandLine(new Stub()))).isFalse();
    assertThat(implemented(new CommandLine(new Real()))).isTrue();
    assertThat(implemented(Jobpipe.newCommandLine())).as("the root has subcommands").isTrue();
  }

  @TestFactory
  Stream<DynamicTest> everyCommandLineParses() {
    return commandLines().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      List<String> args = e.getValue();
      CommandLine leaf = leaf(args);
      assumeTrue(implemented(leaf), leaf.getCommandSpec().qualifiedName(" ") + " is not implemented on this branch yet");
      assertThatCode(() -> Jobpipe.newCommandLine().parseArgs(args.toArray(String[]::new)))
          .as(e.getKey() + ": jobpipe " + String.join(" ", args)).doesNotThrowAnyException();
      if (args.get(0).equals("worker")) {
        String handler = Manifests.option(args, "--handler").orElseThrow();
        assertThatCode(() -> Class.forName(handler)).as(e.getKey() + " handler " + handler + " ships in the image")
            .doesNotThrowAnyException();
      }
    }));
  }
}
