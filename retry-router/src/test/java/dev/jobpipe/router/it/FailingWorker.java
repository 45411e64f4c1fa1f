package dev.jobpipe.router.it;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Stands in for a worker whose handler always fails: every job read from {@code jobs.T} is
 * written to {@code jobs.T.failed} with the headers a worker writes, acknowledged, then committed
 * (commit-after-handoff, as DESIGN.md asks). Keeps what it read for assertions.
 */
final class FailingWorker implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String type;
  private final boolean retryable;
  private final Thread thread;
  private final List<ConsumerRecord<byte[], byte[]>> seen = new CopyOnWriteArrayList<>();
  private final List<Long> seenAt = new CopyOnWriteArrayList<>();
  private volatile boolean closing;
  private volatile Throwable failure;

  FailingWorker(JobpipeStack stack, String type, boolean retryable) {
    this.type = type;
    this.retryable = retryable;
    this.consumer = RouterFixtures.consumer(stack, "worker-" + type + "-" + UUID.randomUUID());
    this.producer = RouterFixtures.producer(stack);
    this.thread = new Thread(this::run, "failing-worker-" + type);
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(JobTopics.of(type).main()));
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          seen.add(record);
          seenAt.add(System.currentTimeMillis());
          producer.send(RouterFixtures.failureOf(record, type, retryable));
        }
        if (!records.isEmpty()) {
          producer.flush();
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        failure = e;
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      consumer.close();
      producer.close();
    }
  }

  /** Every job read so far, in order. */
  List<ConsumerRecord<byte[], byte[]>> seen() {
    if (failure != null) {
      throw new AssertionError("the failing worker crashed", failure);
    }
    return seen;
  }

  /** Wall-clock time each job of {@link #seen()} was read. */
  List<Long> seenAt() {
    return seenAt;
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    consumer.wakeup();
    thread.join(10_000);
  }
}
