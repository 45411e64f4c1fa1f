package dev.jobpipe.scheduler.internal;

import dev.jobpipe.observability.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduler's meters, named in {@link MetricNames}: pending jobs per type (summed over this
 * instance's tasks), the lateness of every forward, cancels, and cron fires per schedule.
 */
public final class SchedulerMetrics {

  private static final Duration[] LATENESS_SLOS = {
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
  private final Map<String, Timer> lateness = new ConcurrentHashMap<>();

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Adds {@code delta} to the pending jobs of {@code type}. */
  void pending(String type, long delta) {
    pending.computeIfAbsent(type, t -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(MetricNames.SCHEDULER_PENDING, value, AtomicLong::get)
          .description("One-off scheduled jobs waiting for their due time in this instance's stores")
          .tag(MetricNames.TAG_TYPE, t)
          .register(registry);
      return value;
    }).addAndGet(delta);
  }

  /** A scheduled job forwarded {@code latenessMillis} after its due time. */
  void forwarded(String type, long latenessMillis) {
    lateness.computeIfAbsent(type, t -> Timer.builder(MetricNames.SCHEDULER_FIRE_LATENESS)
            .description("Forward time of a scheduled job or cron fire minus its due time")
            .tag(MetricNames.TAG_TYPE, t)
            .publishPercentileHistogram()
            .serviceLevelObjectives(LATENESS_SLOS)
            .register(registry))
        .record(Duration.ofMillis(Math.max(0L, latenessMillis)));
  }

  void cancel(String type, String outcome) {
    registry.counter(MetricNames.SCHEDULER_CANCELS, MetricNames.TAG_TYPE, type, MetricNames.TAG_OUTCOME, outcome)
        .increment();
  }

  void cronFire(String name, String outcome) {
    registry.counter(MetricNames.CRON_FIRES, MetricNames.TAG_NAME, name, MetricNames.TAG_OUTCOME, outcome).increment();
  }
}
