package dev.jobpipe.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test JVM killed with SIGKILL runs no shutdown hook: its broker must still not outlive it. */
class OrphanProtectionIT {
  @TempDir
  Path work;

  @Test
  void aBrokerDiesWithTheKilledJvmThatStartedIt() throws Exception {
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + StackLayout.STACK_DIR_PROPERTY + "=" + StackLayout.locate().root(),
        "-cp", System.getProperty("java.class.path"), StartBrokerAndWait.class.getName(), work.toString())
        .redirectErrorStream(true).start();
    long brokerPid;
    List<String> output = new ArrayList<>();
    try {
      brokerPid = readBrokerPid(jvm, output);
    } catch (RuntimeException e) {
      jvm.destroyForcibly();
      throw new AssertionError("no broker pid; output:\n" + String.join("\n", output), e);
    }
    ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow();
    assertThat(broker.isAlive()).isTrue();

    jvm.destroyForcibly();

    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> !broker.isAlive());
    } finally {
      broker.destroyForcibly();
    }
  }

  private static long readBrokerPid(Process jvm, List<String> output) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      output.add(line);
      if (line.startsWith("BROKER-PID ")) {
        return Long.parseLong(line.substring("BROKER-PID ".length()).strip());
      }
    }
    throw new IllegalStateException("the JVM exited before its broker was up");
  }

  static Optional<ProcessHandle> alive(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }
}
