package dev.jobpipe.cli.demo;

import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the DLQ topics from where they ended when the demo began (assign + seek, no group) and
 * tells the ledger which jobs were dead-lettered and why.
 */
final class DeadLetterWatcher implements AutoCloseable {
  private final Consumer<byte[], byte[]> consumer;
  private final DemoLedger ledger;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  DeadLetterWatcher(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> startOffsets, DemoLedger ledger) {
    this.consumer = consumer;
    this.ledger = ledger;
    consumer.assign(startOffsets.keySet());
    startOffsets.forEach(consumer::seek);
    this.thread = Thread.ofPlatform().daemon().name("demo-dlq-watcher").start(this::run);
  }

  private void run() {
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          String id = JobHeaders.jobId(record.headers()).orElse(null);
          if (id != null) {
            ledger.deadLettered(id, JobHeaders.dlqReason(record.headers()).orElse(DlqReason.FATAL));
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }


  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(5_000);
  }
}
