package dev.jobpipe.deploy.local;

import java.nio.file.Path;

/**
 * Test main for {@link OrphanProtectionIT}: starts a tied broker in {@code args[0]}, prints its
 * pid, and waits to be killed.
 */
public final class StartBrokerAndWait {
  private StartBrokerAndWait() {}

  public static void main(String[] args) throws InterruptedException {
    KafkaBroker broker = KafkaBroker.builder().workDir(Path.of(args[0])).fastStartup(true).build();
    broker.start();
    System.out.println("BROKER-PID " + broker.pid().orElseThrow());
    System.out.flush();
    Thread.sleep(600_000);
  }
}
