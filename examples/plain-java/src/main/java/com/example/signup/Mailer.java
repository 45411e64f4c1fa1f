package com.example.signup;

/** Sends e-mail; the real one talks SMTP, tests pass their own. */
@FunctionalInterface
public interface Mailer {
  void send(String to, String subject, String body) throws Exception;
}
