package dev.jobpipe.bench.contender;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Confluent Parallel Consumer with {@code KEY} ordering and the given {@code maxConcurrency}, its
 * default commit mode (periodic asynchronous consumer commits). It runs on the classic group
 * protocol: it inspects the consumer's internals, which it knows only for that protocol's consumer.
 */
final class ParallelConsumerContender implements Contender {
  private final ConsumeSpec spec;
  private ParallelStreamProcessor<byte[], byte[]> processor;

  ParallelConsumerContender(ConsumeSpec spec) {
    this.spec = spec;
  }

  @Override
  public void start(Progress progress, Workload workload) {
    Map<String, Object> props = ClientProps.consumer(spec, "classic");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
    ParallelConsumerOptions<byte[], byte[]> options = ParallelConsumerOptions.<byte[], byte[]>builder()
        .consumer(consumer)
        .ordering(ProcessingOrder.KEY)
        .maxConcurrency(spec.concurrency() > 0 ? spec.concurrency() : 16)
        .build();
    processor = ParallelStreamProcessor.createEosStreamProcessor(options);
    processor.subscribe(List.of(spec.topic()));
    processor.poll(context -> {
      progress.started();
      try {
        workload.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      progress.completed((int) context.size());
    });
  }

  @Override
  public void close() {
    if (processor != null) {
      processor.closeDontDrainFirst(Duration.ofSeconds(10));
    }
  }
}
