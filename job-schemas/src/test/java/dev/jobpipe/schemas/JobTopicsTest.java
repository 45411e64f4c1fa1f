package dev.jobpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobTopicsTest {

  @Test
  void namesOfEveryRole() {
    JobTopics t = JobTopics.of("email.send");
    assertThat(t.done()).isEqualTo("jobs.email.send.done");
    assertThat(t.scheduled()).isEqualTo("jobs.email.send.scheduled");
    assertThat(t.control()).isEqualTo("jobs.email.send.control");
  }

  @Test
  void roleTopicsAreParsedBackToTheirType() {
    assertThat(JobTopics.typeOfDone("jobs.email.send.done")).contains("email.send");
    assertThat(JobTopics.typeOfDlq("jobs.email.send.dlq")).contains("email.send");
    assertThat(JobTopics.typeOfScheduled("jobs.a.scheduled")).contains("a");
    assertThat(JobTopics.typeOfControl("jobs.a.control")).contains("a");
    assertThat(JobTopics.typeOfRetry("jobs.a.retry.30s")).contains("a");
    assertThat(JobTopics.typeOfDone("jobs..done")).isEmpty();
    assertThat(JobTopics.typeOfDone("other.a.done")).isEmpty();
    assertThat(JobTopics.typeOfMain("jobs.a.done")).isEmpty();
    assertThat(JobTopics.typeOfMain("jobs.a.scheduled")).isEmpty();
    assertThat(JobTopics.typeOfMain("jobs.a.control")).isEmpty();
    assertThat(JobTopics.typeOfMain("jobs.a")).contains("a");
  }

  @Test
  void theEndedTopicsAreDoneDlqAndControl() {
    JobTopics t = JobTopics.of("email.send");
    assertThat(java.util.stream.Stream.of(t.done(), t.dlq(), t.control()))
        .allMatch(n -> JobTopics.ENDED_TOPICS.matcher(n).matches());
    assertThat(java.util.stream.Stream.of(t.main(), t.failed(), t.scheduled(), t.dlqReplayed(),
        t.retry(Duration.ofSeconds(5)))).noneMatch(n -> JobTopics.ENDED_TOPICS.matcher(n).matches());
  }

  @Test
  void controlKeysNameTheCancelledJob() {
    assertThat(JobTopics.cancelledJobId("cancel/job-1")).contains("job-1");
    assertThat(JobTopics.cancelledJobId("cancel/")).isEmpty();
    assertThat(JobTopics.cancelledJobId("paused")).isEmpty();
    assertThat(JobTopics.cancelledJobId(null)).isEmpty();
  }

  @Test
  void everyTopicOfTheDesignIsNamedHere() {
    JobTopics t = JobTopics.of("email.send");
    assertThat(t.main()).isEqualTo("jobs.email.send");
    assertThat(t.failed()).isEqualTo("jobs.email.send.failed");
    assertThat(t.retry(Duration.ofSeconds(30))).isEqualTo("jobs.email.send.retry.30s");
    assertThat(t.dlq()).isEqualTo("jobs.email.send.dlq");
    assertThat(t.dlqReplayed()).isEqualTo("jobs.email.send.dlq.replayed");
    assertThat(t.done()).isEqualTo("jobs.email.send.done");
    assertThat(t.scheduled()).isEqualTo("jobs.email.send.scheduled");
    assertThat(t.control()).isEqualTo("jobs.email.send.control");
    assertThat(JobTopics.CRON).isEqualTo("jobpipe.cron");
  }

  @Test
  void namesParseBackToTheirType() {
    JobTopics t = JobTopics.of("email.send");
    assertThat(JobTopics.typeOfMain(t.main())).contains("email.send");
    assertThat(JobTopics.typeOfFailed(t.failed())).contains("email.send");
    assertThat(JobTopics.typeOfDlqReplayed(t.dlqReplayed())).contains("email.send");
    for (String other : new String[] {t.failed(), t.dlq(), t.dlqReplayed(), t.done(), t.scheduled(), t.control(),
        t.retry(Duration.ofSeconds(5)), JobTopics.CRON}) {
      assertThat(JobTopics.typeOfMain(other)).as(other).isEmpty();
    }
    assertThat(JobTopics.typeOfDlqReplayed(t.dlq())).isEmpty();
  }

  @Test
  void anInvalidTypeIsRefusedNamingIt() {
    assertThatThrownBy(() -> JobTopics.of("Bad Type")).hasMessageContaining("invalid job type 'Bad Type'");
  }
}
