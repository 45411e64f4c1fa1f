package dev.jobpipe.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a stop request for a long-running command, instead of the JVM's default
 * of running shutdown hooks and exiting with 143: the command then closes its clients in order and
 * returns its own exit code (0 for a requested stop), as Kubernetes and scripts expect. The
 * previous handlers are restored on {@link #close()}.
 */
final class StopSignal implements AutoCloseable {

  private final CompletableFuture<String> requested = new CompletableFuture<>();
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private StopSignal() {}

  /** Handles TERM and INT from now until {@link #close()}. */
  static StopSignal install() {
    StopSignal stop = new StopSignal();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal signal = new Signal(name);
        stop.previous.put(signal, Signal.handle(signal, s -> stop.requested.complete("SIG" + s.getName())));
      } catch (IllegalArgumentException e) {
        // the platform has no such signal, or the JVM reserves it (-Xrs): leave the default
      }
    }
    return stop;
  }

  /** Completes with the signal's name when a stop is requested. */
  CompletableFuture<String> requested() {
    return requested;
  }

  @Override
  public void close() {
    previous.forEach((signal, handler) -> {
      try {
        Signal.handle(signal, handler);
      } catch (IllegalArgumentException e) {
        // cannot restore: the JVM is shutting down anyway
      }
    });
  }
}
