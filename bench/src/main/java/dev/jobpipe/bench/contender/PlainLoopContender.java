package dev.jobpipe.bench.contender;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The textbook at-least-once loop: poll, process each record on the polling thread, commit the
 * batch synchronously, poll again. No decoding: the values stay bytes.
 */
final class PlainLoopContender implements Contender {
  private final ConsumeSpec spec;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;
  private volatile boolean closing;

  PlainLoopContender(ConsumeSpec spec) {
    this.spec = spec;
  }

  @Override
  public void start(Progress progress, Workload workload) {
    consumer = new KafkaConsumer<>(ClientProps.consumer(spec, "consumer"));
    consumer.subscribe(java.util.List.of(spec.topic()));
    thread = Thread.ofPlatform().name("plain-loop").start(() -> loop(progress, workload));
  }

  private void loop(Progress progress, Workload workload) {
    try {
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        progress.started();
        long bytes = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
          bytes += record.value().length;
          workload.run();
        }
        if (bytes < 0) {
          throw new IllegalStateException("unreachable; keeps the loop from being optimised away");
        }
        progress.completed(records.count());
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    closing = true;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
