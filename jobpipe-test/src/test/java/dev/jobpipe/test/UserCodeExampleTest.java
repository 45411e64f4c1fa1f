package dev.jobpipe.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.jobs.EmailSend;
import org.junit.jupiter.api.Test;

/**
 * The typed API as a user's code calls it (a handler class and its test),
 * compiled and run inside the build. The README shows the example projects under examples/ instead
 * (e2e ReadmeSnippetsTest).
 */
class UserCodeExampleTest {

  public static final class SendEmail implements JobHandler<EmailSend> {
    @Override
    public void handle(Job<EmailSend> job) throws Exception {
      if (job.payload().getTo().isBlank()) {
        throw new TerminalJobException("no recipient");   // dead letter, never retried
      }
      // send it; any other exception is retried on the delay tiers
    }
  }

  @Test
  void handlerTest() {
    JobHandlerTester<EmailSend> tester = JobHandlerTester.of("email.send", EmailSend.class, new SendEmail());
    EmailSend email = EmailSend.newBuilder().setTo("a@example.com").setSubject("hi").setBody("...").build();

    assertThat(tester.run(email).succeeded()).isTrue();
    JobOutcome noRecipient = tester.job(EmailSend.newBuilder(email).setTo(" ").build()).attempt(2).run();
    assertThat(noRecipient).isInstanceOf(JobOutcome.DeadLettered.class);
    assertThat(((JobOutcome.DeadLettered) noRecipient).reason()).isEqualTo(DlqReason.FATAL);
  }
}
