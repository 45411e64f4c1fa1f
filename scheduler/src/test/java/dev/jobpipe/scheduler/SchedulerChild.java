package dev.jobpipe.scheduler;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A scheduler in a JVM of its own, for tests that SIGKILL it: args are bootstrap servers,
 * application id, state directory and instance id. Prints {@code READY} once running.
 */
public final class SchedulerChild {

  private SchedulerChild() {}

  public static void main(String[] args) throws Exception {
    SchedulerConfig config = new SchedulerConfig(Map.of(
        SchedulerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
        SchedulerConfig.APPLICATION_ID_CONFIG, args[1],
        SchedulerConfig.STATE_DIR_CONFIG, args[2],
        SchedulerConfig.INSTANCE_ID_CONFIG, args[3],
        SchedulerConfig.TOPIC_REFRESH_MS_CONFIG, "500"));
    JobScheduler scheduler = JobScheduler.builder(config).start();
    Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close));
    while (!scheduler.health().ready()) {
      if (scheduler.termination().isDone()) {
        System.exit(2);
      }
      Thread.sleep(50);
    }
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
