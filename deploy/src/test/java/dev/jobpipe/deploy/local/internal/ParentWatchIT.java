package dev.jobpipe.deploy.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch that makes a tied child die with its parent, on real processes. */
class ParentWatchIT {
  private final List<Process> started = new java.util.ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aChildEndsWhenTheWatchedProcessIsKilled() throws Exception {
    Process parent = start(List.of("sleep", "600"));
    Process child = startWatched(parent.pid(), "600000", "0");
    assertThat(child.isAlive()).isTrue();

    parent.destroyForcibly(); // SIGKILL: the parent runs no hook of its own

    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
    assertThat(child.exitValue()).isEqualTo(ParentWatch.PARENT_GONE_STATUS);
  }

  @Test
  void aChildWhoseParentIsAlreadyGoneDoesNotStart() throws Exception {
    Process gone = start(List.of("true"));
    gone.waitFor(30, TimeUnit.SECONDS);

    Process child = startWatched(gone.pid(), "600000", "0");

    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(ParentWatch.PARENT_GONE_STATUS);
  }

  @Test
  void withoutAPidTheMainClassRunsAndItsStatusIsKept() throws Exception {
    Process child = startWatched(0, "0", "7");

    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(7);
  }

  @Test
  void whileTheParentLivesTheChildRunsItsCourse() throws Exception {
    Process child = startWatched(ProcessHandle.current().pid(), "200", "5");

    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(5);
  }

  private Process startWatched(long pid, String sleepMillis, String status) throws Exception {
    return start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ParentWatch.class.getName(), Long.toString(pid),
        ExitAfter.class.getName(), sleepMillis, status));
  }

  private Process start(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(p);
    return p;
  }
}
