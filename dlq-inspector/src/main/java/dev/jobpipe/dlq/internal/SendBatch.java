package dev.jobpipe.dlq.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends in flight between two flushes, each paired with what it was sent for. {@link #complete}
 * flushes and hands back, in send order, each item with its acknowledgement or failure, so a
 * caller can act only on what the broker confirmed.
 *
 * @param <T> what each send was for
 */
public final class SendBatch<T> {

  /** One completed send: {@code metadata} when acknowledged, else {@code failure}. */
  public record Outcome<T>(T item, RecordMetadata metadata, Throwable failure) {}

  private final List<T> items = new ArrayList<>();
  private final List<Future<RecordMetadata>> futures = new ArrayList<>();

  public void add(T item, Future<RecordMetadata> future) {
    items.add(item);
    futures.add(future);
  }

  public int size() {
    return items.size();
  }

  /** Flushes {@code producer}, waits for every send of the batch, and empties the batch. */
  public List<Outcome<T>> complete(Producer<?, ?> producer) throws InterruptedException {
    if (items.isEmpty()) {
      return List.of();
    }
    producer.flush();
    List<Outcome<T>> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        out.add(new Outcome<>(items.get(i), futures.get(i).get(), null));
      } catch (ExecutionException e) {
        out.add(new Outcome<>(items.get(i), null, e.getCause() == null ? e : e.getCause()));
      }
    }
    items.clear();
    futures.clear();
    return out;
  }
}
