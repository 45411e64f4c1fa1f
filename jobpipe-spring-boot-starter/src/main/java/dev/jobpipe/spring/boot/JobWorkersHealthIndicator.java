package dev.jobpipe.spring.boot;

import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.observability.HealthState;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the application's jobpipe workers: DOWN when one stopped on its own (its failure in the
 * details), UP otherwise, with each type's readiness (assigned and not backing off) in the details.
 */
public final class JobWorkersHealthIndicator extends AbstractHealthIndicator {

  private final JobWorkers workers;

  public JobWorkersHealthIndicator(JobWorkers workers) {
    this.workers = workers;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    boolean up = true;
    Map<String, HealthState> health = workers.health();
    for (Map.Entry<String, JobWorker> entry : workers.workers().entrySet()) {
      JobWorker worker = entry.getValue();
      HealthState state = health.get(entry.getKey());
      if (worker.failure().isPresent()) {
        up = false;
        builder.withDetail(entry.getKey(), "failed: " + worker.failure().get());
      } else {
        builder.withDetail(entry.getKey(), state != null && state.ready() ? "ready" : "not ready");
      }
    }
    if (up) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
