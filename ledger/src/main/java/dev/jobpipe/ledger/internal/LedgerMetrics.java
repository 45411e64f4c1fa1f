package dev.jobpipe.ledger.internal;

import dev.jobpipe.observability.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The ledger's meters ({@code jobpipe_ledger_*}): events applied and ignored (stale, duplicate),
 * jobs expired by retention, and gauges for the jobs held and the lag behind the input topics.
 */
public final class LedgerMetrics {

  private final Counter applied;
  private final Counter ignored;
  private final Counter expired;
  private final MeterRegistry registry;

  public LedgerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.applied = Counter.builder(MetricNames.LEDGER_EVENTS).tag(MetricNames.TAG_OUTCOME, "applied")
        .description("events that moved a job's state").register(registry);
    this.ignored = Counter.builder(MetricNames.LEDGER_EVENTS).tag(MetricNames.TAG_OUTCOME, "ignored")
        .description("stale or repeated events that changed nothing").register(registry);
    this.expired = Counter.builder(MetricNames.LEDGER_EXPIRED)
        .description("jobs deleted by retention after their terminal state").register(registry);
  }

  /** Registers the gauges once the streams application they read exists. */
  public void gauges(Supplier<Number> jobs, Supplier<Number> lag) {
    Gauge.builder(MetricNames.LEDGER_JOBS, jobs).description("jobs held by this instance (approximate)")
        .register(registry);
    Gauge.builder(MetricNames.LEDGER_LAG, lag)
        .description("records of the input topics this instance has not folded yet").register(registry);
  }

  void applied() {
    applied.increment();
  }

  void ignored() {
    ignored.increment();
  }

  void expired(int count) {
    if (count > 0) {
      expired.increment(count);
    }
  }
}
