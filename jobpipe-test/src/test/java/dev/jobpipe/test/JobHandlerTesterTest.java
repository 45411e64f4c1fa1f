package dev.jobpipe.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.consumer.ExceptionClassifier;
import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.RetryableJobException;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.router.RetryPolicy;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JobHandlerTesterTest {

  private static final EmailSend EMAIL = EmailSend.newBuilder().setTo("a@example.com").setSubject("s").setBody("b").build();

  /** Fails according to the recipient: the handler under test. */
  static final class SendEmail implements JobHandler<EmailSend> {
    final List<Job<EmailSend>> seen = new CopyOnWriteArrayList<>();

    @Override
    public void handle(Job<EmailSend> job) throws Exception {
      seen.add(job);
      switch (job.payload().getTo()) {
        case "busy@example.com" -> throw new RetryableJobException("smtp busy");
        case "nobody@example.com" -> throw new TerminalJobException("no such mailbox");
        case "io@example.com" -> throw new UncheckedIOException(new java.io.IOException("disk"));
        default -> { }
      }
    }
  }

  private final SendEmail handler = new SendEmail();
  private final JobHandlerTester<EmailSend> tester = JobHandlerTester.of("email.send", EmailSend.class, handler);

  private static EmailSend to(String recipient) {
    return EmailSend.newBuilder(EMAIL).setTo(recipient).build();
  }

  @Test
  void aReturningHandlerSucceedsAndSeesTheJobAsAWorkerBuildsIt() {
    JobOutcome outcome = tester.job(EMAIL).attempt(2).jobId("job-1").key("k").header("traceparent",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").run();
    assertThat(outcome).isInstanceOf(JobOutcome.Succeeded.class);
    assertThat(outcome.succeeded()).isTrue();
    Job<EmailSend> job = handler.seen.get(0);
    assertThat(job.id()).isEqualTo("job-1");
    assertThat(job.type()).isEqualTo("email.send");
    assertThat(job.attempt()).isEqualTo(2);
    assertThat(job.key()).contains("k");
    assertThat(job.topic()).isEqualTo("jobs.email.send");
    assertThat(job.trace()).isPresent();
    assertThat(job.payload()).isEqualTo(EMAIL).isNotSameAs(EMAIL);
  }

  @Test
  void aRetryableFailureGoesToTheTierOfItsAttempt() {
    JobOutcome first = tester.run(to("busy@example.com"));
    assertThat(first).isEqualTo(new JobOutcome.Retried(Duration.ofSeconds(5), 2, ((JobOutcome.Retried) first).error()));
    JobOutcome third = tester.job(to("busy@example.com")).attempt(3).run();
    assertThat(((JobOutcome.Retried) third).tier()).isEqualTo(Duration.ofMinutes(5));
    assertThat(((JobOutcome.Retried) third).nextAttempt()).isEqualTo(4);
  }

  @Test
  void theLastAttemptIsExhaustedAndAShorterPolicyExhaustsSooner() {
    JobOutcome last = tester.job(to("busy@example.com")).attempt(4).run();
    assertThat(last).isInstanceOf(JobOutcome.DeadLettered.class);
    assertThat(((JobOutcome.DeadLettered) last).reason()).isEqualTo(DlqReason.EXHAUSTED);
    JobOutcome once = tester.withRetryPolicy(RetryPolicy.ofTiers(List.of(Duration.ofSeconds(1))))
        .job(to("busy@example.com")).attempt(2).run();
    assertThat(((JobOutcome.DeadLettered) once).reason()).isEqualTo(DlqReason.EXHAUSTED);
  }

  @Test
  void terminalFailuresAreFatalWhateverTheirAttempt() {
    JobOutcome outcome = tester.run(to("nobody@example.com"));
    assertThat(outcome).isInstanceOf(JobOutcome.DeadLettered.class);
    JobOutcome.DeadLettered dead = (JobOutcome.DeadLettered) outcome;
    assertThat(dead.reason()).isEqualTo(DlqReason.FATAL);
    assertThat(dead.error()).isInstanceOf(TerminalJobException.class).hasMessage("no such mailbox");
  }

  @Test
  void theWorkersClassifierAndThePolicysFatalExceptionsDecideAsInThePipeline() {
    assertThat(tester.run(to("io@example.com"))).isInstanceOf(JobOutcome.Retried.class);
    JobOutcome classified = tester.withClassifier(ExceptionClassifier.builder().terminal(UncheckedIOException.class).build())
        .run(to("io@example.com"));
    assertThat(((JobOutcome.DeadLettered) classified).reason()).isEqualTo(DlqReason.FATAL);
    // the policy's list is matched against the error class the worker wrote on the failed record
    RetryPolicy fatalIo = RetryPolicy.defaults().withFatalExceptions(Set.of("java.io.UncheckedIOException"));
    JobOutcome byPolicy = tester.withRetryPolicy(fatalIo).run(to("io@example.com"));
    assertThat(((JobOutcome.DeadLettered) byPolicy).reason()).isEqualTo(DlqReason.FATAL);
    assertThat(((JobOutcome.DeadLettered) byPolicy).detail()).contains("java.io.UncheckedIOException");
  }

  @Test
  void anExpiredJobIsDeadLetteredAsExpired() {
    Clock now = Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);
    JobOutcome outcome = tester.withClock(now).withRetryPolicy(RetryPolicy.defaults().withExpiry(Duration.ofHours(1)))
        .job(to("busy@example.com")).enqueuedAt(Instant.parse("2026-01-01T00:00:00Z")).run();
    assertThat(((JobOutcome.DeadLettered) outcome).reason()).isEqualTo(DlqReason.EXPIRED);
  }

  @Test
  void aJsonPayloadIsReadWithTheGeneratedClassesSchema() {
    assertThat(tester.runJson("{\"to\": \"json@example.com\", \"subject\": \"s\", \"body\": \"b\"}").succeeded()).isTrue();
    assertThat(handler.seen.get(0).payload().getTo()).isEqualTo("json@example.com");
    assertThatThrownBy(() -> tester.runJson("{\"to\": 5}")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void aLambdaWithItsPayloadClassWorksAndAMistypedOneIsRejectedAtOnce() {
    List<String> sizes = new CopyOnWriteArrayList<>();
    JobHandlerTester<ImageResize> images = JobHandlerTester.of("image.resize", ImageResize.class,
        job -> sizes.add(job.payload().getWidth() + "x" + job.payload().getHeight()));
    assertThat(images.run(ImageResize.newBuilder().setImageUrl("u").setWidth(3).setHeight(4).build()).succeeded()).isTrue();
    assertThat(sizes).containsExactly("3x4");
    @SuppressWarnings({"unchecked", "rawtypes"})
    JobHandler<ImageResize> mistyped = (JobHandler) new SendEmail();
    assertThatThrownBy(() -> JobHandlerTester.of("image.resize", ImageResize.class, mistyped))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EmailSend.class.getName());
  }

  @Test
  void genericRecordHandlersGetTheWritersSchema() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    JobHandlerTester<GenericRecord> generic = JobHandlerTester.of("email.send", GenericRecord.class,
        job -> seen.add(job.payload().get("to")));
    GenericRecord record = new org.apache.avro.generic.GenericData.Record(EmailSend.getClassSchema());
    record.put("to", "g@example.com");
    record.put("subject", "s");
    record.put("body", "b");
    assertThat(generic.run(record).succeeded()).isTrue();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).toString()).isEqualTo("g@example.com");
  }

  @Test
  void anAssertionFailingInsideTheHandlerFailsTheTestNotTheJob() {
    JobHandlerTester<EmailSend> asserting = JobHandlerTester.of("email.send", EmailSend.class, job -> {
      throw new AssertionError("expected another subject");
    });
    assertThatThrownBy(() -> asserting.run(EMAIL)).isInstanceOf(AssertionError.class);
  }

  @Test
  void aPayloadThatDoesNotFitItsSchemaFailsAtOnce() {
    EmailSend broken = new EmailSend();
    assertThatThrownBy(() -> tester.run(broken)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(EmailSend.getClassSchema().getFullName());
    assertThat(Optional.of(handler.seen)).get().asList().isEmpty();
  }
}
