package dev.jobpipe.bench.contender;

/** What each job does once a contender hands it over: nothing, or a 5 ms blocking call (I/O). */
public enum Workload {
  /** Returns at once: measures the consumer's own overhead per job. */
  NOOP,
  /** Sleeps 5 ms: stands for a call to a database or HTTP service, so concurrency decides the rate. */
  SLEEP_5MS;

  static final long SLEEP_MILLIS = 5;

  /** Runs one job's work on the calling thread. */
  public void run() throws InterruptedException {
    if (this == SLEEP_5MS) {
      Thread.sleep(SLEEP_MILLIS);
    }
  }
}
