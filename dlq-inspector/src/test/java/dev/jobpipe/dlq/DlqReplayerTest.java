package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DlqReplayerTest {

  private static final String DLQ = "jobs.email.dlq";
  private static final String LOG = "jobs.email.dlq.replayed";
  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

  /** The replay log as a set the test feeds from the producer's history. */
  static final class MemoryReplayLog implements ReplayLog {
    final Set<String> entries = new HashSet<>();
    int ensured;

    @Override
    public String topic() {
      return LOG;
    }

    @Override
    public Set<String> replayed() {
      return Set.copyOf(entries);
    }

    @Override
    public void ensureExists() {
      ensured++;
    }

    void absorb(List<ProducerRecord<byte[], byte[]>> history) {
      history.stream().filter(r -> r.topic().equals(LOG))
          .forEach(r -> entries.add(new String(r.key(), StandardCharsets.UTF_8)));
    }
  }

  private final FakeTime time = new FakeTime();
  private final MemoryReplayLog replayLog = new MemoryReplayLog();
  private InMemoryTopicLog dlq;
  private MockProducer<byte[], byte[]> producer;

  @BeforeEach
  void seed() {
    dlq = new InMemoryTopicLog(DLQ, 2);
    for (int n = 0; n < 6; n++) {
      dlq.add(Records.letter(DLQ, n % 2, n / 2, T.plusSeconds(n), "job-" + n,
          n == 5 ? DlqReason.FATAL : DlqReason.EXHAUSTED, "a.Boom"));
    }
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private DlqReplayer replayer(SchemaCheck check, int batchSize) {
    return DlqReplayer.builder("email").reader(new DeadLetterReader(dlq, 2)).replayLog(replayLog)
        .schemaCheck(check).producer(producer).batchSize(batchSize).clock(time).sleeper(time).build();
  }

  private DlqReplayer replayer() {
    return replayer(SchemaCheck.NONE, 500);
  }

  private List<ProducerRecord<byte[], byte[]>> sent(String topic) {
    return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
  }

  @Test
  void replaysSelectedLettersAsFreshAttemptsThenLogsThem() throws Exception {
    ReplayReport report = replayer().replay(
        DeadLetterFilter.all().withReason(DlqReason.EXHAUSTED), ReplayOptions.defaults(), ReplayListener.NONE);

    List<ProducerRecord<byte[], byte[]>> jobs = sent("jobs.email");
    assertThat(jobs).hasSize(5);
    ProducerRecord<byte[], byte[]> first = jobs.get(0);
    assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("key-job-0");
    assertThat(first.value()).isEqualTo(Records.wire(7, "job-0"));
    assertThat(JobHeaders.jobId(first.headers())).contains("job-0");
    assertThat(JobHeaders.attempt(first.headers())).isEqualTo(1);
    assertThat(JobHeaders.string(first.headers(), JobHeaders.REPLAY_OF)).contains("0-0");
    assertThat(JobHeaders.instant(first.headers(), JobHeaders.ENQUEUED_AT)).contains(time.instant());
    assertThat(first.headers().lastHeader(JobHeaders.DLQ_REASON)).isNull();
    assertThat(first.partition()).isNull();

    assertThat(sent(LOG)).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly("0-0", "0-1", "0-2", "1-0", "1-1");
    assertThat(new String(sent(LOG).get(0).value(), StandardCharsets.UTF_8))
        .contains("\"jobId\":\"job-0\"", "\"dlq\":\"jobs.email.dlq-0-0\"", "\"replayedTo\":\"jobs.email-0-");
    assertThat(producer.history().indexOf(sent(LOG).get(0))).isGreaterThan(producer.history().indexOf(jobs.get(4)));
    assertThat(replayLog.ensured).isEqualTo(1);
    assertThat(report.replayed()).extracting(ReplayReport.Entry::jobId)
        .containsExactly("job-0", "job-2", "job-4", "job-1", "job-3");
    assertThat(report.replayed().get(0).detail()).startsWith("jobs.email-0-");
    assertThat(report.alreadyReplayed()).isEmpty();
    assertThat(report.dryRun()).isFalse();
  }

  @Test
  void copiesOfALetterReplayOneJobPerOrigin() throws Exception {
    // a crashed worker dead-lettered job-0 and job-1 again: same origin and attempt, later offsets
    dlq.add(Records.copyAt(Records.letter(DLQ, 0, 0, T, "job-0", DlqReason.EXHAUSTED, "a.Boom"), 0, 3, T.plusSeconds(9)));
    dlq.add(Records.copyAt(Records.letter(DLQ, 1, 0, T, "job-1", DlqReason.EXHAUSTED, "a.Boom"), 1, 3, T.plusSeconds(9)));

    ReplayReport report = replayer().replay(DeadLetterFilter.all(), ReplayOptions.defaults(), ReplayListener.NONE);

    assertThat(sent("jobs.email")).hasSize(6);
    assertThat(report.replayed()).extracting(ReplayReport.Entry::jobId).doesNotHaveDuplicates().hasSize(6);
    assertThat(report.copies()).extracting(ReplayReport.Entry::position).containsExactlyInAnyOrder("0-3", "1-3");
  }

  @Test
  void secondReplayOfTheSameLettersSendsNothing() throws Exception {
    replayer().replay(DeadLetterFilter.all(), ReplayOptions.defaults(), ReplayListener.NONE);
    replayLog.absorb(producer.history());
    producer.clear();

    List<String> skipped = new ArrayList<>();
    ReplayReport again = replayer().replay(DeadLetterFilter.all(), ReplayOptions.defaults(), new ReplayListener() {
      @Override
      public void skipped(DeadLetter letter, String why) {
        skipped.add(letter.jobId() + ": " + why);
      }
    });

    assertThat(producer.history()).isEmpty();
    assertThat(again.replayed()).isEmpty();
    assertThat(again.alreadyReplayed()).hasSize(6);
    assertThat(skipped).hasSize(6).allMatch(s -> s.contains("already replayed"));
  }

  @Test
  void forceReplaysAgain() throws Exception {
    replayer().replay(DeadLetterFilter.all(), ReplayOptions.defaults(), ReplayListener.NONE);
    replayLog.absorb(producer.history());
    producer.clear();

    ReplayReport forced = replayer().replay(DeadLetterFilter.all().withJobIds(Set.of("job-3")),
        new ReplayOptions(false, true, RateLimit.UNLIMITED), ReplayListener.NONE);

    assertThat(sent("jobs.email")).hasSize(1);
    assertThat(sent(LOG)).hasSize(1);
    assertThat(forced.replayed()).extracting(ReplayReport.Entry::position).containsExactly("1-1");
  }

  @Test
  void dryRunSendsNothingNotEvenTheLog() throws Exception {
    List<String> planned = new ArrayList<>();
    ReplayReport report = replayer().replay(DeadLetterFilter.all(), new ReplayOptions(true, false, RateLimit.UNLIMITED),
        new ReplayListener() {
          @Override
          public void replayed(DeadLetter letter, RecordMetadata target) {
            planned.add(letter.jobId() + (target == null ? "" : "!"));
          }
        });

    assertThat(producer.history()).isEmpty();
    assertThat(replayLog.ensured).isZero();
    assertThat(report.dryRun()).isTrue();
    assertThat(report.replayed()).hasSize(6).allMatch(e -> e.detail() == null);
    assertThat(planned).containsExactly("job-0", "job-2", "job-4", "job-1", "job-3", "job-5");
  }

  @Test
  void dryRunStillHonoursTheReplayLog() throws Exception {
    replayLog.entries.add("0-1");
    ReplayReport report = replayer().replay(DeadLetterFilter.all(), new ReplayOptions(true, false, RateLimit.UNLIMITED),
        ReplayListener.NONE);
    assertThat(report.replayed()).hasSize(5);
    assertThat(report.alreadyReplayed()).extracting(ReplayReport.Entry::jobId).containsExactly("job-2");
  }

  @Test
  void lettersThatNoLongerFitAreSkippedAndListed() throws Exception {
    SchemaCheck check = value -> new String(value, StandardCharsets.UTF_8).endsWith("job-4")
        ? Optional.of("writer schema id 7 cannot be read") : Optional.empty();
    ReplayReport report = replayer(check, 500).replay(DeadLetterFilter.all(), ReplayOptions.defaults(), ReplayListener.NONE);

    assertThat(sent("jobs.email")).hasSize(5);
    assertThat(sent(LOG)).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).doesNotContain("0-2");
    assertThat(report.unfit()).containsExactly(new ReplayReport.Entry("job-4", "0-2", "writer schema id 7 cannot be read"));
  }

  @Test
  void unknownJobIdSendsNothing() {
    assertThatThrownBy(() -> replayer().replay(DeadLetterFilter.all().withJobIds(Set.of("job-1", "nope", "nada")),
        ReplayOptions.defaults(), ReplayListener.NONE))
        .isInstanceOf(DlqException.class)
        .hasMessage("no dead letter with job id nada, nope in jobs.email.dlq: nothing was replayed");
    assertThat(producer.history()).isEmpty();
    assertThat(replayLog.ensured).isZero();
  }

  @Test
  void aFailedSendIsNeverLoggedAndStopsTheReplay() {
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (record.topic().equals("jobs.email") && JobHeaders.jobId(record.headers()).orElseThrow().equals("job-2")) {
          super.send(record, callback);
          return CompletableFuture.failedFuture(new NotEnoughReplicasException("not enough replicas"));
        }
        return super.send(record, callback);
      }
    };

    assertThatThrownBy(() -> replayer(SchemaCheck.NONE, 2).replay(DeadLetterFilter.all(), ReplayOptions.defaults(),
        ReplayListener.NONE))
        .isInstanceOf(DlqException.class)
        .hasMessage("replay stopped: sending job job-2 (DLQ 0-1) to jobs.email failed: not enough replicas; "
            + "1 job(s) were replayed and logged before");
    assertThat(sent(LOG)).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("0-0");
  }

  @Test
  void logEntriesAreWrittenOnlyAfterTheJobsWereAcknowledged() throws Exception {
    List<Future<RecordMetadata>> jobs = new ArrayList<>();
    List<Boolean> jobsDoneWhenLogged = new ArrayList<>();
    producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (record.topic().equals(LOG)) {
          jobsDoneWhenLogged.add(jobs.stream().allMatch(Future::isDone));
          return super.send(record, callback);
        }
        Future<RecordMetadata> f = super.send(record, callback);
        jobs.add(f);
        return f;
      }
    };

    replayer(SchemaCheck.NONE, 4).replay(DeadLetterFilter.all(), ReplayOptions.defaults(), ReplayListener.NONE);

    assertThat(jobs).hasSize(6);
    assertThat(jobsDoneWhenLogged).hasSize(6).containsOnly(true);
  }

  @Test
  void rateLimitPacesSends() throws Exception {
    replayer().replay(DeadLetterFilter.all(), new ReplayOptions(false, false, RateLimit.parse("10/s")), ReplayListener.NONE);
    assertThat(time.sleeps).hasSize(5).containsOnly(Duration.ofMillis(100));
  }

  @Test
  void progressEndsAtTheTotal() throws Exception {
    List<long[]> progress = new ArrayList<>();
    replayer().replay(DeadLetterFilter.all().withReason(DlqReason.FATAL), ReplayOptions.defaults(), new ReplayListener() {
      @Override
      public void progress(long done, long total) {
        progress.add(new long[] {done, total});
      }
    });
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1)).containsExactly(6, 6);
    assertThat(progress).allMatch(p -> p[0] <= p[1]);
  }

  @Test
  void builderRequiresEverything() {
    assertThatThrownBy(() -> DlqReplayer.builder("email").build()).isInstanceOf(NullPointerException.class)
        .hasMessage("reader");
    assertThatThrownBy(() -> DlqReplayer.builder("Bad Type")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DlqReplayer.builder("email").batchSize(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
