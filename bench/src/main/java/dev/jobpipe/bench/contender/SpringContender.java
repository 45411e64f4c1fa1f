package dev.jobpipe.bench.contender;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * Spring for Apache Kafka's {@link ConcurrentMessageListenerContainer}, set up as a Spring Boot
 * application would be: {@code AckMode.BATCH} (commit after each poll's records are processed),
 * synchronous commits, the Kafka 4 group protocol. No-op jobs use a batch listener, blocking jobs a
 * record listener; the concurrency is the number of consumers (one thread each).
 */
final class SpringContender implements Contender {
  private final ConsumeSpec spec;
  private ConcurrentMessageListenerContainer<byte[], byte[]> container;

  SpringContender(ConsumeSpec spec) {
    this.spec = spec;
  }

  @Override
  public void start(Progress progress, Workload workload) {
    DefaultKafkaConsumerFactory<byte[], byte[]> factory =
        new DefaultKafkaConsumerFactory<>(ClientProps.consumer(spec, "consumer"));
    ContainerProperties props = new ContainerProperties(spec.topic());
    props.setGroupId(spec.group());
    props.setAckMode(ContainerProperties.AckMode.BATCH);
    props.setSyncCommits(true);
    if (workload == Workload.NOOP) {
      props.setMessageListener((BatchMessageListener<byte[], byte[]>) (List<ConsumerRecord<byte[], byte[]>> records) -> {
        progress.started();
        progress.completed(records.size());
      });
    } else {
      props.setMessageListener((MessageListener<byte[], byte[]>) record -> {
        progress.started();
        try {
          workload.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        progress.completed(1);
      });
    }
    container = new ConcurrentMessageListenerContainer<>(factory, props);
    container.setConcurrency(Math.max(1, spec.concurrency()));
    container.setBeanName("bench-spring");
    container.start();
  }

  @Override
  public void close() {
    if (container != null) {
      container.stop();
    }
  }
}
