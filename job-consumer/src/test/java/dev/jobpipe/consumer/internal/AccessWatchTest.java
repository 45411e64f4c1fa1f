package dev.jobpipe.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jobpipe.consumer.Job;
import dev.jobpipe.observability.HealthState;
import dev.jobpipe.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessWatchTest {

  private static final SaslAuthenticationException BAD_PASSWORD =
      new SaslAuthenticationException("Authentication failed due to invalid credentials with SASL mechanism SCRAM-SHA-512");

  /** Not in a group yet, as a refused consumer is (MockConsumer reports generation 1). */
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
    @Override
    public synchronized ConsumerGroupMetadata groupMetadata() {
      return new ConsumerGroupMetadata("jobpipe.unit");
    }
  };
  private final HealthState health = new HealthState();
  /** Stopped from the start, so a refusal records and logs, then returns instead of waiting out the pause. */
  private final AccessWatch watch =
      new AccessWatch("jobs.unit", consumer, health, new MutableClock(), () -> true);
  /** The worker's logger, where operators and the cli's SecureStackIT look for the refusal. */
  private final Logger workerLog = (Logger) LoggerFactory.getLogger(WorkerRuntime.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private WorkerHarness harness;

  @BeforeEach
  void captureLog() {
    logged.start();
    workerLog.addAppender(logged);
  }

  @AfterEach
  void tearDown() {
    workerLog.detachAppender(logged);
    if (harness != null) {
      harness.close();
    }
  }

  private List<String> lines() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void aRefusalMakesTheWorkerNotReadyAndSaysWhyOncePerReason() {
    health.setReady(true);
    watch.refused(BAD_PASSWORD);
    assertThat(health.ready()).isFalse();
    assertThat(watch.down()).isTrue();
    watch.refused(BAD_PASSWORD);
    watch.refused(new GroupAuthorizationException("Not authorized to access group: jobpipe.unit"));
    assertThat(lines()).containsExactly(
        "worker for jobs.unit: the broker refused access (SaslAuthenticationException: " + BAD_PASSWORD.getMessage()
            + "); not ready, retrying (at most every 30 s) until the credentials or ACLs are fixed",
        "worker for jobs.unit: the broker refused access (GroupAuthorizationException: Not authorized to access group:"
            + " jobpipe.unit); not ready, retrying (at most every 30 s) until the credentials or ACLs are fixed");
  }

  @Test
  void anEmptyPollProvesNothingButAnAssignmentEndsTheRefusal() {
    watch.refused(BAD_PASSWORD);
    watch.polled(ConsumerRecords.empty());
    assertThat(watch.down()).as("the consumer returns empty polls while it is refused").isTrue();

    consumer.assign(List.of(new TopicPartition("jobs.unit", 0)));
    watch.polled(ConsumerRecords.empty());
    assertThat(watch.down()).isFalse();
    assertThat(lines()).last().isEqualTo("worker for jobs.unit: the broker accepts it again");

    watch.refused(BAD_PASSWORD);
    assertThat(lines()).as("a refusal after access was granted is news again").hasSize(3);
  }

  @Test
  void beforeTheFirstPollOnlyARefusalCounts() {
    watch.failedBeforePolling(new TimeoutException("control topic not read in time"));
    assertThat(watch.down()).isFalse();
    assertThat(lines()).isEmpty();
    watch.failedBeforePolling(BAD_PASSWORD);
    assertThat(watch.down()).isTrue();
    assertThat(lines()).hasSize(1);
  }

  private static String id(Job<?> job) {
    return job.partition() + "@" + job.offset();
  }

  private WorkerHarness harness(Map<String, Object> settings, dev.jobpipe.consumer.JobHandler<Object> handler) {
    harness = new WorkerHarness(settings, handler, true);
    return harness;
  }

  /**
   * Wrong credentials (or a missing ACL) are fixed outside the worker: it stays up and not ready,
   * retrying with a growing pause, and runs jobs as soon as the broker lets it in, rather than
   * exiting into a crash loop or claiming to be ready with a consumer that cannot fetch.
   */
  @Test
  void brokerRefusingTheWorkerMakesItNotReadyButAliveUntilAccessIsGranted() {
    Set<String> handled = ConcurrentHashMap.newKeySet();
    harness(Map.of(), job -> handled.add(id(job)));
    harness.start(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.ready());

    harness.consumer.refusal = new SaslAuthenticationException(
        "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512");
    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.health.ready());
    int pollsWhenRefused = harness.consumer.polls.get();
    harness.consumer.refusal = new GroupAuthorizationException("Not authorized to access group: jobpipe.unit");
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.consumer.polls.get() >= pollsWhenRefused + 2);
    assertThat(harness.health.ready()).isFalse();
    assertThat(harness.health.live()).isTrue();
    assertThat(harness.runtime.terminated()).as("no exit, no crash loop").isFalse();
    assertThat(harness.runtime.failure()).isNull();
    assertThat(harness.consumer.polls.get() - pollsWhenRefused).as("retries pause instead of spinning").isLessThan(10);

    harness.consumer.refusal = null;
    harness.send(0, 0, "k", "v");
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.health.ready() && handled.contains("0@0"));
  }
}
