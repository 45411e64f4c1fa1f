package dev.jobpipe.bench.scenario;

import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.apache.avro.generic.IndexedRecord;

/** Pre-fills a job topic once per scenario, through {@code JobPublisher}, so the records carry every jobpipe header. */
final class TopicFiller {
  private TopicFiller() {}

  /**
   * What every consumption scenario starts with: the measured and the warm-up job topics (6
   * partitions each), filled with {@code records} and {@code warmup} 256-byte jobs keyed by
   * {@code keyOf}.
   */
  static void fillScenario(BenchContext ctx, String scenario, String type, int records, String warmupType, int warmup,
      LongFunction<String> keyOf) throws InterruptedException {
    ctx.createJobTopics(type, 6);
    ctx.createJobTopics(warmupType, 6);
    fill(ctx, type, records, Payloads.emailOfValueSize(256), keyOf);
    fill(ctx, warmupType, warmup, Payloads.emailOfValueSize(256), keyOf);
    Console.line("%s: %,d jobs published (and %,d to warm up on)", scenario, records, warmup);
  }

  /** Publishes {@code count} jobs of {@code type} keyed by {@code keyOf} (null: the job id) and waits for every ack. */
  static void fill(BenchContext ctx, String type, int count, IndexedRecord payload, LongFunction<String> keyOf)
      throws InterruptedException {
    try (JobPublisher publisher = JobPublisher.create(ctx.publisherConfig())) {
      CountDownLatch acked = new CountDownLatch(count);
      AtomicLong failures = new AtomicLong();
      AtomicReference<Throwable> firstFailure = new AtomicReference<>();
      for (int i = 0; i < count; i++) {
        publisher.publish(JobRequest.builder(type, payload).key(keyOf.apply(i)).build()).whenComplete((r, e) -> {
          if (e != null) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
          acked.countDown();
        });
      }
      if (!acked.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("filling jobs." + type + ": not every publish was acknowledged in 5 min");
      }
      if (failures.get() > 0) {
        throw new IllegalStateException("filling jobs." + type + ": " + failures.get() + " publishes failed, first: "
            + firstFailure.get(), firstFailure.get());
      }
      publisher.close(Duration.ofSeconds(30));
    }
  }
}
