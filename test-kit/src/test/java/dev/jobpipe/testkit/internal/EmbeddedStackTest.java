package dev.jobpipe.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStackTest {
  @TempDir
  Path tmp;

  @Test
  void removesTheDirectoriesOfDeadJvmsOnly() throws Exception {
    Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    gone.waitFor(30, TimeUnit.SECONDS);
    Path orphan = Files.createDirectories(tmp.resolve("jobpipe-stack-" + gone.pid() + "-123"));
    Files.writeString(Files.createDirectories(orphan.resolve("kafka/data")).resolve("segment"), "x");
    Path mine = Files.createDirectories(tmp.resolve("jobpipe-stack-" + ProcessHandle.current().pid() + "-456"));
    Path unrelated = Files.createDirectories(tmp.resolve("jobpipe-stack-notapid"));

    EmbeddedStack.removeOrphanedDirs(tmp);

    assertThat(orphan).doesNotExist();
    assertThat(mine).exists();
    assertThat(unrelated).exists();
  }

  @Test
  void aStartFailureCarriesTheChildsLogInItsMessage() {
    RuntimeException e = EmbeddedStack.withLogTail(new dev.jobpipe.deploy.local.LocalStackException(
        "the Kafka broker exited during start-up with status 1 (log: /x/broker.log)", "ERROR boom\nat kafka.Kafka", null));

    assertThat(e).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited during start-up")
        .hasMessageContaining("--- last lines of its log ---\nERROR boom");
  }
}
