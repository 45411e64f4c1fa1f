package dev.jobpipe.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.scheduler.CronSchedule;
import dev.jobpipe.scheduler.MisfirePolicy;
import dev.jobpipe.scheduler.OverlapPolicy;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTopologyTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final byte[] VALUE = {0, 0, 0, 0, 1, 2, 3};

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> scheduled;
  private TestInputTopic<byte[], byte[]> cron;
  private TestOutputTopic<byte[], byte[]> main;

  @BeforeEach
  void setUp() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scheduler-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(SchedulerTopology.build("scheduler-test", new SchedulerMetrics(registry), 3,
        Duration.ofSeconds(60)), props, T0);
    scheduled = driver.createInputTopic("jobs.t.scheduled", new ByteArraySerializer(), new ByteArraySerializer());
    cron = driver.createInputTopic("jobpipe.cron", new ByteArraySerializer(), new ByteArraySerializer());
    main = driver.createOutputTopic("jobs.t", new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void schedule(String id, Instant due, String orderingKey) {
    schedule(id, due, orderingKey, T0);
  }

  /** Schedules {@code id}, written at {@code writtenAt} (the record timestamp). */
  private void schedule(String id, Instant due, String orderingKey, Instant writtenAt) {
    RecordHeaders headers = new RecordHeaders();
    JobHeaders.set(headers, JobHeaders.JOB_ID, id);
    JobHeaders.set(headers, JobHeaders.NOT_BEFORE, due);
    headers.add("tenant", "acme".getBytes(StandardCharsets.UTF_8));
    if (orderingKey != null) {
      JobHeaders.set(headers, JobHeaders.ORDERING_KEY, orderingKey);
    }
    scheduled.pipeInput(new TestRecord<>(bytes(id), VALUE, headers, writtenAt));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void advance(Duration d) {
    driver.advanceWallClockTime(d);
  }

  private List<String> forwardedIds() {
    return main.readRecordsToList().stream()
        .map(r -> JobHeaders.jobId(r.headers()).orElseThrow()).toList();
  }

  private double pending() {
    var gauge = registry.find(MetricNames.SCHEDULER_PENDING).tag("type", "t").gauge();
    return gauge == null ? 0 : gauge.value();
  }

  @Test
  void forwardsAtTheDueTimeNeverBeforeWithKeyHeadersAndValueUnchanged() {
    schedule("a", T0.plusSeconds(5), "customer-1");
    assertThat(pending()).isEqualTo(1);
    advance(Duration.ofMillis(4_990));
    assertThat(main.isEmpty()).isTrue();
    advance(Duration.ofMillis(20));

    TestRecord<byte[], byte[]> out = main.readRecord();
    assertThat(out.key()).isEqualTo(bytes("customer-1"));
    assertThat(out.value()).isEqualTo(VALUE);
    assertThat(JobHeaders.jobId(out.headers())).contains("a");
    assertThat(JobHeaders.string(out.headers(), "tenant")).contains("acme");
    assertThat(JobHeaders.notBefore(out.headers())).contains(T0.plusSeconds(5));
    assertThat(out.timestamp()).isGreaterThanOrEqualTo(T0.plusSeconds(5).toEpochMilli());
    assertThat(pending()).isZero();
    advance(Duration.ofSeconds(10));
    assertThat(main.isEmpty()).as("forwarded once").isTrue();
  }

  @Test
  void aDueJobGoesOutAtTheFirstCheckAfterItsDueTimeNotAtATick() {
    schedule("odd", T0.plusMillis(5_003), null);
    advance(Duration.ofMillis(5_002));
    assertThat(main.isEmpty()).isTrue();
    advance(Duration.ofMillis(1));
    TestRecord<byte[], byte[]> out = main.readRecord();
    assertThat(out.timestamp()).isEqualTo(T0.plusMillis(5_003).toEpochMilli());
  }

  @Test
  void theJobIdIsTheKeyWithoutAnOrderingKeyAndAPlainClientsJobGetsItsIdHeader() {
    RecordHeaders headers = new RecordHeaders();
    JobHeaders.set(headers, JobHeaders.NOT_BEFORE, T0.plusSeconds(1));
    scheduled.pipeInput(new TestRecord<>(bytes("plain"), VALUE, headers, T0));
    advance(Duration.ofSeconds(2));
    TestRecord<byte[], byte[]> out = main.readRecord();
    assertThat(out.key()).isEqualTo(bytes("plain"));
    assertThat(JobHeaders.jobId(out.headers())).contains("plain");
  }

  @Test
  void forwardsInDueOrderAndDrainsABacklogInBatches() {
    schedule("late", T0.plusSeconds(3), null);
    schedule("early", T0.plusSeconds(1), null);
    for (int i = 0; i < 5; i++) {
      schedule("b" + i, T0.plusSeconds(2), null);
    }
    advance(Duration.ofSeconds(10));
    advance(Duration.ofMillis(10));
    advance(Duration.ofMillis(10));
    List<String> ids = forwardedIds();
    assertThat(ids).hasSize(7);
    assertThat(ids.getFirst()).isEqualTo("early");
    assertThat(ids.getLast()).isEqualTo("late");
  }

  @Test
  void aTombstoneCancelsAndALaterRecordReschedules() {
    schedule("c", T0.plusSeconds(5), null);
    scheduled.pipeInput(new TestRecord<>(bytes("c"), null, new RecordHeaders(), T0));
    schedule("r", T0.plusSeconds(5), null);
    schedule("r", T0.plusSeconds(20), null);
    assertThat(pending()).isEqualTo(1);
    advance(Duration.ofSeconds(10));
    assertThat(main.isEmpty()).isTrue();
    advance(Duration.ofSeconds(11));
    assertThat(forwardedIds()).containsExactly("r");
    // a tombstone after the forward, or for an unknown id, is harmless
    scheduled.pipeInput(new TestRecord<>(bytes("r"), null, new RecordHeaders(), T0));
    scheduled.pipeInput(new TestRecord<>(bytes("never-seen"), null, new RecordHeaders(), T0));
    assertThat(registry.find(MetricNames.SCHEDULER_CANCELS).tag("outcome", "not_pending").counter().count()).isEqualTo(2);
    assertThat(registry.find(MetricNames.SCHEDULER_CANCELS).tag("outcome", "cancelled").counter().count()).isEqualTo(1);
  }

  @Test
  void aJobAlreadyDueIsForwardedAtOnceWithItsLatenessRecorded() {
    schedule("past", T0.minusSeconds(30), null);
    assertThat(forwardedIds()).containsExactly("past");
    var timer = registry.find(MetricNames.SCHEDULER_FIRE_LATENESS).tag("type", "t").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.max(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThanOrEqualTo(30);
  }

  @Test
  void aTaskCatchingUpHonoursCancelsAndReschedulesWrittenBeforeTheDueTimesItReadsAfter() {
    // the task reads, 10 s late, what was written at T0..T0+4 s for T0+5 s
    advance(Duration.ofSeconds(10));
    schedule("cancelled", T0.plusSeconds(5), null, T0);
    scheduled.pipeInput(new TestRecord<>(bytes("cancelled"), null, new RecordHeaders(), T0.plusSeconds(1)));
    schedule("moved", T0.plusSeconds(5), null, T0.plusSeconds(2));
    schedule("moved", T0.plusSeconds(30), null, T0.plusSeconds(3));
    schedule("kept", T0.plusSeconds(5), null, T0.plusSeconds(4));
    advance(Duration.ofMillis(500));
    assertThat(main.isEmpty()).as("nothing goes out while the task may have more to read").isTrue();
    // nothing more to read for a second: the task is at the end of its input
    advance(Duration.ofMillis(500));
    assertThat(forwardedIds()).containsExactly("kept");
    advance(Duration.ofSeconds(20));
    assertThat(forwardedIds()).containsExactly("moved");
    advance(Duration.ofSeconds(10));
    assertThat(main.isEmpty()).as("each once").isTrue();
  }

  @Test
  void aTaskCatchingUpForwardsAJobOnceItHasReadARecordWrittenAfterItsDueTime() {
    advance(Duration.ofSeconds(10));
    schedule("due", T0.plusSeconds(5), null, T0);
    advance(Duration.ofMillis(100));
    assertThat(main.isEmpty()).isTrue();
    schedule("later", T0.plusSeconds(60), null, T0.plusSeconds(6));
    advance(Duration.ofMillis(1));
    assertThat(forwardedIds()).containsExactly("due");
  }

  private void define(CronSchedule schedule, Instant at) {
    cron.pipeInput(new TestRecord<>(bytes(schedule.name()), schedule.toJson(), new RecordHeaders(), at));
  }

  private static CronSchedule every(String name, Duration every, MisfirePolicy misfire) {
    return new CronSchedule(name, "t", null, every, ZoneId.of("UTC"), "{}", null, misfire, OverlapPolicy.ALLOW, true,
        VALUE);
  }

  @Test
  void aRecurringScheduleFiresOncePerFireTimeWithItsIdAndName() {
    define(every("tick", Duration.ofSeconds(10), MisfirePolicy.SKIP), T0);
    advance(Duration.ofSeconds(35));
    List<TestRecord<byte[], byte[]>> fires = main.readRecordsToList();
    // one punctuation saw all three due times within the grace: all fire on time
    assertThat(fires).extracting(r -> JobHeaders.jobId(r.headers()).orElseThrow()).containsExactly(
        "tick@2026-03-01T12:00:10Z", "tick@2026-03-01T12:00:20Z", "tick@2026-03-01T12:00:30Z");
    assertThat(fires).allSatisfy(r -> {
      assertThat(JobHeaders.string(r.headers(), JobHeaders.SCHEDULE_NAME)).contains("tick");
      assertThat(r.value()).isEqualTo(VALUE);
    });
    advance(Duration.ofSeconds(4));
    assertThat(main.isEmpty()).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(forwardedIds()).containsExactly("tick@2026-03-01T12:00:40Z");
  }

  @Test
  void misfiresFollowThePolicy() {
    define(every("skip", Duration.ofMinutes(1), MisfirePolicy.SKIP), T0);
    define(every("once", Duration.ofMinutes(1), MisfirePolicy.RUN_ONCE), T0);
    define(every("catch", Duration.ofMinutes(1), MisfirePolicy.parse("catch-up(2)")), T0);
    // ten minutes without punctuations, as if the scheduler was down; 12:10 is on time
    advance(Duration.ofMinutes(10).plusSeconds(30));
    List<String> ids = forwardedIds();
    assertThat(ids).filteredOn(id -> id.startsWith("skip@")).containsExactly("skip@2026-03-01T12:10:00Z");
    assertThat(ids).filteredOn(id -> id.startsWith("once@")).containsExactly("once@2026-03-01T12:10:00Z");
    assertThat(ids).filteredOn(id -> id.startsWith("catch@")).containsExactly(
        "catch@2026-03-01T12:08:00Z", "catch@2026-03-01T12:09:00Z", "catch@2026-03-01T12:10:00Z");
  }

  @Test
  void runOnceFiresTheLatestMissedTimeWhenNoneIsOnTime() {
    define(every("once", Duration.ofMinutes(10), MisfirePolicy.RUN_ONCE), T0);
    define(every("skip", Duration.ofMinutes(10), MisfirePolicy.SKIP), T0);
    advance(Duration.ofMinutes(25));
    assertThat(forwardedIds()).containsExactly("once@2026-03-01T12:20:00Z");
  }

  @Test
  void pausedSchedulesDoNotFireAndResumeWithoutCatchingUp() {
    CronSchedule tick = every("tick", Duration.ofSeconds(10), MisfirePolicy.parse("catch-up(100)"));
    define(tick, T0);
    define(tick.withEnabled(false), T0.plusSeconds(1));
    advance(Duration.ofSeconds(60));
    assertThat(main.isEmpty()).isTrue();
    define(tick, T0.plusSeconds(60));
    advance(Duration.ofSeconds(11));
    assertThat(forwardedIds()).containsExactly("tick@2026-03-01T12:01:10Z");
  }

  @Test
  void aScheduleDeletedBeforeAFireTimeIsNotFiredByATaskThatReadsTheDeleteLate() {
    // the task reads, 15 s late, a schedule defined at T0 and deleted at T0 + 9 s, before its fire time
    advance(Duration.ofSeconds(15));
    define(every("tick", Duration.ofSeconds(10), MisfirePolicy.RUN_ONCE), T0);
    advance(Duration.ofMillis(1)); // the stream thread looks at the clock before it has fetched the delete
    cron.pipeInput(new TestRecord<>(bytes("tick"), null, new RecordHeaders(), T0.plusSeconds(9)));
    advance(Duration.ofSeconds(30));
    assertThat(main.isEmpty()).isTrue();
  }

  @Test
  void aTaskCatchingUpFiresWhatIsDueOnceItHasReadAllItsInput() {
    advance(Duration.ofSeconds(15));
    define(every("tick", Duration.ofSeconds(10), MisfirePolicy.RUN_ONCE), T0);
    advance(Duration.ofMillis(500));
    assertThat(main.isEmpty()).isTrue();
    // a second with nothing to read: the task is at the end of its input
    advance(Duration.ofMillis(500));
    assertThat(forwardedIds()).containsExactly("tick@2026-03-01T12:00:10Z");
  }

  @Test
  void aDeletedScheduleStopsFiring() {
    define(every("tick", Duration.ofSeconds(10), MisfirePolicy.SKIP), T0);
    cron.pipeInput(new TestRecord<>(bytes("tick"), null, new RecordHeaders(), T0));
    advance(Duration.ofSeconds(30));
    assertThat(main.isEmpty()).isTrue();
  }

  private void ended(String topicSuffix, byte[] key, byte[] value, String jobIdHeader) {
    RecordHeaders headers = new RecordHeaders();
    if (jobIdHeader != null) {
      JobHeaders.set(headers, JobHeaders.JOB_ID, jobIdHeader);
    }
    driver.createInputTopic("jobs.t." + topicSuffix, new ByteArraySerializer(), new ByteArraySerializer())
        .pipeInput(new TestRecord<>(key, value, headers, T0));
  }

  @Test
  void aSkipScheduleFiresOnlyOnceItsPreviousFireEndedOnDoneDlqOrControl() {
    CronSchedule tick = new CronSchedule("tick", "t", null, Duration.ofSeconds(10), ZoneId.of("UTC"), "{}", null,
        MisfirePolicy.SKIP, OverlapPolicy.SKIP, true, VALUE);
    define(tick, T0);
    advance(Duration.ofSeconds(10));
    assertThat(forwardedIds()).containsExactly("tick@2026-03-01T12:00:10Z");
    advance(Duration.ofSeconds(10));
    assertThat(main.isEmpty()).as("12:00:20 skipped: the 12:00:10 fire has not ended").isTrue();
    assertThat(registry.find(MetricNames.CRON_FIRES).tag("outcome", "overlap_skipped").counter().count()).isEqualTo(1);

    // the end of another schedule's fire, or of an ordinary job, changes nothing
    ended("done", bytes("other@2026-03-01T12:00:10Z"), VALUE, "other@2026-03-01T12:00:10Z");
    ended("done", bytes("0190f5e2"), VALUE, "0190f5e2");
    advance(Duration.ofSeconds(10));
    assertThat(main.isEmpty()).isTrue();

    ended("done", bytes("tick@2026-03-01T12:00:10Z"), VALUE, "tick@2026-03-01T12:00:10Z");
    advance(Duration.ofSeconds(10));
    assertThat(forwardedIds()).containsExactly("tick@2026-03-01T12:00:40Z");
    // a dead letter keeps the job's own key; its id header names the fire
    ended("dlq", bytes("ordering-key"), VALUE, "tick@2026-03-01T12:00:40Z");
    advance(Duration.ofSeconds(10));
    assertThat(forwardedIds()).containsExactly("tick@2026-03-01T12:00:50Z");
    ended("control", bytes("cancel/tick@2026-03-01T12:00:50Z"), bytes("{}"), null);
    advance(Duration.ofSeconds(10));
    assertThat(forwardedIds()).containsExactly("tick@2026-03-01T12:01:00Z");
    // an end of an older fire does not release the newer one
    ended("done", bytes("tick@2026-03-01T12:00:50Z"), VALUE, "tick@2026-03-01T12:00:50Z");
    advance(Duration.ofSeconds(10));
    assertThat(main.isEmpty()).isTrue();
  }

  @Test
  void pauseAndResumeReleaseASkipScheduleWhoseFireNeverEnds() {
    CronSchedule tick = new CronSchedule("tick", "t", null, Duration.ofSeconds(10), ZoneId.of("UTC"), "{}", null,
        MisfirePolicy.parse("catch-up(5)"), OverlapPolicy.SKIP, true, VALUE);
    define(tick, T0);
    advance(Duration.ofSeconds(10));
    assertThat(forwardedIds()).hasSize(1);
    advance(Duration.ofSeconds(30));
    assertThat(main.isEmpty()).isTrue();
    define(tick.withEnabled(false), T0.plusSeconds(40));
    define(tick, T0.plusSeconds(41));
    advance(Duration.ofSeconds(10));
    assertThat(forwardedIds()).containsExactly("tick@2026-03-01T12:00:50Z");
  }

  @Test
  void aSkipScheduleCatchingUpFiresOnlyTheNewestMissedTime() {
    define(new CronSchedule("catch", "t", null, Duration.ofMinutes(1), ZoneId.of("UTC"), "{}", null,
        MisfirePolicy.parse("catch-up(3)"), OverlapPolicy.SKIP, true, VALUE), T0);
    advance(Duration.ofMinutes(10).plusSeconds(30));
    assertThat(forwardedIds()).containsExactly("catch@2026-03-01T12:10:00Z");
  }

  @Test
  void aDailyScheduleFiresOnceOnTheNightTheClocksGoBack() {
    // 2026-10-25 in Berlin: 02:30 happens twice (CEST, then CET); the topology fires the day once
    Instant start = Instant.parse("2026-10-24T22:00:00Z");
    restartAt(start);
    define(new CronSchedule("nightly", "t", "30 2 * * *", null, ZoneId.of("Europe/Berlin"), "{}", null,
        MisfirePolicy.SKIP, OverlapPolicy.ALLOW, true, VALUE), start);
    for (int i = 0; i < 6 * 30; i++) {
      advance(Duration.ofMinutes(10));
    }
    List<String> ids = forwardedIds();
    assertThat(ids).hasSize(2);
    assertThat(ids.get(0)).isIn("nightly@2026-10-25T00:30:00Z", "nightly@2026-10-25T01:30:00Z");
    assertThat(ids.get(1)).isEqualTo("nightly@2026-10-26T01:30:00Z");
  }

  @Test
  void aCatchUpAcrossTheNightTheClocksGoBackFiresTheRepeatedHourOnce() {
    // down from before the night of 2026-10-25 until after the next day's fire: catch-up(3) fires
    // the two missed days, the 25th at its first 02:30 only (the second one is not a fire time)
    Instant start = Instant.parse("2026-10-24T22:00:00Z");
    restartAt(start);
    define(new CronSchedule("nightly", "t", "30 2 * * *", null, ZoneId.of("Europe/Berlin"), "{}", null,
        MisfirePolicy.parse("catch-up(3)"), OverlapPolicy.ALLOW, true, VALUE), start);
    advance(Duration.ofSeconds(1));
    advance(Duration.between(start, Instant.parse("2026-10-26T03:00:00Z")));
    assertThat(forwardedIds()).containsExactly("nightly@2026-10-25T00:30:00Z", "nightly@2026-10-26T01:30:00Z");
  }

  @Test
  void withoutTheEndsOfJobsASkipScheduleFiresLikeAllowAndNoDoneTopicIsRead() {
    Topology topology = SchedulerTopology.build("scheduler-dst-test", new SchedulerMetrics(registry), 3,
        Duration.ofSeconds(60), false);
    assertThat(topology.describe().toString()).doesNotContain(JobTopics.ENDED_TOPICS.pattern());
    restartAt(T0, topology);
    define(new CronSchedule("tick", "t", null, Duration.ofSeconds(10), ZoneId.of("UTC"), "{}", null,
        MisfirePolicy.SKIP, OverlapPolicy.SKIP, true, VALUE), T0);
    for (int i = 0; i < 3; i++) {
      advance(Duration.ofSeconds(10));
    }
    assertThat(forwardedIds()).containsExactly(
        "tick@2026-03-01T12:00:10Z", "tick@2026-03-01T12:00:20Z", "tick@2026-03-01T12:00:30Z");
    assertThat(registry.find(MetricNames.CRON_FIRES).tag("outcome", "overlap_skipped").counter()).isNull();
  }

  /** A new driver whose wall clock starts at {@code start}. */
  private void restartAt(Instant start) {
    restartAt(start, SchedulerTopology.build("scheduler-dst-test", new SchedulerMetrics(registry), 3,
        Duration.ofSeconds(60)));
  }

  private void restartAt(Instant start, Topology topology) {
    driver.close();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scheduler-dst-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(topology, props, start);
    cron = driver.createInputTopic("jobpipe.cron", new ByteArraySerializer(), new ByteArraySerializer());
    main = driver.createOutputTopic("jobs.t", new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
