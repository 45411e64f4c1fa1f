package dev.jobpipe.cli.command;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Turns SIGTERM (and Ctrl-C) into a clean worker stop: a JVM shutdown hook drains the worker,
 * then halts the process with the worker's own exit code, so an orchestrator sees 0 for a clean
 * drain instead of the JVM's 143 for "killed by signal". Removed again when the worker stops for
 * another reason, so the hook never outlives the command.
 */
final class WorkerShutdown {

  private final AtomicBoolean requested = new AtomicBoolean();
  private Thread hook;

  /**
   * Installs the hook: on a signal it runs {@code stop} (which drains and closes the worker) and
   * halts with the code {@code stop} returns.
   */
  synchronized void install(IntSupplier stop) {
    hook = new Thread(() -> {
      requested.set(true);
      int code = stop.getAsInt();
      WorkerLogging.flush();
      Runtime.getRuntime().halt(code);
    }, "jobpipe-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether a signal started the shutdown. */
  boolean requested() {
    return requested.get();
  }

  /** Removes the hook; a no-op once the JVM is shutting down. */
  synchronized void uninstall() {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to run; it ends the process itself
    }
    hook = null;
  }
}
