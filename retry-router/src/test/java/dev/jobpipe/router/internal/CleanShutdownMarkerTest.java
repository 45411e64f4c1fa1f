package dev.jobpipe.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanShutdownMarkerTest {

  @Test
  void aRunThatNeverStoppedIsSeenAsCrashedByTheNext(@TempDir Path dir) {
    CleanShutdownMarker first = new CleanShutdownMarker(dir.toString(), "app");
    assertThat(first.previousRunCrashed()).isFalse();
    first.running();

    CleanShutdownMarker second = new CleanShutdownMarker(dir.toString(), "app");
    assertThat(second.previousRunCrashed()).isTrue();
    second.running();
    second.stopped();

    assertThat(new CleanShutdownMarker(dir.toString(), "app").previousRunCrashed()).isFalse();
    assertThat(new CleanShutdownMarker(dir.toString(), "other-app").previousRunCrashed()).isFalse();
  }
}
