package dev.jobpipe.deploy.local.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of every child JVM of the stack: {@code ParentWatch <pid> <main class> [args...]}.
 * With a pid other than 0 it watches that process and ends this JVM when it is gone, then runs the
 * real main class in this same JVM. A test JVM killed with SIGKILL runs no shutdown hook, so this
 * watch is what keeps its broker and registry from living on as orphans.
 *
 * <p>The JVM ends through {@link System#exit} so the broker's own shutdown hook still runs; if that
 * hangs, it is halted after {@link #HALT_AFTER_MILLIS}.
 */
public final class ParentWatch {
  /** Exit status when the watched process is gone (128 + SIGTERM, as if it had been terminated). */
  static final int PARENT_GONE_STATUS = 143;

  static final long HALT_AFTER_MILLIS = 20_000;

  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: ParentWatch <pid to watch, or 0> <main class> [args...]");
      System.exit(2);
    }
    long pid = Long.parseLong(args[0]);
    if (pid != 0) {
      watch(pid);
    }
    MethodHandle main = MethodHandles.publicLookup()
        .findStatic(Class.forName(args[1]), "main", MethodType.methodType(void.class, String[].class));
    main.invokeExact(Arrays.copyOfRange(args, 2, args.length));
  }

  private static void watch(long pid) {
    Optional<ProcessHandle> parent = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (parent.isEmpty()) {
      System.err.println("jobpipe: process " + pid + " that started this one is gone; exiting");
      System.exit(PARENT_GONE_STATUS);
    }
    parent.get().onExit().thenRun(() -> exitBecauseGone(pid));
  }

  private static void exitBecauseGone(long pid) {
    System.err.println("jobpipe: process " + pid + " that started this one is gone; shutting down");
    Thread halter = new Thread(() -> {
      try {
        Thread.sleep(HALT_AFTER_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(PARENT_GONE_STATUS);
    }, "jobpipe-parent-watch-halter");
    halter.setDaemon(true);
    halter.start();
    Thread exiter = new Thread(() -> System.exit(PARENT_GONE_STATUS), "jobpipe-parent-watch-exit");
    exiter.start();
  }
}
