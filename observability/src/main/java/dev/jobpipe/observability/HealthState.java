package dev.jobpipe.observability;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Liveness and readiness of one process, set by the runtime and served by {@code MetricsServer} (metrics-server).
 * Live until the process decides it is wedged; ready once it is consuming (and not while a
 * dependency such as the registry is down), so Kubernetes routes and restarts correctly.
 */
public final class HealthState {
  private final AtomicBoolean live = new AtomicBoolean(true);
  private final AtomicBoolean ready = new AtomicBoolean(false);

  public boolean live() {
    return live.get();
  }

  public boolean ready() {
    return ready.get();
  }

  public void setLive(boolean value) {
    live.set(value);
  }

  public void setReady(boolean value) {
    ready.set(value);
  }
}
