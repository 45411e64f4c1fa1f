package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reading what a scheduler keeps (for {@code jobpipe schedule list} and the console) never creates
 * its topics, although the embedded broker, like Kafka by default, creates topics a client asks for.
 */
@ExtendWith(JobpipeStackExtension.class)
class SchedulerReadsIT {

  @Test
  void readingTheJobsOfASchedulerThatNeverRanIsAClearErrorAndCreatesNoTopic(JobpipeStack stack) throws Exception {
    String applicationId = "never-ran-" + UUID.randomUUID();
    assertThatThrownBy(() -> PendingJobs.read(stack.clientProperties(), applicationId, null, null, Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no scheduler with application id " + applicationId);
    assertThatThrownBy(() -> PendingJobs.summary(stack.clientProperties(), applicationId, Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class);
    try (Admin admin = Admin.create(stack.clientProperties())) {
      assertThat(admin.listTopics().names().get()).doesNotContain(PendingJobs.changelogTopic(applicationId));
    }
  }
}
