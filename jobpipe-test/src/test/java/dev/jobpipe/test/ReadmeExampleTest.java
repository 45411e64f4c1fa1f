package dev.jobpipe.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.Ordering;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.jobs.EmailSend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The code of the README's "Use it in your service": compiled and run here, and the README must
 * show exactly the tagged regions of this file, so it never shows code that does not build.
 */
class ReadmeExampleTest {

  // tag::handler[]
  public static final class SendEmail implements JobHandler<EmailSend> {
    @Override
    public void handle(Job<EmailSend> job) throws Exception {
      if (job.payload().getTo().isBlank()) {
        throw new TerminalJobException("no recipient");   // dead letter, never retried
      }
      // send it; any other exception is retried on the delay tiers
    }
  }
  // end::handler[]

  static JobWorker worker() {
    // tag::worker[]
    JobWorker worker = JobWorker.builder("email.send", EmailSend.class, new SendEmail())
        .bootstrapServers("localhost:9092")
        .schemaRegistryUrl("http://localhost:8081")
        .concurrency(32)
        .ordering(Ordering.KEY)
        .jobTimeout(Duration.ofSeconds(30))
        .build();
    worker.start();          // ... and on shutdown: worker.close() drains, commits, leaves the group
    // end::worker[]
    return worker;
  }

  @Test
  void handlerTest() {
    // tag::test[]
    JobHandlerTester<EmailSend> tester = JobHandlerTester.of("email.send", EmailSend.class, new SendEmail());
    EmailSend email = EmailSend.newBuilder().setTo("a@example.com").setSubject("hi").setBody("...").build();

    assertThat(tester.run(email).succeeded()).isTrue();
    JobOutcome noRecipient = tester.job(EmailSend.newBuilder(email).setTo(" ").build()).attempt(2).run();
    assertThat(noRecipient).isInstanceOf(JobOutcome.DeadLettered.class);
    assertThat(((JobOutcome.DeadLettered) noRecipient).reason()).isEqualTo(DlqReason.FATAL);
    // end::test[]
  }

  @Test
  void theReadmeShowsTheseRegionsVerbatim() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/jobpipe/test/ReadmeExampleTest.java"));
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> missing = new ArrayList<>();
    Matcher tags = Pattern.compile("// tag::(\\w+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]", Pattern.DOTALL).matcher(source);
    int regions = 0;
    while (tags.find()) {
      regions++;
      if (!readme.contains(dedent(tags.group(2)))) {
        missing.add(tags.group(1));
      }
    }
    assertThat(regions).isEqualTo(3);
    assertThat(missing).as("README regions that differ from ReadmeExampleTest (copy them again)").isEmpty();
  }

  private static String dedent(String region) {
    List<String> lines = region.lines().toList();
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList());
  }
}
