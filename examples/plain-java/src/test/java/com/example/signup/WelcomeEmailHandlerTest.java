package com.example.signup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.test.JobHandlerTester;
import dev.jobpipe.test.JobOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handler in memory, no broker: what the pipeline would do with each outcome. */
class WelcomeEmailHandlerTest {
  private final List<String> sent = new ArrayList<>();

  // tag::test[]
  @Test
  void sendsTheEmailRetriesAMailOutageAndDeadLettersABadAddress() {
    JobHandlerTester<WelcomeEmail> tester = JobHandlerTester.of(SignupService.WELCOME, WelcomeEmail.class,
        new WelcomeEmailHandler((to, subject, body) -> sent.add(to)));

    assertThat(tester.run(WelcomeEmail.newBuilder().setTo("ada@example.com").setName("Ada").build()).succeeded()).isTrue();
    assertThat(sent).containsExactly("ada@example.com");

    JobOutcome badAddress = tester.run(WelcomeEmail.newBuilder().setTo("ada").setName("Ada").build());
    assertThat(badAddress).isInstanceOf(JobOutcome.DeadLettered.class);
    assertThat(((JobOutcome.DeadLettered) badAddress).reason()).isEqualTo(DlqReason.FATAL);
  }
  // end::test[]

  @Test
  void aMailServerOutageIsRetried() {
    JobHandlerTester<WelcomeEmail> tester = JobHandlerTester.of(SignupService.WELCOME, WelcomeEmail.class,
        new WelcomeEmailHandler((to, subject, body) -> {
          throw new IOException("SMTP 421 try again later");
        }));
    assertThat(tester.run(WelcomeEmail.newBuilder().setTo("ada@example.com").setName("Ada").build()))
        .isInstanceOf(JobOutcome.Retried.class);
  }
}
