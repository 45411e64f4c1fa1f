package com.example.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.test.JobpipeExtension;
import dev.jobpipe.testkit.JobpipeStack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// tag::stack-test[]
/** The whole service on a real Kafka broker and Schema Registry, started by the extension. */
@ExtendWith(JobpipeExtension.class)
class SignupServiceTest {

  @Test
  void aSignUpSendsOneWelcomeEmail(JobpipeStack stack) {
    stack.createTopic("jobs." + SignupService.WELCOME, 3);
    List<String> sent = new CopyOnWriteArrayList<>();
    try (SignupService service = SignupService.start(stack.bootstrapServers(), stack.registryUrl(),
        (to, subject, body) -> sent.add(to + ": " + subject))) {
      service.signUp("ada@example.com", "Ada");
      await().atMost(Duration.ofSeconds(60)).until(() -> !sent.isEmpty());
    }
    assertThat(sent).containsExactly("ada@example.com: Welcome, Ada");
  }
}
// end::stack-test[]
