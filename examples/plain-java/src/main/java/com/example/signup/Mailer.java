package com.example.signup;

/** Sends e-mail; the real one talks SMTP, tests pass their own. */
@FunctionalInterface
public interface Mailer {
  /** Prints each mail: the stand-in for an SMTP client in this example. */
  Mailer STDOUT = (to, subject, body) -> System.out.println("mail to " + to + ": " + subject);

  void send(String to, String subject, String body) throws Exception;
}
