package dev.jobpipe.deploy.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivenessTest {

  @Test
  void aRunningProcessRuns() {
    assertThat(Liveness.isRunning(ProcessHandle.current())).isTrue();
  }

  @Test
  void aZombieDoesNotRunThoughTheJdkCallsItAlive() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc");
    // sh starts 'true' in the background, then becomes 'sleep', which never reaps it: a zombie
    Process parent = new ProcessBuilder(List.of("sh", "-c", "true & exec sleep 30")).start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> parent.children().findAny()
          .map(child -> Liveness.isZombie(child.pid())).orElse(false));
      ProcessHandle zombie = parent.children().findAny().orElseThrow();

      assertThat(Liveness.isRunning(zombie)).isFalse();
      assertThat(Liveness.awaitExit(zombie, Duration.ofSeconds(1))).isTrue();
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void awaitExitGivesUpAfterTheTimeout() throws Exception {
    Process sleeper = new ProcessBuilder(List.of("sleep", "30")).start();
    try {
      assertThat(Liveness.awaitExit(sleeper.toHandle(), Duration.ofMillis(100))).isFalse();
    } finally {
      sleeper.destroyForcibly();
    }
  }
}
