package dev.jobpipe.schemas.registry.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A cache whose loader runs at most once per key at a time: concurrent callers for a key that is
 * being loaded wait for that one load instead of each asking the registry. Failures and absent
 * values (a loader returning null) are not cached, so the next call tries again.
 */
public final class SingleFlightCache<K, V> {
  private final ConcurrentHashMap<K, CompletableFuture<V>> entries = new ConcurrentHashMap<>();

  /** The cached value of {@code key}, loading it when absent; null when the loader found none. */
  public V get(K key, Function<? super K, ? extends V> loader) {
    CompletableFuture<V> existing = entries.get(key);
    if (existing == null) {
      CompletableFuture<V> mine = new CompletableFuture<>();
      existing = entries.putIfAbsent(key, mine);
      if (existing == null) {
        return load(key, mine, loader);
      }
    }
    return await(existing);
  }

  /** Stores a value learned as a side effect of another request, unless one is cached already. */
  public void prime(K key, V value) {
    entries.putIfAbsent(key, CompletableFuture.completedFuture(value));
  }

  /** Number of cached or in-flight keys. */
  public int size() {
    return entries.size();
  }

  private V load(K key, CompletableFuture<V> mine, Function<? super K, ? extends V> loader) {
    V value;
    try {
      value = loader.apply(key);
    } catch (RuntimeException | Error e) {
      entries.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    if (value == null) {
      entries.remove(key, mine);
    }
    mine.complete(value);
    return value;
  }

  private static <V> V await(CompletableFuture<V> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
