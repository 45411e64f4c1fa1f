package dev.jobpipe.console.it;

import static org.awaitility.Awaitility.await;

import dev.jobpipe.console.JobControl;
import dev.jobpipe.consumer.JobWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * Runs a type under a rate limit and measures it: a backlog larger than the window can drain, the
 * limit written before the worker starts (so it applies from the first job), then the jobs started
 * per second over {@code window}, counted from the second one second in (past the bucket's small
 * initial burst).
 */
record RateMeasurement(double limit, double perSecond, int jobs, Duration window) {

  static RateMeasurement run(ControlFixtures fx, JobControl control, double limit, Duration window) throws Exception {
    String type = fx.newType("control.rate", 2);
    int backlog = (int) Math.ceil(limit * (window.toMillis() / 1000.0 + 3)) + 10;
    for (int i = 0; i < backlog; i++) {
      fx.publish(type, "job-" + i, "ok");
    }
    control.rate(type, limit);
    JobRecorder recorder = new JobRecorder();
    JobWorker worker = ControlPlaneIT.worker(type, recorder, new SimpleMeterRegistry());
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> recorder.count() >= 1);
      long from = recorder.starts().get(0).nanos() + 1_000_000_000L;
      long to = from + window.toNanos();
      await().atMost(window.plusSeconds(60)).until(() -> ControlFixtures.last(recorder.starts()).nanos() > to
          || recorder.count() == backlog);
      List<JobRecorder.Start> starts = recorder.starts();
      long inWindow = starts.stream().filter(s -> s.nanos() >= from && s.nanos() < to).count();
      double perSecond = inWindow / (window.toNanos() / 1e9);
      System.out.printf("CONTROL rate: limit %.1f/s, measured %.2f/s over %d s (%+.1f %%), %d jobs; %s%n",
          limit, perSecond, window.toSeconds(), (perSecond / limit - 1) * 100, inWindow, LoadAverage.now());
      return new RateMeasurement(limit, perSecond, (int) inWindow, window);
    } finally {
      worker.close();
    }
  }
}
