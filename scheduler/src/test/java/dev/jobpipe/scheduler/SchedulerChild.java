package dev.jobpipe.scheduler;

import dev.jobpipe.observability.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler in a JVM of its own, for tests that SIGKILL it: args are bootstrap servers,
 * application id, state directory and instance id, then any further scheduler config as
 * {@code key=value}. Prints {@code READY} once running; with {@code -Dchild.status.ms=N} it then
 * prints {@code STATUS pending=P forwarded=F heapUsed=B} every N ms.
 */
public final class SchedulerChild {

  private SchedulerChild() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> props = new HashMap<>(Map.of(
        SchedulerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
        SchedulerConfig.APPLICATION_ID_CONFIG, args[1],
        SchedulerConfig.STATE_DIR_CONFIG, args[2],
        SchedulerConfig.INSTANCE_ID_CONFIG, args[3],
        SchedulerConfig.TOPIC_REFRESH_MS_CONFIG, "500"));
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JobScheduler scheduler = JobScheduler.builder(new SchedulerConfig(props)).meterRegistry(registry).start();
    Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close));
    while (!scheduler.health().ready()) {
      if (scheduler.termination().isDone()) {
        System.exit(2);
      }
      Thread.sleep(50);
    }
    System.out.println("READY");
    System.out.flush();
    long statusMs = Long.getLong("child.status.ms", 0);
    if (statusMs <= 0) {
      new CountDownLatch(1).await();
    }
    Runtime rt = Runtime.getRuntime();
    while (!scheduler.termination().isDone()) {
      double pending = registry.find(MetricNames.SCHEDULER_PENDING).gauges().stream().mapToDouble(Gauge::value).sum();
      long forwarded = registry.find(MetricNames.SCHEDULER_FIRE_LATENESS).timers().stream().mapToLong(Timer::count).sum();
      System.out.printf("STATUS pending=%.0f forwarded=%d heapUsed=%d%n", pending, forwarded, rt.totalMemory() - rt.freeMemory());
      System.out.flush();
      try {
        scheduler.termination().handle((v, e) -> null).get(statusMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // still running: report again
      }
    }
  }
}
