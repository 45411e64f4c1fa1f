package dev.jobpipe.consumer;

/**
 * Runs one job type: the only interface a handler author implements. Returning means success and
 * lets the worker commit past the job; throwing hands the job to {@code jobs.T.failed}, from where
 * the retry router retries it ({@link RetryableJobException}, and by default anything else) or
 * dead-letters it ({@link TerminalJobException}); see {@link ExceptionClassifier}.
 *
 * <p>The payload type is named when the worker is built,
 * {@code JobWorker.builder("email.send", EmailSend.class, handler)}: a generated Avro class makes
 * the worker decode into that class, resolving the writer's schema against it;
 * {@code GenericRecord.class} hands over a {@link org.apache.avro.generic.GenericRecord} with the
 * writer's schema. A class implementing {@code JobHandler<EmailSend>} may leave the type to its type
 * argument ({@link JobWorker#builder(String, JobHandler)}); a lambda cannot, since its type argument
 * is erased.
 *
 * <p>Handlers run concurrently on virtual threads, so an implementation must be thread-safe. A
 * handler that exceeds the job timeout is interrupted; it should let blocking calls throw
 * {@link InterruptedException} rather than swallow the interrupt.
 *
 * @param <T> the Avro payload type
 */
@FunctionalInterface
public interface JobHandler<T> {

  /** Runs {@code job}; throws to fail it. Called at least once per job, possibly more. */
  void handle(Job<T> job) throws Exception;
}
