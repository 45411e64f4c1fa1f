package dev.jobpipe.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.testkit.MutableClock;
import dev.jobpipe.schemas.JobHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TierForwarderTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final TopicPartition TP = new TopicPartition("jobs.email.retry.5s", 0);
  private static final TopicPartition TP2 = new TopicPartition("jobs.email.retry.30s", 0);

  private final MutableClock clock = new MutableClock(NOW);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private MockConsumer<byte[], byte[]> consumer;
  private MockProducer<byte[], byte[]> producer;
  private TierForwarder forwarder;

  @BeforeEach
  void setUp() {
    consumer = new MockConsumer<>("earliest");
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    forwarder = newForwarder(100);
  }

  private TierForwarder newForwarder(int maxWindow) {
    return new TierForwarder(consumer, () -> producer, clock, new RouterMetrics(registry), 1_000, maxWindow, Duration.ofSeconds(1));
  }

  private void assign(TopicPartition... tps) {
    forwarder.init();
    consumer.rebalance(List.of(tps));
    for (TopicPartition tp : tps) {
      consumer.updateBeginningOffsets(Map.of(tp, 0L));
      consumer.updateEndOffsets(Map.of(tp, 0L));
    }
  }

  private static ConsumerRecord<byte[], byte[]> retry(TopicPartition tp, long offset, String jobId, int attempt, Instant notBefore) {
    RecordHeaders headers = new RecordHeaders();
    JobHeaders.set(headers, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(headers, JobHeaders.ATTEMPT, attempt);
    JobHeaders.set(headers, JobHeaders.ERROR_CLASS, "java.io.IOException");
    JobHeaders.set(headers, JobHeaders.TRACEPARENT, "00-abc-def-01");
    if (notBefore != null) {
      JobHeaders.set(headers, JobHeaders.NOT_BEFORE, notBefore);
    }
    return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, NOW.toEpochMilli(), TimestampType.CREATE_TIME,
        -1, -1, ("key-" + jobId).getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 7, 9}, headers, Optional.empty());
  }

  private List<String> forwardedJobIds() {
    return producer.history().stream().map(r -> JobHeaders.jobId(r.headers()).orElseThrow()).toList();
  }

  private OffsetAndMetadata lastCommitted(TopicPartition tp) {
    var history = producer.consumerGroupOffsetsHistory();
    assertThat(history).isNotEmpty();
    return history.get(history.size() - 1).values().iterator().next().get(tp);
  }

  @Test
  void holdsARecordUntilItsDueTimeThenForwardsItWithTheNextAttempt() {
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW.plusSeconds(5)));

    forwarder.runOnce();
    assertThat(producer.history()).as("not due yet").isEmpty();
    assertThat(forwarder.pollTimeout(clock.millis())).as("wakes when due").isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(4_500));
    assertThat(forwarder.pollTimeout(clock.millis())).isEqualTo(Duration.ofMillis(500));
    forwarder.runOnce();
    assertThat(producer.history()).isEmpty();

    clock.advance(Duration.ofMillis(500));
    forwarder.runOnce();
    assertThat(producer.history()).hasSize(1);
    ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("jobs.email");
    assertThat(sent.key()).isEqualTo("key-a".getBytes(StandardCharsets.UTF_8));
    assertThat(sent.value()).isEqualTo(new byte[] {0, 0, 0, 0, 7, 9});
    assertThat(JobHeaders.attempt(sent.headers())).isEqualTo(2);
    assertThat(JobHeaders.string(sent.headers(), JobHeaders.TRACEPARENT)).contains("00-abc-def-01");
    assertThat(JobHeaders.string(sent.headers(), JobHeaders.ERROR_CLASS)).contains("java.io.IOException");
    assertThat(JobHeaders.notBefore(sent.headers())).as("kept for the worker's wait metric").contains(NOW.plusSeconds(5));
    assertThat(sent.headers().headers(JobHeaders.ATTEMPT)).hasSize(1);
    assertThat(producer.transactionCommitted()).isTrue();
    assertThat(lastCommitted(TP)).isEqualTo(new OffsetAndMetadata(1, ""));
    assertThat(registry.find(MetricNames.FORWARD_LATENESS).tags("type", "email", "tier", "5s").timer().count()).isEqualTo(1);
  }

  @Test
  void recordAlreadyDueOrWithoutDueTimeForwardsAtOnce() {
    assign(TP);
    consumer.addRecord(retry(TP, 0, "late", 1, NOW.minusSeconds(30)));
    consumer.addRecord(retry(TP, 1, "plain", 1, null));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactlyInAnyOrder("late", "plain");
    assertThat(producer.commitCount()).as("one transaction for the batch").isEqualTo(1);
  }

  @Test
  void laterRecordDueEarlierForwardsFirstWhileTheCommitPointStaysAtTheHeldOne() {
    assign(TP);
    consumer.addRecord(retry(TP, 0, "slow", 1, NOW.plusSeconds(6)));
    consumer.addRecord(retry(TP, 1, "fast", 1, NOW.plusSeconds(4)));
    forwarder.runOnce();
    clock.advance(Duration.ofSeconds(4));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactly("fast");
    OffsetAndMetadata commit = lastCommitted(TP);
    assertThat(commit.offset()).isEqualTo(0);
    assertThat(WindowMetadata.decode(0, commit.metadata()).orElseThrow().pending()).containsExactly(0L);

    clock.advance(Duration.ofSeconds(2));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactly("fast", "slow");
    assertThat(lastCommitted(TP)).isEqualTo(new OffsetAndMetadata(2, ""));
  }

  @Test
  void restartedForwarderSkipsWhatWasForwardedAndForwardsTheRest() {
    String metadata = new WindowMetadata(0, 2, new java.util.TreeSet<>(List.of(0L))).encode();
    forwarder.init();
    consumer.rebalance(List.of());
    consumer.commitSync(Map.of(TP, new OffsetAndMetadata(0, metadata)));
    consumer.rebalance(List.of(TP));
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    consumer.addRecord(retry(TP, 0, "slow", 1, NOW));
    consumer.addRecord(retry(TP, 1, "fast", 1, NOW));
    consumer.addRecord(retry(TP, 2, "new", 1, NOW));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactlyInAnyOrder("slow", "new");
    assertThat(lastCommitted(TP)).isEqualTo(new OffsetAndMetadata(3, ""));
  }

  @Test
  void fullWindowPausesAndSeeksBackThenResumesWhenTheHeadIsForwarded() {
    forwarder = newForwarder(2);
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW.plusSeconds(5)));
    consumer.addRecord(retry(TP, 1, "b", 1, NOW.plusSeconds(5)));
    consumer.addRecord(retry(TP, 2, "c", 1, NOW.plusSeconds(5)));
    forwarder.runOnce();
    assertThat(consumer.paused()).containsExactly(TP);
    assertThat(consumer.position(TP)).as("seeked back to the first record not taken").isEqualTo(2);
    assertThat(forwarder.heldCount()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(5));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactlyInAnyOrder("a", "b");
    assertThat(consumer.paused()).isEmpty();
  }

  @Test
  void batchesAreBoundedAndEarliestDueGoFirst() {
    forwarder = new TierForwarder(consumer, () -> producer, clock, new RouterMetrics(registry), 2, 100, Duration.ofSeconds(1));
    assign(TP, TP2);
    consumer.addRecord(retry(TP, 0, "t1-3", 1, NOW.minusMillis(3)));
    consumer.addRecord(retry(TP, 1, "t1-1", 1, NOW.minusMillis(1)));
    consumer.addRecord(retry(TP2, 0, "t2-2", 2, NOW.minusMillis(2)));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactlyInAnyOrder("t1-3", "t2-2");
    assertThat(forwarder.pollTimeout(clock.millis())).as("more due: poll without waiting").isEqualTo(Duration.ZERO);
    forwarder.runOnce();
    assertThat(forwardedJobIds()).hasSize(3).endsWith("t1-1");
    assertThat(producer.commitCount()).isEqualTo(2);
  }

  @Test
  void abortedTransactionLosesNothingAndIsRetriedAfterABackoff() {
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW));
    producer.commitTransactionException = new KafkaException("broker hiccup");
    forwarder.runOnce();
    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.history()).isEmpty();
    assertThat(forwarder.heldCount()).isEqualTo(1);
    assertThat(forwarder.pollTimeout(clock.millis())).as("backs off instead of spinning").isPositive();

    producer.commitTransactionException = null;
    forwarder.runOnce();
    assertThat(producer.history()).as("still backing off").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactly("a");
  }

  @Test
  void fencedProducerStopsTheForwarder() {
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW));
    producer.commitTransactionException = new ProducerFencedException("another forwarder took over");
    assertThatThrownBy(() -> forwarder.runOnce()).isInstanceOf(ProducerFencedException.class);
  }

  @Test
  void revokedPartitionIsDropped() {
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW.plusSeconds(5)));
    forwarder.runOnce();
    assertThat(forwarder.heldCount()).isEqualTo(1);
    consumer.rebalance(List.of());
    forwarder.runOnce();
    assertThat(forwarder.heldCount()).isZero();
    clock.advance(Duration.ofSeconds(10));
    forwarder.runOnce();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void readyOnceAssigned() {
    forwarder.init();
    assertThat(forwarder.ready()).isFalse();
    consumer.rebalance(List.of(TP));
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    forwarder.runOnce();
    assertThat(forwarder.ready()).isTrue();
  }

  @Test
  void tierLagCountsHeldRecords() {
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW.plusSeconds(5)));
    consumer.addRecord(retry(TP, 1, "b", 1, NOW.plusSeconds(5)));
    consumer.updateEndOffsets(Map.of(TP, 5L));
    forwarder.runOnce();
    assertThat(registry.find(MetricNames.RETRY_TIER_LAG).tags("type", "email", "tier", "5s").gauge().value())
        .as("2 held + 3 not yet fetched").isEqualTo(5);
  }

  @Test
  void commitWhoseOutcomeTimedOutIsRetriedNotAborted() {
    int[] timeouts = {1};
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public void commitTransaction() {
        if (timeouts[0]-- > 0) {
          throw new org.apache.kafka.common.errors.TimeoutException("commit outcome unknown");
        }
        super.commitTransaction();
      }
    };
    forwarder = newForwarder(100);
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactly("a");
    assertThat(producer.transactionAborted()).isFalse();
    assertThat(forwarder.heldCount()).isZero();
  }

  @Test
  void aTimedOutAbortIsRetriedWithBackoffUntilItWorks() {
    java.util.concurrent.atomic.AtomicInteger aborts = new java.util.concurrent.atomic.AtomicInteger();
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized void abortTransaction() {
        if (aborts.incrementAndGet() <= 2) {
          throw new org.apache.kafka.common.errors.TimeoutException("broker unreachable");
        }
        super.abortTransaction();
      }
    };
    forwarder = newForwarder(100);
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW));
    producer.commitTransactionException = new KafkaException("broker hiccup");
    long started = System.nanoTime();
    forwarder.runOnce();
    assertThat(aborts.get()).isEqualTo(3);
    assertThat(producer.transactionAborted()).isTrue();
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .as("waited 100 + 200 ms between attempts").isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300));
    assertThat(forwarder.heldCount()).isEqualTo(1);
  }

  @Test
  void stoppingEndsAnAbortThatKeepsTimingOut() throws Exception {
    java.util.concurrent.atomic.AtomicInteger aborts = new java.util.concurrent.atomic.AtomicInteger();
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized void abortTransaction() {
        aborts.incrementAndGet();
        throw new org.apache.kafka.common.errors.TimeoutException("broker unreachable");
      }
    };
    forwarder = newForwarder(100);
    producer.commitTransactionException = new KafkaException("broker hiccup");
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW));
    java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
    Thread poll = Thread.ofPlatform().start(() -> {
      try {
        forwarder.runOnce();
        ended.complete(null);
      } catch (Throwable t) {
        ended.complete(t);
      }
    });
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> aborts.get() >= 3);
    assertThat(ended).as("still retrying the abort").isNotDone();
    forwarder.stop();
    assertThat(ended.get(5, java.util.concurrent.TimeUnit.SECONDS))
        .isInstanceOf(org.apache.kafka.common.errors.WakeupException.class);
    poll.join();
  }

  @Test
  void failedAbortStopsTheForwarder() {
    assign(TP);
    consumer.addRecord(retry(TP, 0, "a", 1, NOW));
    producer.commitTransactionException = new KafkaException("broker hiccup");
    producer.abortTransactionException = new KafkaException("cannot abort either");
    assertThatThrownBy(() -> forwarder.runOnce()).hasMessageContaining("cannot abort either");
  }

  @Test
  void idlePollWaitsAtMostTheIdleBound() {
    assign(TP);
    assertThat(forwarder.pollTimeout(clock.millis())).isEqualTo(Duration.ofSeconds(1));
    consumer.addRecord(retry(TP, 0, "far", 1, NOW.plus(Duration.ofMinutes(5))));
    forwarder.runOnce();
    assertThat(forwarder.pollTimeout(clock.millis())).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void forwardRecordKeepsHeadersAndCountsTheAttemptFromOneWhenAbsent() {
    TierTopic tier = TierTopic.parse("jobs.email.send.retry.500ms").orElseThrow();
    assertThat(tier.type()).isEqualTo("email.send");
    assertThat(tier.tier()).isEqualTo("500ms");
    ConsumerRecord<byte[], byte[]> plain = new ConsumerRecord<>(tier.topic(), 0, 0, null, new byte[] {1});
    ProducerRecord<byte[], byte[]> out = TierForwarder.forwardRecord(tier, plain);
    assertThat(out.topic()).isEqualTo("jobs.email.send");
    assertThat(JobHeaders.attempt(out.headers())).isEqualTo(2);
    assertThat(TierTopic.parse("jobs.Bad Type.retry.5s")).isEmpty();
    assertThat(TierTopic.parse("jobs.email.retry.soon")).isEmpty();
  }

  @Test
  void tierTopicOfAnInvalidTypeIsPausedNotForwarded() {
    TopicPartition foreign = new TopicPartition("jobs.Not_A_Type.retry.5s", 0);
    assign(TP, foreign);
    assertThat(consumer.paused()).containsExactly(foreign);
    consumer.addRecord(retry(TP, 0, "ok", 1, NOW));
    forwarder.runOnce();
    assertThat(forwardedJobIds()).containsExactly("ok");
  }
}
