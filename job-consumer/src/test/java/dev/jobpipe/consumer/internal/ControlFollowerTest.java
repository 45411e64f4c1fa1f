package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.schemas.control.ControlTopicReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ControlFollowerTest {

  /** A broker that never answers, and a close that notes whether the closing thread was interrupted. */
  private static final class UnreachableConsumer extends MockConsumer<byte[], byte[]> {
    final AtomicInteger lookups = new AtomicInteger();
    final CompletableFuture<Boolean> closedInterrupted = new CompletableFuture<>();

    UnreachableConsumer() {
      super("earliest");
    }

    @Override
    public synchronized List<PartitionInfo> partitionsFor(String topic) {
      lookups.incrementAndGet();
      throw new TimeoutException("no broker");
    }

    @Override
    public synchronized void close(Duration timeout) {
      // a real KafkaConsumer closed with the flag set gives up on its fetcher and logs an ERROR
      closedInterrupted.complete(Thread.currentThread().isInterrupted());
      super.close(timeout);
    }
  }

  @Test
  void closingWhileRetryingAnUnreachableBrokerClosesTheReaderUninterrupted() throws Exception {
    UnreachableConsumer consumer = new UnreachableConsumer();
    ControlFollower follower = new ControlFollower("email.send", new ControlTopicReader("email.send", consumer), s -> {});
    follower.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> follower.initialFailure() != null);
    assertThat(follower.awaitCaughtUp(Duration.ZERO)).isFalse();

    follower.close();

    assertThat(consumer.closedInterrupted).isCompletedWithValue(false);
    follower.close(); // idempotent
    assertThat(consumer.lookups.get()).isPositive();
  }

  @Test
  void aFollowerNeverStartedClosesItsReader() {
    UnreachableConsumer consumer = new UnreachableConsumer();
    new ControlFollower("email.send", new ControlTopicReader("email.send", consumer), s -> {}).close();
    assertThat(consumer.closedInterrupted).isCompletedWithValue(false);
    assertThat(consumer.lookups.get()).isZero();
  }
}
