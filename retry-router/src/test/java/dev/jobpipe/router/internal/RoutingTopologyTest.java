package dev.jobpipe.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.router.DefaultRoutingDecider;
import dev.jobpipe.testkit.MutableClock;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryPolicy;
import dev.jobpipe.schemas.JobHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingTopologyTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final byte[] KEY = "order-7".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = {0, 0, 0, 0, 42, 1, 2, 3, 4};

  @TempDir
  Path stateDir;

  private final MutableClock clock = new MutableClock(NOW);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private double nextRandom = 0.5;
  private TopologyTestDriver driver;

  @BeforeEach
  void start() {
    RetryPolicies policies = RetryPolicies.of(
        RetryPolicy.defaults().withJitter(0.2),
        Map.of("image", RetryPolicy.ofTiers(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)))
            .withFatalExceptions(Set.of("com.acme.BadImage"))
            .withExpiry(Duration.ofHours(1))));
    RandomGenerator random = () -> (long) (nextRandom * (1L << 53)) << 11;
    var topology = RoutingTopology.build(new DefaultRoutingDecider(policies, clock, random), clock,
        Duration.ofMinutes(10), new RouterMetrics(registry));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(topology, props, NOW);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private TestInputTopic<byte[], byte[]> failed(String type) {
    return driver.createInputTopic("jobs." + type + ".failed", new ByteArraySerializer(), new ByteArraySerializer());
  }

  private TestOutputTopic<byte[], byte[]> out(String topic) {
    return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static Headers failureHeaders(String jobId, int attempt) {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, "email");
    JobHeaders.set(h, JobHeaders.ATTEMPT, attempt);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, NOW.minusSeconds(60));
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, "jobs.email");
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 3);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, 1234);
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, "java.io.IOException");
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, "connection reset");
    JobHeaders.set(h, JobHeaders.ERROR_STACK, "java.io.IOException: connection reset\n\tat x.Y.z(Y.java:1)");
    JobHeaders.set(h, JobHeaders.FAILED_AT, NOW.minusMillis(5));
    JobHeaders.set(h, JobHeaders.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    h.add("x-foreign", new byte[] {1, 2});
    return h;
  }

  private void pipe(String type, Headers headers) {
    failed(type).pipeInput(new TestRecord<>(KEY, VALUE, headers, NOW));
  }

  private static void assertKeeps(TestRecord<byte[], byte[]> routed, Headers original) {
    assertThat(routed.key()).isEqualTo(KEY);
    assertThat(routed.value()).isEqualTo(VALUE);
    for (Header h : original) {
      assertThat(routed.headers().lastHeader(h.key())).as(h.key()).isNotNull();
      assertThat(routed.headers().lastHeader(h.key()).value()).as(h.key()).isEqualTo(h.value());
    }
  }

  private double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void retryableFailureGoesToItsTierWithDueTimeAndEveryHeader() {
    Headers headers = failureHeaders("job-1", 1);
    pipe("email", headers);

    List<TestRecord<byte[], byte[]>> routed = out("jobs.email.retry.5s").readRecordsToList();
    assertThat(routed).hasSize(1);
    assertKeeps(routed.get(0), headers);
    assertThat(JobHeaders.notBefore(routed.get(0).headers())).contains(NOW.plusSeconds(5));
    assertThat(JobHeaders.attempt(routed.get(0).headers())).as("the forwarder increments, not the router").isEqualTo(1);
    assertThat(routed.get(0).headers().lastHeader(JobHeaders.DLQ_REASON)).isNull();
    assertThat(count(MetricNames.RETRIES, "type", "email", "tier", "5s")).isEqualTo(1);
  }

  @Test
  void secondAttemptGoesToTheSecondTierWithinJitterBounds() {
    nextRandom = 0.0;
    pipe("email", failureHeaders("job-lo", 2));
    nextRandom = 0.999999;
    pipe("email", failureHeaders("job-hi", 2));

    List<TestRecord<byte[], byte[]>> routed = out("jobs.email.retry.30s").readRecordsToList();
    assertThat(routed).hasSize(2);
    Instant low = JobHeaders.notBefore(routed.get(0).headers()).orElseThrow();
    Instant high = JobHeaders.notBefore(routed.get(1).headers()).orElseThrow();
    assertThat(low).isEqualTo(NOW.plusSeconds(24));
    assertThat(high).isBetween(NOW.plusMillis(35_999), NOW.plusSeconds(36));
  }

  @Test
  void failureMarkedTerminalByTheWorkerIsFatal() {
    Headers headers = failureHeaders("job-t", 1);
    JobHeaders.set(headers, JobHeaders.ERROR_RETRYABLE, "false");
    pipe("email", headers);

    List<TestRecord<byte[], byte[]>> dead = out("jobs.email.dlq").readRecordsToList();
    assertThat(dead).hasSize(1);
    assertKeeps(dead.get(0), headers);
    assertThat(JobHeaders.dlqReason(dead.get(0).headers())).contains(dev.jobpipe.schemas.DlqReason.FATAL);
    assertThat(out("jobs.email.retry.5s").isEmpty()).isTrue();
    assertThat(count(MetricNames.DEAD_LETTERS, "type", "email", "reason", "FATAL")).isEqualTo(1);
  }

  @Test
  void explicitRetryableTrueStillRetries() {
    Headers headers = failureHeaders("job-r", 1);
    JobHeaders.set(headers, JobHeaders.ERROR_RETRYABLE, "true");
    pipe("email", headers);
    assertThat(out("jobs.email.retry.5s").getQueueSize()).isEqualTo(1);
  }

  @Test
  void fatalErrorClassOfTheTypesPolicyIsFatal() {
    Headers headers = failureHeaders("img-1", 1);
    JobHeaders.set(headers, JobHeaders.ERROR_CLASS, "com.acme.BadImage");
    pipe("image", headers);

    List<TestRecord<byte[], byte[]>> dead = out("jobs.image.dlq").readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(JobHeaders.dlqReason(dead.get(0).headers())).contains(dev.jobpipe.schemas.DlqReason.FATAL);
    assertKeeps(dead.get(0), headers);
  }

  @Test
  void lastAttemptIsExhaustedWithAllHeaders() {
    Headers headers = failureHeaders("job-x", 4);
    pipe("email", headers);

    List<TestRecord<byte[], byte[]>> dead = out("jobs.email.dlq").readRecordsToList();
    assertThat(dead).hasSize(1);
    assertKeeps(dead.get(0), headers);
    assertThat(JobHeaders.dlqReason(dead.get(0).headers())).contains(dev.jobpipe.schemas.DlqReason.EXHAUSTED);
    assertThat(count(MetricNames.DEAD_LETTERS, "type", "email", "reason", "EXHAUSTED")).isEqualTo(1);
  }

  @Test
  void typePolicyDecidesTiersAndAttempts() {
    pipe("image", failureHeaders("img-2", 1));
    pipe("image", failureHeaders("img-3", 2));
    pipe("image", failureHeaders("img-4", 3));
    assertThat(out("jobs.image.retry.1s").getQueueSize()).isEqualTo(1);
    assertThat(out("jobs.image.retry.2s").getQueueSize()).isEqualTo(1);
    assertThat(JobHeaders.dlqReason(out("jobs.image.dlq").readRecord().headers()))
        .contains(dev.jobpipe.schemas.DlqReason.EXHAUSTED);
  }

  @Test
  void jobOlderThanTheExpiryIsExpired() {
    Headers headers = failureHeaders("img-old", 1);
    JobHeaders.set(headers, JobHeaders.ENQUEUED_AT, NOW.minus(Duration.ofHours(2)));
    pipe("image", headers);

    TestRecord<byte[], byte[]> dead = out("jobs.image.dlq").readRecord();
    assertThat(JobHeaders.dlqReason(dead.headers())).contains(dev.jobpipe.schemas.DlqReason.EXPIRED);
    assertKeeps(dead, headers);
  }

  @Test
  void duplicateFailureOfTheSameAttemptIsRoutedOnce() {
    pipe("email", failureHeaders("job-d", 1));
    clock.advance(Duration.ofMinutes(1));
    pipe("email", failureHeaders("job-d", 1));
    pipe("email", failureHeaders("job-d", 2));
    pipe("email", failureHeaders("job-other", 1));

    assertThat(out("jobs.email.retry.5s").getQueueSize()).as("job-d attempt 1 once, job-other once").isEqualTo(2);
    assertThat(out("jobs.email.retry.30s").getQueueSize()).as("a new attempt is not a duplicate").isEqualTo(1);
    assertThat(count(MetricNames.RETRIES, "type", "email", "tier", "5s")).isEqualTo(2);
  }

  @Test
  void sameJobIdOfAnotherTypeIsNotADuplicate() {
    pipe("email", failureHeaders("shared-id", 1));
    pipe("image", failureHeaders("shared-id", 1));
    assertThat(out("jobs.email.retry.5s").getQueueSize()).isEqualTo(1);
    assertThat(out("jobs.image.retry.1s").getQueueSize()).isEqualTo(1);
  }

  @Test
  void duplicateAfterTheWindowIsRoutedAgain() {
    pipe("email", failureHeaders("job-w", 1));
    clock.advance(Duration.ofMinutes(11));
    pipe("email", failureHeaders("job-w", 1));
    assertThat(out("jobs.email.retry.5s").getQueueSize()).isEqualTo(2);
  }

  @Test
  void failureWithoutJobIdIsDedupedByItsOrigin() {
    Headers first = failureHeaders("x", 1);
    first.remove(JobHeaders.JOB_ID);
    Headers again = failureHeaders("x", 1);
    again.remove(JobHeaders.JOB_ID);
    Headers otherOffset = failureHeaders("x", 1);
    otherOffset.remove(JobHeaders.JOB_ID);
    JobHeaders.set(otherOffset, JobHeaders.ORIGIN_OFFSET, 1235);
    pipe("email", first);
    pipe("email", again);
    pipe("email", otherOffset);
    assertThat(out("jobs.email.retry.5s").getQueueSize()).isEqualTo(2);
  }

  @Test
  void plainRecordWithNoHeadersIsAFirstAttemptAndRetries() {
    failed("email").pipeInput(new TestRecord<>(KEY, VALUE, new RecordHeaders(), NOW));
    TestRecord<byte[], byte[]> routed = out("jobs.email.retry.5s").readRecord();
    assertThat(routed.value()).isEqualTo(VALUE);
    assertThat(JobHeaders.notBefore(routed.headers())).isPresent();
  }

  @Test
  void nullValueIsRoutedAsIs() {
    failed("email").pipeInput(new TestRecord<>(KEY, null, failureHeaders("job-null", 1), NOW));
    TestRecord<byte[], byte[]> routed = out("jobs.email.retry.5s").readRecord();
    assertThat(routed.value()).isNull();
  }

  @Test
  void failedTopicOfAnInvalidTypeIsSkipped() {
    driver.createInputTopic("jobs.Bad Type.failed", new ByteArraySerializer(), new ByteArraySerializer())
        .pipeInput(new TestRecord<>(KEY, VALUE, failureHeaders("j", 1), NOW));
    List<String> outputs = new ArrayList<>(driver.producedTopicNames());
    assertThat(outputs).noneMatch(t -> t.startsWith("jobs."));
  }
}
