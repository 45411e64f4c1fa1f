package dev.jobpipe.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link DevStack} decides without starting anything; the real processes are in the cli's DevCommandIT. */
class DevStackTest {
  @TempDir
  Path home;

  @Test
  void stateLivesUnderTheProjectHome() {
    assertThat(new DevStack(home).stateDir()).isEqualTo(home.toAbsolutePath().resolve(".jobpipe/dev"));
  }

  @Test
  void nothingRecordedIsNothingRunning() {
    DevStack.Status status = new DevStack(home).status();

    assertThat(status.noneRunning()).isTrue();
    assertThat(status.kafka().state()).isEqualTo(DevStack.State.STOPPED);
    assertThat(status.registry().address()).isNull();
  }

  @Test
  void downWithNothingRunningStopsNothingAndPurgeRemovesTheData() throws Exception {
    Path data = Files.createDirectories(home.resolve(".jobpipe/dev/kafka/data"));
    Files.writeString(data.resolve("meta.properties"), "x");

    DevStack.DownResult kept = new DevStack(home).down(false);
    assertThat(kept.stopped()).isEmpty();
    assertThat(data.resolve("meta.properties")).exists();

    DevStack.DownResult purged = new DevStack(home).down(true);
    assertThat(purged.purged()).isTrue();
    assertThat(home.resolve(".jobpipe/dev/kafka")).doesNotExist();
  }

  @Test
  void theSamePortForBothIsRejectedBeforeAnythingHappens() {
    assertThatThrownBy(() -> new DevStack(home).up(9092, 9092))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Kafka and the Schema Registry cannot share port 9092");
    assertThat(home.resolve(".jobpipe")).doesNotExist();
  }

  @Test
  void portsAreValidatedNamingTheComponent() {
    assertThatThrownBy(() -> new DevStack(home).up(0, 8081))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Kafka port");
    assertThatThrownBy(() -> new DevStack(home).up(9092, 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Schema Registry port");
  }

  @Test
  void aSecondCommandWhileOneHoldsTheLockFailsClearly() throws Exception {
    Path lockFile = Files.createDirectories(home.resolve(".jobpipe/dev")).resolve(".lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      assertThatThrownBy(() -> new DevStack(home).down(false))
          .isInstanceOf(LocalStackException.class)
          .hasMessageContaining("another 'jobpipe dev' command is running");
    }
    assertThat(new DevStack(home).down(false).stopped()).isEmpty();
  }

  @Test
  void anUnbuiltStackIsReportedOnlyWhenSomethingMustStart() throws Exception {
    DevStack stack = new DevStack(home, () -> {
      throw new LocalStackException("the embedded Kafka/registry stack is not built");
    });

    assertThat(stack.status().noneRunning()).isTrue();
    assertThatThrownBy(() -> stack.up(19092, 18081))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("not built");
  }
}
