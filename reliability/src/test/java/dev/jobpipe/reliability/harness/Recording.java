package dev.jobpipe.reliability.harness;

import dev.jobpipe.reliability.harness.Behavior.Outcome;

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

  /**
   * Runs one execution: does the (simulated) work, then records {@code jobId attempt pid outcome}
   * (flushed) and returns the outcome for the caller to turn into a return or the worker's
   * exception. The line is written after the work and before returning: a process killed mid-job
   * leaves no line (the job must run again, or it is reported lost), while a job the worker may
   * commit past always has its line. A hang is recorded first, since it may never return, and is
   * not a success; interrupted by the worker's timeout it throws {@link InterruptedException}.
   */
  public Outcome execute(String jobId, int attempt) throws InterruptedException {
    Outcome outcome = Behavior.of(jobId, settings.failOnceRate()).outcome(attempt);
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
}
