package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.deploy.local.DevStack;
import dev.jobpipe.deploy.local.JavaCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobpipe dev up | down | status} in-process, against real detached processes, on free
 * ports and in a temporary project home so it never touches a developer's own dev stack.
 */
class DevCommandIT {
  @TempDir
  Path home;

  private String previousHome;
  private int kafkaPort;
  private int registryPort;

  @BeforeEach
  void useTemporaryProjectHome() throws IOException {
    previousHome = System.getProperty(DevCommand.HOME_PROPERTY);
    System.setProperty(DevCommand.HOME_PROPERTY, home.toString());
    kafkaPort = freePort();
    registryPort = freePort();
    while (registryPort == kafkaPort) {
      registryPort = freePort();
    }
  }

  @AfterEach
  void stopWhatTheTestStarted() {
    try {
      new DevStack(home).down(true);
    } finally {
      if (previousHome == null) {
        System.clearProperty(DevCommand.HOME_PROPERTY);
      } else {
        System.setProperty(DevCommand.HOME_PROPERTY, previousHome);
      }
    }
  }

  /** One life of the stack in one test: every start costs seconds of the shared build machine. */
  @Test
  void upStatusDownAndUpAgain() throws Exception {
    CliRun before = CliRun.of("dev", "status");
    assertThat(before.exitCode()).as(before.toString()).isEqualTo(DevStatusCommand.EXIT_DOWN);
    assertThat(before.out()).contains("Kafka broker:", "not running");

    CliRun up = up();
    assertThat(up.exitCode()).as(up.toString()).isZero();
    String bootstrap = "localhost:" + kafkaPort;
    String registry = "http://localhost:" + registryPort + "/apis/ccompat/v7";
    assertThat(up.out()).contains("up in", bootstrap, registry, home.resolve(".jobpipe/dev").toString(),
        "export JOBPIPE_BOOTSTRAP_SERVERS=" + bootstrap);
    assertBrokerAnswers(bootstrap);
    assertThat(get(registry + "/subjects").statusCode()).isEqualTo(200);

    CliRun again = up();
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("already running", bootstrap, registry);

    CliRun status = CliRun.of("dev", "status");
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(DevStatusCommand.EXIT_UP);
    assertThat(status.out()).contains(bootstrap, registry);

    // a component that died is reported, and the next up restarts it alone
    DevStack.Status running = new DevStack(home).status();
    ProcessHandle registryProcess = ProcessHandle.of(running.registry().pid()).orElseThrow();
    registryProcess.destroyForcibly();
    registryProcess.onExit().get(30, TimeUnit.SECONDS);
    CliRun degraded = CliRun.of("dev", "status");
    assertThat(degraded.exitCode()).as(degraded.toString()).isEqualTo(DevStatusCommand.EXIT_DEGRADED);
    assertThat(degraded.out()).contains(bootstrap, "Schema Registry:   not running");
    CliRun restart = up();
    assertThat(restart.exitCode()).as(restart.toString()).isZero();
    DevStack.Status restarted = new DevStack(home).status();
    assertThat(restarted.kafka().pid()).isEqualTo(running.kafka().pid());
    assertThat(restarted.registry().state()).isEqualTo(DevStack.State.RUNNING);
    assertThat(restarted.registry().pid()).isNotEqualTo(running.registry().pid());

    CliRun down = CliRun.of("dev", "down");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.out()).contains("stopped Kafka broker", "stopped Schema Registry");
    assertThat(ProcessHandle.of(running.kafka().pid()).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(CliRun.of("dev", "status").exitCode()).isEqualTo(DevStatusCommand.EXIT_DOWN);
    assertThat(Files.exists(home.resolve(".jobpipe/dev/kafka/data/meta.properties"))).isTrue();

    CliRun downAgain = CliRun.of("dev", "down");
    assertThat(downAgain.exitCode()).as(downAgain.toString()).isZero();
    assertThat(downAgain.out()).contains("nothing is running");

    CliRun upAfterDown = up();
    assertThat(upAfterDown.exitCode()).as(upAfterDown.toString()).isZero();
    assertThat(upAfterDown.out()).contains("up in", bootstrap);
    assertBrokerAnswers(bootstrap);

    CliRun purge = CliRun.of("dev", "down", "--purge");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(purge.out()).contains("stopped Kafka broker", "removed data and logs");
    assertThat(home.resolve(".jobpipe/dev/kafka")).doesNotExist();
  }

  @Test
  void aTakenKafkaPortIsAOneLineErrorAndNothingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(kafkaPort, 1, InetAddress.getLoopbackAddress())) {
      CliRun up = up();
      assertThat(up.exitCode()).as(up.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(up.err()).isEqualTo("error: port " + kafkaPort
          + " (Kafka) is already in use; stop whatever listens there or choose another with --kafka-port"
          + System.lineSeparator());
    }
    assertNothingRuns();
  }

  @Test
  void aTakenRegistryPortIsAOneLineErrorAndNothingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(registryPort, 1, InetAddress.getLoopbackAddress())) {
      CliRun up = up();
      assertThat(up.exitCode()).as(up.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(up.err()).contains("port " + registryPort + " (Schema Registry) is already in use", "--registry-port");
      assertThat(up.err().lines()).hasSize(1);
    }
    assertNothingRuns();
  }

  @Test
  void aStalePidFileIsNotMistakenForARunningStack() throws Exception {
    Process gone = new ProcessBuilder(JavaCommand.javaExecutable().toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    gone.waitFor(30, TimeUnit.SECONDS);
    Path record = home.resolve(".jobpipe/dev/kafka/process.properties");
    Files.createDirectories(record.getParent());
    Files.writeString(record, "pid=" + gone.pid() + "\nstarted.at.millis=1\nport=" + kafkaPort + "\n");

    CliRun status = CliRun.of("dev", "status");
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(DevStatusCommand.EXIT_DOWN);
    CliRun down = CliRun.of("dev", "down");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.out()).contains("nothing is running");
    assertThat(record).doesNotExist();
  }

  @Test
  void aPidReusedByAnotherProcessIsNotOurs() throws Exception {
    Path record = home.resolve(".jobpipe/dev/registry/process.properties");
    Files.createDirectories(record.getParent());
    // this test JVM is alive, but did not start at that time: the record is stale, not a registry
    Files.writeString(record, "pid=" + ProcessHandle.current().pid() + "\nstarted.at.millis=1\nport=" + registryPort + "\n");

    CliRun status = CliRun.of("dev", "status");

    assertThat(status.exitCode()).as(status.toString()).isEqualTo(DevStatusCommand.EXIT_DOWN);
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  void badPortsAreUsageErrors() {
    CliRun same = CliRun.of("dev", "up", "--kafka-port", "" + kafkaPort, "--registry-port", "" + kafkaPort);
    assertThat(same.exitCode()).as(same.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(same.err()).contains("must differ");

    CliRun outOfRange = CliRun.of("dev", "up", "--kafka-port", "70000");
    assertThat(outOfRange.exitCode()).as(outOfRange.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(outOfRange.err()).contains("--kafka-port must be between 1 and 65535");

    CliRun notANumber = CliRun.of("dev", "up", "--registry-port", "http");
    assertThat(notANumber.exitCode()).as(notANumber.toString()).isEqualTo(ExitCodes.USAGE);
    assertNothingRuns();
  }

  @Test
  void devWithoutASubcommandIsAUsageError() {
    CliRun run = CliRun.of("dev");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Missing required subcommand");
  }

  private CliRun up() {
    return CliRun.of("dev", "up", "--kafka-port", "" + kafkaPort, "--registry-port", "" + registryPort);
  }

  private void assertNothingRuns() {
    DevStack.Status status = new DevStack(home).status();
    assertThat(status.noneRunning()).as(status.toString()).isTrue();
    assertThat(home.resolve(".jobpipe/dev/kafka/process.properties")).doesNotExist();
    assertThat(home.resolve(".jobpipe/dev/registry/process.properties")).doesNotExist();
  }

  private static void assertBrokerAnswers(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
