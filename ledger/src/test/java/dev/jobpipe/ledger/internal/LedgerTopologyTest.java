package dev.jobpipe.ledger.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.ledger.JobDone;
import dev.jobpipe.schemas.ledger.JobDoneCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topology on the test driver: events of every input topic fold into the jobs store, index and retention follow. */
class LedgerTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void start(Duration retention) {
    start(retention, JobLedgerConfig.DEFAULT_TYPES);
  }

  private void start(Duration retention, String types) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(LedgerTopology.build(2, retention, Duration.ofSeconds(1),
        Pattern.compile(types), Clock.fixed(T0, ZoneOffset.UTC), new LedgerMetrics(meters)), props, T0);
  }

  private TestInputTopic<byte[], byte[]> topic(String name) {
    return driver.createInputTopic(name, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
  }

  private static Headers headers(String id, int attempt) {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, id);
    JobHeaders.set(h, JobHeaders.ATTEMPT, attempt);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, T0.toEpochMilli());
    return h;
  }

  private KeyValueStore<String, JobView> jobs() {
    return driver.getKeyValueStore(LedgerTopology.JOBS_STORE);
  }

  private List<String> indexKeys() {
    KeyValueStore<String, byte[]> index = driver.getKeyValueStore(LedgerTopology.INDEX_STORE);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = index.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  @Test
  void everyInputTopicFoldsIntoOneStatePerJob() {
    start(Duration.ofDays(7));
    topic("jobs.email").pipeInput(new TestRecord<>("k1".getBytes(UTF_8), new byte[] {0, 1}, headers("a", 1), T0));
    topic("jobs.email").pipeInput(new TestRecord<>("k2".getBytes(UTF_8), new byte[] {0, 1}, headers("b", 1), T0));
    Headers failed = headers("b", 1);
    JobHeaders.set(failed, JobHeaders.ERROR_CLASS, "java.io.IOException");
    JobHeaders.set(failed, JobHeaders.ERROR_MESSAGE, "smtp down");
    topic("jobs.email.failed").pipeInput(new TestRecord<>("k2".getBytes(UTF_8), new byte[] {0, 1}, failed, T0));
    Headers dead = new RecordHeaders(failed.toArray());
    JobHeaders.set(dead, JobHeaders.DLQ_REASON, "FATAL");
    topic("jobs.email.dlq").pipeInput(new TestRecord<>("k2".getBytes(UTF_8), new byte[] {0, 1}, dead, T0));
    byte[] done = JobDoneCodec.encode(new JobDone(1, T0.plusSeconds(1).toEpochMilli(), 5L, "w", "42"));
    topic("jobs.email.done").pipeInput(new TestRecord<>("a".getBytes(UTF_8), done, headers("a", 1), T0));
    // neither an input nor a job: ignored
    topic("jobs.email.dlq.replayed").pipeInput(new TestRecord<>("x".getBytes(UTF_8), new byte[] {1}, new RecordHeaders(), T0));

    JobView a = jobs().get("a");
    assertThat(a.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(a.result()).isEqualTo("42");
    assertThat(a.key()).isEqualTo("k1");
    JobView b = jobs().get("b");
    assertThat(b.state()).isEqualTo(JobState.DEAD);
    assertThat(b.dlqReason()).isEqualTo("FATAL");
    assertThat(b.error()).isEqualTo("smtp down");
    assertThat(indexKeys()).hasSize(2 * 2 + 2).anyMatch(k -> k.startsWith("t/email/")).anyMatch(k -> k.startsWith("x/"));
  }

  @Test
  void aLedgerFollowingSomeTypesFoldsOnlyTheirEvents() {
    start(Duration.ofDays(7), "email|report\\..+");
    topic("jobs.email").pipeInput(new TestRecord<>(null, new byte[] {0}, headers("a", 1), T0));
    // subscribed (the pattern cannot tell type "email.send" from type "email" with role "send"), not folded
    topic("jobs.email.send").pipeInput(new TestRecord<>(null, new byte[] {0}, headers("b", 1), T0));
    byte[] done = JobDoneCodec.encode(new JobDone(1, T0.toEpochMilli(), 2L, "w", null));
    topic("jobs.report.monthly.done").pipeInput(new TestRecord<>("c".getBytes(UTF_8), done, headers("c", 1), T0));
    assertThat(jobs().get("a").type()).isEqualTo("email");
    assertThat(jobs().get("b")).isNull();
    assertThat(jobs().get("c").state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(JobTopics.allTopicsOf(Pattern.compile("email|report\\..+")).matcher("jobs.image.done").matches())
        .isFalse();
  }

  @Test
  void aJobFromAPlainClientIsKnownByItsDerivedId() {
    start(Duration.ofDays(7));
    topic("jobs.plain").pipeInput(new TestRecord<>(null, new byte[] {0, 1}, new RecordHeaders(), T0));
    JobView view = jobs().get("jobs.plain-0-0");
    assertThat(view).isNotNull();
    assertThat(view.state()).isEqualTo(JobState.ENQUEUED);
    assertThat(view.enqueuedAt()).isEqualTo(T0);
  }

  @Test
  void retentionDeletesJobsLongTerminalWithTheirIndexKeys() {
    start(Duration.ofMinutes(1));
    byte[] done = JobDoneCodec.encode(new JobDone(1, T0.minusSeconds(120).toEpochMilli(), 5L, "w", null));
    topic("jobs.email.done").pipeInput(new TestRecord<>("old".getBytes(UTF_8), done, headers("old", 1), T0));
    byte[] recent = JobDoneCodec.encode(new JobDone(1, T0.minusSeconds(10).toEpochMilli(), 5L, "w", null));
    topic("jobs.email.done").pipeInput(new TestRecord<>("new".getBytes(UTF_8), recent, headers("new", 1), T0));
    topic("jobs.email").pipeInput(new TestRecord<>(null, new byte[] {0}, headers("pending", 1), T0));
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertThat(jobs().get("old")).isNull();
    assertThat(jobs().get("new")).isNotNull();
    assertThat(jobs().get("pending")).as("a job that never finished is kept").isNotNull();
    assertThat(indexKeys()).noneMatch(k -> k.endsWith("/old"));
    assertThat(meters.find("jobpipe.ledger.expired").counter().count()).isEqualTo(1);
  }

  @Test
  void eventsThatChangeNothingAreCountedAsIgnored() {
    start(Duration.ofDays(7));
    topic("jobs.email").pipeInput(new TestRecord<>(null, new byte[] {0}, headers("a", 1), T0));
    topic("jobs.email").pipeInput(new TestRecord<>(null, new byte[] {0}, headers("a", 1), T0));
    assertThat(meters.find("jobpipe.ledger.events").tag("outcome", "applied").counter().count()).isEqualTo(1);
    assertThat(meters.find("jobpipe.ledger.events").tag("outcome", "ignored").counter().count()).isEqualTo(1);
  }

}
