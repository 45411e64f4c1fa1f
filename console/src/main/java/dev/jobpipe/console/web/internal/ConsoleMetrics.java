package dev.jobpipe.console.web.internal;

import dev.jobpipe.observability.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The console's meters ({@code jobpipe_console_*}): API request durations by outcome, logins,
 * operator actions by kind and outcome, and the time one Kafka sample of the overview takes.
 */
public final class ConsoleMetrics {

  /** Outcome of a request: answered, refused (401/403), rejected as bad input (other 4xx), failed (5xx). */
  static final String OK = "ok";
  static final String DENIED = "denied";
  static final String INVALID = "invalid";
  static final String FAILED = "failed";

  private final MeterRegistry registry;
  private final Timer sample;

  public ConsoleMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.sample = Timer.builder(MetricNames.CONSOLE_SAMPLE_DURATION)
        .description("time to read the offsets and consumer groups of every job type once").register(registry);
  }

  void request(int status, Duration took) {
    String outcome = status == 401 || status == 403 ? DENIED : status >= 500 ? FAILED : status >= 400 ? INVALID : OK;
    Timer.builder(MetricNames.CONSOLE_REQUEST_DURATION).tag(MetricNames.TAG_OUTCOME, outcome)
        .description("API requests of the console").register(registry).record(took);
  }

  void login(boolean succeeded) {
    Counter.builder(MetricNames.CONSOLE_LOGINS).tag(MetricNames.TAG_OUTCOME, succeeded ? "succeeded" : "failed")
        .description("login attempts").register(registry).increment();
  }

  /** One operator action ({@code replay}, {@code purge}, {@code pause}, ...) and whether it succeeded. */
  void action(String action, boolean succeeded) {
    Counter.builder(MetricNames.CONSOLE_ACTIONS).tags(MetricNames.TAG_ACTION, action, MetricNames.TAG_OUTCOME,
        succeeded ? "succeeded" : "failed").description("operator actions taken in the console").register(registry)
        .increment();
  }

  void sampled(Duration took) {
    sample.record(took);
  }
}
