package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.schemas.DlqReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterReaderTest {

  private static final String TOPIC = "jobs.email.dlq";
  private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

  /** 3 partitions; letter n lands in partition n % 3 at time T0 + n minutes; every 4th is FATAL. */
  private static InMemoryTopicLog log(int letters) {
    InMemoryTopicLog log = new InMemoryTopicLog(TOPIC, 3);
    long[] next = new long[3];
    for (int n = 0; n < letters; n++) {
      int p = n % 3;
      log.add(Records.letter(TOPIC, p, next[p]++, T0.plusSeconds(60L * n), "job-" + n,
          n % 4 == 0 ? DlqReason.FATAL : DlqReason.EXHAUSTED, n % 2 == 0 ? "a.Even" : "a.Odd"));
    }
    return log;
  }

  @Test
  void newestFirstMergesPartitionsByTime() {
    DeadLetterReader reader = new DeadLetterReader(log(30), 4);
    List<DeadLetter> top = reader.newestFirst(DeadLetterFilter.all(), 5);
    assertThat(top).extracting(DeadLetter::jobId).containsExactly("job-29", "job-28", "job-27", "job-26", "job-25");
  }

  @Test
  void newestFirstWithALimitReadsOnlyTheTail() {
    InMemoryTopicLog log = log(3000);
    DeadLetterReader reader = new DeadLetterReader(log, 50);
    assertThat(reader.newestFirst(DeadLetterFilter.all(), 10)).hasSize(10);
    assertThat(log.recordsRead).isLessThanOrEqualTo(3 * 50);
  }

  @Test
  void newestFirstAppliesTheFilterBeforeTheLimit() {
    DeadLetterReader reader = new DeadLetterReader(log(30), 2);
    List<DeadLetter> fatal = reader.newestFirst(DeadLetterFilter.all().withReason(DlqReason.FATAL), 100);
    assertThat(fatal).extracting(DeadLetter::jobId)
        .containsExactly("job-28", "job-24", "job-20", "job-16", "job-12", "job-8", "job-4", "job-0");
  }

  @Test
  void byOffsetGoesPartitionByPartition() {
    DeadLetterReader reader = new DeadLetterReader(log(9), 2);
    assertThat(reader.byOffset(DeadLetterFilter.all(), 100)).extracting(DeadLetter::position)
        .containsExactly("0-0", "0-1", "0-2", "1-0", "1-1", "1-2", "2-0", "2-1", "2-2");
    assertThat(reader.byOffset(DeadLetterFilter.all().withErrorClass("Odd"), 2)).extracting(DeadLetter::jobId)
        .containsExactly("job-3", "job-1");
  }

  @Test
  void byOffsetStopsReadingAtTheLimit() {
    InMemoryTopicLog log = log(3000);
    new DeadLetterReader(log, 10).byOffset(DeadLetterFilter.all(), 5);
    assertThat(log.reads).isEqualTo(1);
  }

  @Test
  void scanSkipsDeletedOffsets() {
    InMemoryTopicLog log = log(9).deleteBefore(0, 2);
    List<String> seen = new ArrayList<>();
    new DeadLetterReader(log, 2).scan(DeadLetterFilter.all(), l -> seen.add(l.position()));
    assertThat(seen).containsExactly("0-2", "1-0", "1-1", "1-2", "2-0", "2-1", "2-2");
  }

  @Test
  void atReadsOneLetter() {
    DeadLetterReader reader = new DeadLetterReader(log(9), 100);
    assertThat(reader.at(1, 2).jobId()).isEqualTo("job-7");
  }

  @Test
  void atOutsideThePartitionSaysWhatItHolds() {
    DeadLetterReader reader = new DeadLetterReader(log(9).deleteBefore(0, 1), 100);
    assertThatThrownBy(() -> reader.at(0, 3)).isInstanceOf(DlqException.class)
        .hasMessage("offset 3 is not in jobs.email.dlq partition 0 (holds offsets 1 to 2)");
    assertThatThrownBy(() -> reader.at(0, 0)).isInstanceOf(DlqException.class).hasMessageContaining("holds offsets 1 to 2");
    assertThatThrownBy(() -> reader.at(7, 0)).isInstanceOf(DlqException.class)
        .hasMessage("jobs.email.dlq has no partition 7 (partitions: [0, 1, 2])");
  }

  @Test
  void atInEmptyPartition() {
    DeadLetterReader reader = new DeadLetterReader(new InMemoryTopicLog(TOPIC, 1), 100);
    assertThatThrownBy(() -> reader.at(0, 0)).hasMessageContaining("the partition is empty");
  }

  @Test
  void byJobIdFindsEveryLetterOfTheJob() {
    InMemoryTopicLog log = log(6);
    log.add(Records.letter(TOPIC, 0, 2, T0.plusSeconds(3600), "job-1", DlqReason.EXHAUSTED, "a.X"));
    DeadLetterReader reader = new DeadLetterReader(log, 100);
    assertThat(reader.byJobId("job-1")).extracting(DeadLetter::position).containsExactly("0-2", "1-0");
  }

  @Test
  void unknownJobId() {
    DeadLetterReader reader = new DeadLetterReader(log(6), 100);
    assertThatThrownBy(() -> reader.byJobId("nope")).isInstanceOf(DlqException.class)
        .hasMessage("no dead letter with job id nope in jobs.email.dlq");
  }

  @Test
  void missingTopic() {
    DeadLetterReader reader = new DeadLetterReader(new InMemoryTopicLog(TOPIC, 0), 100);
    assertThatThrownBy(() -> reader.newestFirst(DeadLetterFilter.all(), 5))
        .isInstanceOf(DlqException.class).hasMessage("topic jobs.email.dlq does not exist");
  }

  @Test
  void rejectsBadLimitsAndChunks() {
    assertThatThrownBy(() -> new DeadLetterReader(log(1), 0)).isInstanceOf(IllegalArgumentException.class);
    DeadLetterReader reader = new DeadLetterReader(log(1), 1);
    assertThatThrownBy(() -> reader.newestFirst(DeadLetterFilter.all(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader.byOffset(DeadLetterFilter.all(), -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void collapsedListsShowTheFirstCopyOfEachOriginAndCountTheRest() {
    InMemoryTopicLog log = new InMemoryTopicLog("jobs.x.dlq", 2);
    Instant t = Instant.parse("2024-05-01T10:00:00Z");
    var a = Records.letter("jobs.x.dlq", 0, 0, t, "a", DlqReason.FATAL, "a.Npe");
    var b = Records.letter("jobs.x.dlq", 1, 0, t.plusSeconds(1), "b", DlqReason.FATAL, "a.Npe");
    log.add(a);
    log.add(b);
    log.add(Records.copyAt(a, 0, 1, t.plusSeconds(5)));
    log.add(Records.copyAt(b, 1, 1, t.plusSeconds(6)));
    log.add(Records.copyAt(b, 1, 2, t.plusSeconds(7)));
    DeadLetterReader reader = new DeadLetterReader(log, 2);

    LetterCopies newest = new LetterCopies();
    assertThat(reader.newestFirst(DeadLetterFilter.all(), 10, newest)).extracting(DeadLetter::position)
        .containsExactly("1-0", "0-0");
    assertThat(newest.hidden()).isEqualTo(3);
    LetterCopies byOffset = new LetterCopies();
    List<DeadLetter> shown = reader.byOffset(DeadLetterFilter.all(), 1, byOffset);
    assertThat(shown).extracting(DeadLetter::position).containsExactly("0-0");
    assertThat(reader.newestFirst(DeadLetterFilter.all(), 1, new LetterCopies())).extracting(DeadLetter::jobId)
        .containsExactly("b");
    assertThat(reader.newestFirst(DeadLetterFilter.all(), 5)).as("the raw view keeps every copy").hasSize(5);
  }

  @Test
  void lettersWithoutOriginAreNeverCopies() {
    LetterCopies copies = new LetterCopies();
    InMemoryTopicLog log = new InMemoryTopicLog("jobs.x.dlq", 1);
    log.add(Records.record("jobs.x.dlq", 0, 0, Instant.EPOCH, null, null, new RecordHeaders()));
    log.add(Records.record("jobs.x.dlq", 0, 1, Instant.EPOCH, null, null, new RecordHeaders()));
    assertThat(new DeadLetterReader(log, 10).byOffset(DeadLetterFilter.all(), 10, copies)).hasSize(2);
    assertThat(copies.hidden()).isZero();
  }
}
