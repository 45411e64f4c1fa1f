package dev.jobpipe.scheduler;

import dev.jobpipe.deploy.local.JavaCommand;
import dev.jobpipe.testkit.JobpipeStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SchedulerChild} process: started and awaited ready, then SIGKILLed or stopped by the
 * test. Its output goes to {@code <state dir>.log}; the last {@code STATUS} line is kept.
 */
final class ChildScheduler implements AutoCloseable {

  private final Process process;
  private final long startedNanos;
  private final long readyNanos;
  private volatile String lastStatus = "";

  private ChildScheduler(Process process, long startedNanos, long readyNanos, BufferedReader out, Path log) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.readyNanos = readyNanos;
    Thread drain = new Thread(() -> drain(out, log), "child-output-" + process.pid());
    drain.setDaemon(true);
    drain.start();
  }

  /** Starts a scheduler child and returns once it printed READY (at most {@code readyTimeoutSeconds}). */
  static ChildScheduler start(JobpipeStack stack, String app, Path state, String instance, List<String> jvmArgs,
      List<String> configArgs, long readyTimeoutSeconds) throws IOException {
    Path log = state.resolveSibling(state.getFileName() + ".log");
    long started = System.nanoTime();
    Process process = JavaCommand.main(SchedulerChild.class)
        .jvmOptions(jvmArgs).jvmOptions("-XX:TieredStopAtLevel=1")
        .args(stack.bootstrapServers(), app, state.toString(), instance).args(configArgs)
        .toProcessBuilder().redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = started + TimeUnit.SECONDS.toNanos(readyTimeoutSeconds);
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.equals("READY")) {
        return new ChildScheduler(process, started, System.nanoTime(), out, log);
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("scheduler child did not become ready:\n" + seen);
  }

  /** A scheduler child with the defaults of the crash tests (256 MiB heap, no extra config). */
  static ChildScheduler start(JobpipeStack stack, String app, Path state, String instance) throws IOException {
    return start(stack, app, state, instance, List.of("-Xmx256m"), List.of(), 90);
  }

  long pid() {
    return process.pid();
  }

  /** Seconds from the process start to READY (the Streams application RUNNING: restore done). */
  double secondsToReady() {
    return (readyNanos - startedNanos) / 1e9;
  }

  long startedNanos() {
    return startedNanos;
  }

  String lastStatus() {
    return lastStatus;
  }

  /** SIGKILL: no shutdown hook, no commit, no checkpoint. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the shutdown hook closes the scheduler (commit, checkpoint). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private void drain(BufferedReader out, Path log) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("STATUS ")) {
          lastStatus = line;
        } else {
          Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
      }
    } catch (IOException e) {
      // the child is gone
    }
  }
}
