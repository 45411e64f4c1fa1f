package dev.jobpipe.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostInstanceIdTest {

  @TempDir
  Path dir;

  @Test
  void routersOnOneHostTakeDistinctSlotsAndAFreedSlotIsTakenAgain() {
    HostInstanceId first = HostInstanceId.acquire(dir, "node-a").orElseThrow();
    HostInstanceId second = HostInstanceId.acquire(dir, "node-a").orElseThrow();
    assertThat(first.id()).isEqualTo("node-a-0");
    assertThat(second.id()).isEqualTo("node-a-1");

    first.close(); // the process holding slot 0 died: its restart gets the same id back
    HostInstanceId restarted = HostInstanceId.acquire(dir, "node-a").orElseThrow();
    assertThat(restarted.id()).isEqualTo("node-a-0");
    second.close();
    restarted.close();
  }

  @Test
  void hostNamesAreCutToWhatAGroupInstanceIdAllows() {
    assertThat(HostInstanceId.sanitize("web 1/pod:α")).isEqualTo("web-1-pod--");
    assertThat(HostInstanceId.sanitize("x".repeat(300))).hasSize(200);
  }

  @Test
  void anUnusableDirectoryFallsBackToNoStableId() throws Exception {
    Path file = dir.resolve("not-a-directory");
    java.nio.file.Files.writeString(file, "x");
    assertThat(HostInstanceId.acquire(file, "node-a")).isEqualTo(Optional.empty());
  }
}
