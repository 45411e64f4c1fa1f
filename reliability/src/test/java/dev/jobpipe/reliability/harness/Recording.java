package dev.jobpipe.reliability.harness;

import dev.jobpipe.reliability.harness.Behavior.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * What the recording handler does per job, apart from the worker's handler interface: decide the
 * outcome from the job id and attempt, write it to the execution log before anything else happens,
 * then do the (simulated) work. One per JVM, configured from {@link HandlerSettings} system
 * properties.
 */
public final class Recording {

  private static volatile Recording instance;

  private final HandlerSettings settings;
  private final ExecutionRecorder recorder;

  Recording(HandlerSettings settings, ExecutionRecorder recorder) {
    this.settings = settings;
    this.recorder = recorder;
  }

  /** The JVM's recording, opened on first use from the system properties. */
  public static Recording get() {
    Recording r = instance;
    if (r == null) {
      synchronized (Recording.class) {
        r = instance;
        if (r == null) {
          HandlerSettings settings = HandlerSettings.fromSystemProperties();
          r = new Recording(settings, new ExecutionRecorder(settings.logDirectory()));
          instance = r;
        }
      }
    }
    return r;
  }

  /** How often a held job looks for its release. */
  private static final long RELEASE_POLL_MILLIS = 20;

  /**
   * Runs one execution: waits for the test's release if the job is {@link Behavior#holds(int) held},
   * does the (simulated) work, then records {@code jobId attempt pid outcome}
   * (flushed) and returns the outcome for the caller to turn into a return or the worker's
   * exception. The line is written after the work and before returning: a process killed mid-job
   * leaves no line (the job must run again, or it is reported lost), while a job the worker may
   * commit past always has its line. A hang is recorded first, since it may never return, and is
   * not a success; interrupted by the worker's timeout it throws {@link InterruptedException}.
   */
  public Outcome execute(String jobId, int attempt) throws InterruptedException {
    Behavior behavior = Behavior.of(jobId, settings.failOnceRate());
    Outcome outcome = behavior.outcome(attempt);
    if (behavior.holds(attempt)) {
      awaitRelease(jobId);
    }
    if (outcome == Outcome.HANG) {
      recorder.record(jobId, attempt, outcome);
      Thread.sleep(settings.hang());
      return outcome;
    }
    if (settings.work().isPositive()) {
      Thread.sleep(settings.work());
    }
    recorder.record(jobId, attempt, outcome);
    return outcome;
  }

  /**
   * Says that {@code jobId} is held (its holding file), then waits until the release file exists,
   * at most the configured hang time; a worker's timeout interrupts the wait.
   */
  private void awaitRelease(String jobId) throws InterruptedException {
    try {
      Files.writeString(settings.holdingFile(jobId), Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the holding file of " + jobId, e);
    }
    long deadline = System.nanoTime() + settings.hang().toNanos();
    while (!Files.exists(settings.releaseFile()) && System.nanoTime() < deadline) {
      Thread.sleep(RELEASE_POLL_MILLIS);
    }
  }
}
