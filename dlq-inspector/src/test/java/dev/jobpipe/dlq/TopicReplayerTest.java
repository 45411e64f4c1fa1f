package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.JobHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicReplayerTest {

  private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
  private final FakeTime time = new FakeTime();
  private InMemoryTopicLog source;
  private MockProducer<byte[], byte[]> producer;

  /** jobs.x with 2 partitions of 10 records each; record i of a partition at T0 + i minutes. */
  @BeforeEach
  void seed() {
    source = new InMemoryTopicLog("jobs.x", 2);
    for (int p = 0; p < 2; p++) {
      for (int i = 0; i < 10; i++) {
        Headers h = new RecordHeaders();
        JobHeaders.set(h, JobHeaders.JOB_ID, "job-" + p + "-" + i);
        h.add("traceparent", "tp".getBytes(StandardCharsets.UTF_8));
        source.add(Records.record("jobs.x", p, i, T0.plusSeconds(60L * i),
            ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + p + i).getBytes(StandardCharsets.UTF_8), h));
      }
    }
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private TopicReplayer replayer(int batch) {
    return new TopicReplayer(source, producer, batch, time, time);
  }

  @Test
  void rangeByOffsetsIsHalfOpen() {
    TopicRange r = replayer(10).range(new LogPosition.Offset(2), new LogPosition.Offset(5), null);
    assertThat(r.partitions()).isEqualTo(Map.of(0, new OffsetRange(2, 5), 1, new OffsetRange(2, 5)));
    assertThat(r.size()).isEqualTo(6);
  }

  @Test
  void rangeByTimesAndOpenEnd() {
    TopicRange r = replayer(10).range(new LogPosition.Time(T0.plusSeconds(450)), null, 1);
    assertThat(r.partitions()).isEqualTo(Map.of(1, new OffsetRange(8, 10)));
    assertThat(r.toString()).isEqualTo("jobs.x [1: 8..10)");
  }

  @Test
  void rangeRejectsBackwardsBoundsAndUnknownPartitions() {
    TopicReplayer replayer = replayer(10);
    assertThatThrownBy(() -> replayer.range(new LogPosition.Offset(5), new LogPosition.Offset(5), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--from offset 5 must be below --to offset 5");
    assertThatThrownBy(() -> replayer.range(new LogPosition.Time(T0.plusSeconds(1)), new LogPosition.Time(T0), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--from");
    assertThatThrownBy(() -> replayer.range(new LogPosition.Offset(0), null, 4))
        .isInstanceOf(DlqException.class).hasMessage("jobs.x has no partition 4 (partitions: [0, 1])");
  }

  @Test
  void replayKeepsKeyValueAndHeadersAndMarksTheSource() throws Exception {
    TopicReplayer replayer = replayer(3);
    TopicRange r = replayer.range(new LogPosition.Offset(8), null, null);
    long n = replayer.replay(r, "jobs.y", false, RateLimit.UNLIMITED, ProgressListener.NONE);

    assertThat(n).isEqualTo(4);
    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).hasSize(4).allMatch(x -> x.topic().equals("jobs.y"));
    ProducerRecord<byte[], byte[]> first = sent.get(0);
    assertThat(first.key()).isEqualTo("k8".getBytes(StandardCharsets.UTF_8));
    assertThat(first.value()).isEqualTo("v08".getBytes(StandardCharsets.UTF_8));
    assertThat(JobHeaders.jobId(first.headers())).contains("job-0-8");
    assertThat(JobHeaders.string(first.headers(), "traceparent")).contains("tp");
    assertThat(JobHeaders.string(first.headers(), JobHeaders.REPLAY_OF)).contains("jobs.x-0-8");
    assertThat(sent).extracting(x -> JobHeaders.string(x.headers(), JobHeaders.REPLAY_OF).orElseThrow())
        .containsExactly("jobs.x-0-8", "jobs.x-0-9", "jobs.x-1-8", "jobs.x-1-9");
  }

  @Test
  void aPreviousReplayOfIsReplacedNotDuplicated() throws Exception {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.REPLAY_OF, "jobs.old-0-1");
    source.add(Records.record("jobs.x", 0, 10, T0.plusSeconds(3600), null, null, h));
    TopicReplayer replayer = replayer(10);
    replayer.replay(replayer.range(new LogPosition.Offset(10), null, 0), "jobs.x", false, RateLimit.UNLIMITED,
        ProgressListener.NONE);
    Headers out = producer.history().get(0).headers();
    assertThat(out.headers(JobHeaders.REPLAY_OF)).hasSize(1);
    assertThat(JobHeaders.string(out, JobHeaders.REPLAY_OF)).contains("jobs.x-0-10");
    assertThat(producer.history().get(0).value()).isNull();
  }

  @Test
  void dryRunCountsAndSendsNothing() throws Exception {
    TopicReplayer replayer = replayer(4);
    long n = replayer.replay(replayer.range(new LogPosition.Offset(0), null, null), "jobs.x", true,
        RateLimit.parse("1/s"), ProgressListener.NONE);
    assertThat(n).isEqualTo(20);
    assertThat(producer.history()).isEmpty();
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void rateAndProgress() throws Exception {
    List<Long> done = new ArrayList<>();
    TopicReplayer replayer = replayer(2);
    replayer.replay(replayer.range(new LogPosition.Offset(6), null, 0), "jobs.x", false, RateLimit.parse("4/s"),
        (d, total) -> {
          assertThat(total).isEqualTo(4);
          done.add(d);
        });
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250));
    assertThat(done).containsExactly(2L, 4L);
  }

  @Test
  void aFailedSendStopsWithWhereToResume() {
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (JobHeaders.jobId(record.headers()).orElseThrow().equals("job-1-3")) {
          return CompletableFuture.failedFuture(new RecordTooLargeException("too large"));
        }
        return super.send(record, callback);
      }
    };
    TopicReplayer replayer = replayer(10);
    assertThatThrownBy(() -> replayer.replay(replayer.range(new LogPosition.Offset(0), null, null), "jobs.y", false,
        RateLimit.UNLIMITED, ProgressListener.NONE))
        .isInstanceOf(DlqException.class)
        .hasMessage("replay stopped: sending jobs.x-1-3 to jobs.y failed: too large; resume with --partition 1 --from 3");
  }

  @Test
  void rejectsBadBatch() {
    assertThatThrownBy(() -> new TopicReplayer(source, producer, 0, time)).isInstanceOf(IllegalArgumentException.class);
  }
}
