package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** Base of the tests that run one worker on a {@link WorkerHarness}: the harness is closed after each test. */
abstract class WorkerHarnessTest {

  WorkerHarness harness;

  @AfterEach
  void closeHarness() {
    if (harness != null) {
      harness.close();
    }
  }

  WorkerHarness harness(Map<String, Object> settings, JobHandler<Object> handler) {
    harness = new WorkerHarness(settings, handler, true);
    return harness;
  }

  /** A job's position, {@code partition@offset}. */
  static String id(Job<?> job) {
    return job.partition() + "@" + job.offset();
  }
}
