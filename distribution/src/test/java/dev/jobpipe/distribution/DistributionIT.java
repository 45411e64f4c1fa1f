package dev.jobpipe.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive as a user gets it: unpacked into an empty directory with no checkout
 * above it, {@code bin/jobpipe} runs with nothing but a JDK. The demo starts its embedded stack on
 * free ports, laid out from Maven coordinates (the local repository of this build), so it runs
 * beside other builds on the same machine.
 */
class DistributionIT {
  private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(5);

  @TempDir static Path tmp;
  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive = Path.of(System.getProperty("jobpipe.dist.archive"));
    Path into = Files.createDirectories(tmp.resolve("unpacked"));
    Run untar = run(into, List.of("tar", "-xzf", archive.toString()), Map.of(), Duration.ofMinutes(2));
    assertThat(untar.exitCode()).as(untar.toString()).isZero();
    home = into.resolve("jobpipe-" + System.getProperty("jobpipe.dist.version"));
  }

  @Test
  void holdsTheLauncherTheLibrariesTheConfigExamplesAndTheLicence() throws IOException {
    assertThat(home.resolve("bin/jobpipe")).isExecutable();
    assertThat(home.resolve("LICENSE")).content().contains("Apache License");
    assertThat(home.resolve("config")).isDirectoryContaining("glob:**/client.properties.example")
        .isDirectoryContaining("glob:**/jobs.yaml").isDirectoryContaining("glob:**/schedules.yaml");
    assertThat(home.resolve("handlers")).isDirectory();
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
      assertThat(jars).anyMatch(j -> j.startsWith("cli-")).anyMatch(j -> j.startsWith("example-jobs-"))
          .anyMatch(j -> j.startsWith("kafka-clients-"))
          // the broker is fetched by Maven coordinates when the embedded stack is first used, never shipped
          .noneMatch(j -> j.startsWith("kafka_2.13-"));
    }
  }

  @Test
  void versionPrintsTheBuildsVersion() throws Exception {
    Run version = jobpipe(List.of("--version"), Duration.ofMinutes(1));
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out().strip()).isEqualTo("jobpipe " + System.getProperty("jobpipe.dist.version"));
  }

  @Test
  void aBadOptionIsAOneLineErrorAndANonZeroExit() throws Exception {
    Run bad = jobpipe(List.of("demo", "--jobs", "0"), Duration.ofMinutes(1));
    assertThat(bad.exitCode()).as(bad.toString()).isNotZero();
    assertThat(bad.err()).startsWith("error: --jobs must be between 1 and 1000000, got 0");
  }

  @Test
  void theDemoRunsTheWholePipelineOnAnEmbeddedStackFetchedByMavenCoordinates() throws Exception {
    int kafkaPort = freePort();
    int registryPort = freePort();
    while (registryPort == kafkaPort) {
      registryPort = freePort();
    }
    Run demo = jobpipe(List.of("demo", "--jobs", "60", "--kafka-port", "" + kafkaPort, "--registry-port", "" + registryPort),
        DEMO_TIMEOUT);
    assertThat(demo.exitCode()).as(demo.toString()).isZero();
    assertThat(demo.out()).contains("jobpipe demo on localhost:" + kafkaPort)
        .contains("stopped the embedded stack");
    assertThat(tmp.resolve("stack-cache")).isDirectoryContaining("glob:**/kafka-*-apicurio-*");
  }

  /** {@code bin/jobpipe ARGS} in the unpacked directory's parent: no checkout, no stack dir. */
  private static Run jobpipe(List<String> args, Duration timeout) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/jobpipe").toString());
    command.addAll(args);
    String opts = "-Djobpipe.stack.cache=" + tmp.resolve("stack-cache")
        + " -Dmaven.repo.local=" + System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
    return run(Files.createDirectories(tmp.resolve("work")), command,
        Map.of("JAVA_HOME", System.getProperty("java.home"), "JOBPIPE_JAVA_OPTS", opts), timeout);
  }

  private static Run run(Path dir, List<String> command, Map<String, String> env, Duration timeout) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("JOBPIPE_BOOTSTRAP_SERVERS");
    pb.environment().remove("JOBPIPE_SCHEMA_REGISTRY_URL");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      return new Run(-1, Files.readString(out), Files.readString(err) + "\n(killed after " + timeout + ")");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }
}
