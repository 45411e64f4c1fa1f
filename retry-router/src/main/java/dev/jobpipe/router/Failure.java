package dev.jobpipe.router;

import dev.jobpipe.schemas.errors.CauseChain;
import dev.jobpipe.schemas.JobHeaders;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * What the router knows about one failed attempt, read from the headers the worker wrote on
 * {@code jobs.T.failed}; the payload is never decoded.
 *
 * @param type the job type, from the failed topic's name
 * @param attempt the attempt that failed (1-based; 1 when the header is missing)
 * @param jobId the job id, if the record carries one
 * @param enqueuedAt when the job was first published, if known
 * @param retryable the worker's classification: false only when it said so explicitly
 * @param errorClass the class of the last failure, if known
 * @param errorStack the (trimmed) stack of the last failure, whose {@code Caused by:} lines name the causes
 * @param causes the cause chain of the last failure as class names (see {@link CauseChain}): what
 *     the policy's fatal exceptions are matched against
 */
public record Failure(
    String type,
    int attempt,
    Optional<String> jobId,
    Optional<Instant> enqueuedAt,
    boolean retryable,
    Optional<String> errorClass,
    Optional<String> errorStack,
    CauseChain causes) {

  public Failure {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    Objects.requireNonNull(errorClass, "errorClass");
    Objects.requireNonNull(errorStack, "errorStack");
    Objects.requireNonNull(causes, "causes");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
  }

  /** A failure whose cause chain is read from {@code errorClass} and the stack's {@code Caused by:} lines. */
  public Failure(String type, int attempt, Optional<String> jobId, Optional<Instant> enqueuedAt, boolean retryable,
      Optional<String> errorClass, Optional<String> errorStack) {
    this(type, attempt, jobId, enqueuedAt, retryable, errorClass, errorStack,
        CauseChain.read(Optional.empty(), errorClass, errorStack));
  }

  /** Reads a failure of {@code type} from a failed record's headers. */
  public static Failure fromHeaders(String type, Headers headers) {
    boolean retryable = JobHeaders.string(headers, JobHeaders.ERROR_RETRYABLE)
        .map(v -> !v.trim().toLowerCase(Locale.ROOT).equals("false"))
        .orElse(true);
    return new Failure(
        type,
        JobHeaders.attempt(headers),
        JobHeaders.jobId(headers),
        JobHeaders.instant(headers, JobHeaders.ENQUEUED_AT),
        retryable,
        JobHeaders.string(headers, JobHeaders.ERROR_CLASS),
        JobHeaders.string(headers, JobHeaders.ERROR_STACK),
        CauseChain.fromHeaders(headers));
  }
}
