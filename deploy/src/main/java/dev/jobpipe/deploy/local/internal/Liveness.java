package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether a process still runs. A detached child that exited after its starter was gone is
 * reparented, and until its new parent reaps it, it is a zombie: the JDK still calls it alive, but
 * it serves nothing and can never be stopped, so here it counts as gone.
 */
public final class Liveness {
  private Liveness() {}

  /** True while the process runs; false once it exited, zombie or not. */
  public static boolean isRunning(ProcessHandle handle) {
    return handle.isAlive() && !isZombie(handle.pid());
  }

  /** Waits up to {@code timeout} for the process to stop running; returns whether it did. */
  public static boolean awaitExit(ProcessHandle handle, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isRunning(handle)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** Reads the state field of {@code /proc/PID/stat} where there is one (Linux). */
  static boolean isZombie(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat, StandardCharsets.US_ASCII);
      int afterName = s.lastIndexOf(')'); // the command name in parentheses may itself hold spaces
      return afterName > 0 && afterName + 2 < s.length() && s.charAt(afterName + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
