package com.example.signup;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.TerminalJobException;

// tag::handler[]
/** Runs the signup.welcome jobs: one welcome e-mail each. */
public final class WelcomeEmailHandler implements JobHandler<WelcomeEmail> {
  private final Mailer mailer;

  /** The one {@code jobpipe worker --handler com.example.signup.WelcomeEmailHandler} creates (see the Dockerfile). */
  public WelcomeEmailHandler() {
    this(Mailer.STDOUT);
  }

  public WelcomeEmailHandler(Mailer mailer) {
    this.mailer = mailer;
  }

  @Override
  public void handle(Job<WelcomeEmail> job) throws Exception {
    WelcomeEmail email = job.payload();
    if (!email.getTo().contains("@")) {
      throw new TerminalJobException("not an e-mail address: " + email.getTo()); // dead letter, no retry
    }
    mailer.send(email.getTo(), "Welcome, " + email.getName(), "Thanks for signing up.");
    // any other exception (SMTP down, ...) is retried on the delay tiers
  }
}
// end::handler[]
