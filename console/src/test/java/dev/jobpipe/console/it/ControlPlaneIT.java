package dev.jobpipe.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.console.JobControl;
import dev.jobpipe.console.JobControlConfig;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane end to end on the real broker: {@link JobControl} writes {@code jobs.T.control},
 * real workers follow it. Pause and resume (across a worker restart), the rate limit (a short
 * measurement; {@code RateLimitSoakIT} holds it for 30 s), and cancellation of a pending and of
 * running jobs. Figures are printed, not asserted as targets; the assertions are what must hold
 * whatever the load (no job starts while paused; the limit is not exceeded).
 */
class ControlPlaneIT {

  private static final Duration LONG = Duration.ofSeconds(60);
  private static JobpipeStack stack;
  private static ControlFixtures fx;
  private static JobControl control;

  @BeforeAll
  static void start() {
    stack = JobpipeStack.shared();
    fx = new ControlFixtures(stack);
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(JobControlConfig.USER_CONFIG, "control-it");
    control = JobControl.create(props);
  }

  @AfterAll
  static void stop() {
    control.close();
    fx.close();
  }

  static JobWorker worker(String type, JobRecorder recorder, MeterRegistry meters) {
    JobWorker worker = JobWorker.builder(type, GenericRecord.class, recorder)
        .config(stack.clientProperties())
        .schemaRegistryUrl(stack.registryUrl())
        .commitInterval(Duration.ofMillis(100))
        .concurrency(4)
        .drainTimeout(Duration.ofSeconds(2))
        .meterRegistry(meters)
        .build();
    worker.start();
    return worker;
  }

  static double gauge(MeterRegistry meters, String name, String type) {
    var g = meters.find(name).tag(MetricNames.TAG_TYPE, type).gauge();
    return g == null ? Double.NaN : g.value();
  }

  static double cancelled(MeterRegistry meters, String type) {
    var c = meters.find(MetricNames.JOBS).tag(MetricNames.TAG_TYPE, type)
        .tag(MetricNames.TAG_OUTCOME, MetricNames.Outcome.CANCELLED).counter();
    return c == null ? 0 : c.count();
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }

  @Test
  void pauseStopsARealWorkerAndResumeRestartsItAcrossAWorkerRestart() throws Exception {
    String type = fx.newType("control.pause", 2);
    JobRecorder recorder = new JobRecorder();
    SimpleMeterRegistry meters1 = new SimpleMeterRegistry();
    JobWorker first = worker(type, recorder, meters1);
    AtomicInteger published = new AtomicInteger();
    AtomicBoolean feeding = new AtomicBoolean(true);
    Thread feeder = Thread.ofPlatform().name("feeder").start(() -> {
      while (feeding.get()) {
        fx.publish(type, "job-" + published.incrementAndGet(), "ok");
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      await().atMost(LONG).until(() -> recorder.count() >= 10);

      long pauseCalled = System.nanoTime();
      control.pause(type, "control-it: pause");
      long acked = System.nanoTime();
      await().atMost(LONG).pollInterval(Duration.ofMillis(5)).until(() -> gauge(meters1, MetricNames.WORKER_PAUSED, type) == 1);
      long seen = System.nanoTime();
      Thread.sleep(300); // jobs already past the gate when the pause arrived start now
      int atPause = recorder.count();
      long lastStart = ControlFixtures.last(recorder.starts()).nanos();
      Thread.sleep(2_000);
      assertThat(recorder.count()).as("no job starts while paused").isEqualTo(atPause);
      assertThat(fx.uncommitted(type, 2)).as("lag grows while paused").isGreaterThan(0);
      System.out.printf("CONTROL pause: write acked %.0f ms after the call, worker paused %.0f ms after the ack,"
              + " last job started %.0f ms after the call; %s%n",
          millis(acked - pauseCalled), millis(seen - acked), millis(lastStart - pauseCalled), LoadAverage.now());

      // a worker that starts while the type is paused starts paused
      first.close();
      assertThat(first.awaitTermination(Duration.ofSeconds(30))).isTrue();
      SimpleMeterRegistry meters2 = new SimpleMeterRegistry();
      JobWorker second = worker(type, recorder, meters2);
      try {
        await().atMost(LONG).until(() -> gauge(meters2, MetricNames.WORKER_PAUSED, type) == 1);
        Thread.sleep(2_000);
        assertThat(recorder.count()).as("a restarted worker stays paused").isEqualTo(atPause);

        long resumeCalled = System.nanoTime();
        control.resume(type);
        await().atMost(LONG).pollInterval(Duration.ofMillis(5)).until(() -> recorder.count() > atPause);
        long firstAfter = recorder.starts().get(atPause).nanos();
        System.out.printf("CONTROL resume: first job started %.0f ms after the call (restarted worker); %s%n",
            millis(firstAfter - resumeCalled), LoadAverage.now());

        feeding.set(false);
        feeder.join();
        await().atMost(LONG).until(() -> fx.uncommitted(type, 2) == 0);
        assertThat(recorder.starts().stream().map(JobRecorder.Start::id).distinct().count())
            .as("every published job ran once the type resumed").isEqualTo(published.get());
      } finally {
        second.close();
      }
    } finally {
      feeding.set(false);
      feeder.join();
      first.close();
    }
  }

  @Test
  void aRateLimitHoldsTheTypeToItsLimit() throws Exception {
    RateMeasurement m = RateMeasurement.run(fx, control, 20, Duration.ofSeconds(5));
    assertThat(m.perSecond()).as("jobs per second under a limit of 20").isBetween(10.0, 20 * 1.1);
  }

  @Test
  void cancelSkipsAPendingJobAndInterruptsRunningOnes() throws Exception {
    String type = fx.newType("control.cancel", 1);
    JobTopics topics = JobTopics.of(type);
    JobRecorder recorder = new JobRecorder();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    control.cancel(type, "pending-1"); // cancelled before it is even published
    JobWorker worker = worker(type, recorder, meters);
    try {
      fx.publish(type, "block-1", "block");
      fx.publish(type, "swallow-1", "swallow");
      fx.publish(type, "other-1", "other");
      fx.publish(type, "pending-1", "ok");
      fx.publish(type, "after-1", "ok");
      await().atMost(LONG).until(() -> recorder.ran("after-1") && recorder.ran("block-1")
          && recorder.ran("swallow-1") && recorder.ran("other-1"));
      assertThat(recorder.ran("pending-1")).as("a cancelled job is not handed to the handler").isFalse();

      control.cancel(type, "block-1");
      long acked = System.nanoTime();
      await().atMost(LONG).pollInterval(Duration.ofMillis(5)).until(() -> recorder.interrupted.contains("block-1"));
      System.out.printf("CONTROL cancel: a running job interrupted %.0f ms after its cancellation was acknowledged; %s%n",
          millis(System.nanoTime() - acked), LoadAverage.now());
      control.cancel(type, "swallow-1");
      control.cancel(type, "other-1");
      await().atMost(LONG).until(() -> recorder.interrupted.containsAll(List.of("swallow-1", "other-1")));

      await().atMost(LONG).until(() -> fx.uncommitted(type, 1) == 0);
      assertThat(cancelled(meters, type)).as("pending-1, block-1 and swallow-1 count as cancelled").isEqualTo(3);
      assertThat(fx.records(topics.failed(), 1)).as("only the job that threw something else failed").isEqualTo(1);
      assertThat(fx.records(topics.done(), 1)).as("only after-1 succeeded").isEqualTo(1);
    } finally {
      worker.close();
    }
  }
}
