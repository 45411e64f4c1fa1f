package dev.jobpipe.examples;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.RetryableJobException;
import dev.jobpipe.schemas.jobs.EmailSend;
import java.util.function.Consumer;

/**
 * Demo handler of {@code email.send}: recipients at {@code flaky.example} fail their first attempt
 * (a transient SMTP error), recipients at {@code bounce.invalid} always fail and end as
 * {@code EXHAUSTED} dead letters; everything else is sent.
 */
public final class EmailSendHandler implements JobHandler<EmailSend> {
  public static final String FLAKY_DOMAIN = "@flaky.example";
  public static final String BOUNCE_DOMAIN = "@bounce.invalid";

  private final Consumer<Job<?>> onSuccess;

  public EmailSendHandler() {
    this(null);
  }

  public EmailSendHandler(Consumer<Job<?>> onSuccess) {
    this.onSuccess = DemoBehaviour.orNoListener(onSuccess);
  }

  @Override
  public void handle(Job<EmailSend> job) throws Exception {
    String to = job.payload().getTo();
    DemoBehaviour.simulateIo(job);
    if (to.endsWith(BOUNCE_DOMAIN)) {
      throw new RetryableJobException("SMTP 550 5.1.1 mailbox unavailable: " + to);
    }
    if (to.endsWith(FLAKY_DOMAIN) && job.attempt() == 1) {
      throw new RetryableJobException("SMTP 421 4.7.0 try again later");
    }
    onSuccess.accept(job);
  }
}
