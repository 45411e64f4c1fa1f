package dev.jobpipe.console.web.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A few Kafka consumers shared by concurrent requests: a consumer is not thread-safe and costs a
 * connection, so requests borrow one, use it alone, and give it back. At most {@code max} exist;
 * a request waits for a free one.
 */
final class ClientPool<C extends AutoCloseable> implements AutoCloseable {

  private final Supplier<C> factory;
  private final Semaphore permits;
  private final BlockingQueue<C> idle = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  ClientPool(Supplier<C> factory, int max) {
    this.factory = factory;
    this.permits = new Semaphore(max, true);
  }

  /** Runs {@code use} with a client of its own; a client that threw is closed rather than reused. */
  <T> T with(Function<C, T> use) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a Kafka client", e);
    }
    C client = null;
    boolean healthy = false;
    try {
      client = idle.poll();
      if (client == null) {
        client = factory.get();
      }
      T result = use.apply(client);
      healthy = true;
      return result;
    } finally {
      if (client != null) {
        if (healthy && !closed) {
          idle.add(client);
        } else {
          closeQuietly(client);
        }
      }
      permits.release();
    }
  }

  /** Closes the idle clients; clients in use are closed when given back. */
  @Override
  public void close() {
    closed = true;
    C c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
