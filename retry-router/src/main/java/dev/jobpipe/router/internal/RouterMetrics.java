package dev.jobpipe.router.internal;

import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.schemas.DlqReason;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The router's meters, named as in {@link MetricNames}: retries and dead letters counted when
 * routed, and for the forwarders the lateness of each forward (actual forward time minus due
 * time), how long a record was held in its tier, and each tier's backlog.
 */
public final class RouterMetrics {

  private static final Duration[] LATENESS_SLOS = {
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> tierLag = new ConcurrentHashMap<>();
  private final Map<String, Timer[]> forwardTimers = new ConcurrentHashMap<>();

  public RouterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A failure routed to a retry tier. */
  public void retried(String type, String tier) {
    registry.counter(MetricNames.RETRIES, MetricNames.TAG_TYPE, type, MetricNames.TAG_TIER, tier).increment();
  }

  /** A failure routed to the dead-letter topic. */
  public void deadLettered(String type, DlqReason reason) {
    registry.counter(MetricNames.DEAD_LETTERS, MetricNames.TAG_TYPE, type, MetricNames.TAG_REASON, reason.name()).increment();
  }

  /** A record forwarded from its tier back to the main topic. */
  public void forwarded(String type, String tier, long latenessMillis, long holdMillis) {
    Timer[] timers = forwardTimers.computeIfAbsent(type + "\n" + tier, k -> new Timer[] {
      Timer.builder(MetricNames.FORWARD_LATENESS)
          .description("Retry forward time minus its due time (jobpipe.not.before)")
          .tags(MetricNames.TAG_TYPE, type, MetricNames.TAG_TIER, tier)
          .publishPercentileHistogram()
          .serviceLevelObjectives(LATENESS_SLOS)
          .register(registry),
      Timer.builder(MetricNames.RETRY_HOLD)
          .description("Time a retry spent in its tier topic, from routing to forward")
          .tags(MetricNames.TAG_TYPE, type, MetricNames.TAG_TIER, tier)
          .publishPercentileHistogram()
          .register(registry)
    });
    timers[0].record(Duration.ofMillis(Math.max(0L, latenessMillis)));
    timers[1].record(Duration.ofMillis(Math.max(0L, holdMillis)));
  }

  /** A router part ({@code routing} or {@code forwarder}) restarted after a transient failure. */
  public void restarted(String part) {
    registry.counter(MetricNames.ROUTER_RESTARTS, MetricNames.TAG_PART, part).increment();
  }

  /** Sets the backlog (held plus not yet fetched records) of one tier topic. */
  public void tierLag(String type, String tier, long lag) {
    tierLag.computeIfAbsent(type + "\n" + tier, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(MetricNames.RETRY_TIER_LAG, value, AtomicLong::get)
          .description("Records in a retry tier not yet forwarded")
          .tags(MetricNames.TAG_TYPE, type, MetricNames.TAG_TIER, tier)
          .register(registry);
      return value;
    }).set(lag);
  }
}
