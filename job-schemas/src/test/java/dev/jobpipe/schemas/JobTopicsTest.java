package dev.jobpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

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
  void controlKeysNameTheCancelledJob() {
    assertThat(JobTopics.cancelledJobId("cancel/job-1")).contains("job-1");
    assertThat(JobTopics.cancelledJobId("cancel/")).isEmpty();
    assertThat(JobTopics.cancelledJobId("paused")).isEmpty();
    assertThat(JobTopics.cancelledJobId(null)).isEmpty();
  }

  @Test
  void derivedIdIsWhereTheJobWasRead() {
    assertThat(JobTopics.derivedJobId("jobs.a", 2, 17)).isEqualTo("jobs.a-2-17");
  }
}
