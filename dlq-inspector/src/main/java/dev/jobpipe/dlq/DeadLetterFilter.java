package dev.jobpipe.dlq;

import dev.jobpipe.schemas.DlqReason;
import java.time.Instant;
import java.util.Set;

/**
 * Which dead letters an operator means: by job id, reason, error class and failure time. Empty
 * criteria match everything; set criteria must all match. Immutable; build with the
 * {@code with*} methods starting from {@link #all()}.
 *
 * @param jobIds letters of these jobs; empty for any job
 * @param reason letters with this jobpipe reason; null for any (foreign letters have none)
 * @param errorClass letters whose error class is this fully-qualified or simple name; null for any
 * @param since failed at or after; null for no lower bound
 * @param until failed strictly before; null for no upper bound
 */
public record DeadLetterFilter(Set<String> jobIds, DlqReason reason, String errorClass, Instant since, Instant until) {

  private static final DeadLetterFilter ALL = new DeadLetterFilter(Set.of(), null, null, null, null);

  public DeadLetterFilter {
    jobIds = Set.copyOf(jobIds);
    if (errorClass != null && errorClass.isBlank()) {
      throw new IllegalArgumentException("error class must not be blank");
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
    }
  }

  /** Matches every letter. */
  public static DeadLetterFilter all() {
    return ALL;
  }

  public DeadLetterFilter withJobIds(Set<String> ids) {
    return new DeadLetterFilter(ids, reason, errorClass, since, until);
  }

  public DeadLetterFilter withReason(DlqReason r) {
    return new DeadLetterFilter(jobIds, r, errorClass, since, until);
  }

  public DeadLetterFilter withErrorClass(String name) {
    return new DeadLetterFilter(jobIds, reason, name == null ? null : name.strip(), since, until);
  }

  public DeadLetterFilter withSince(Instant t) {
    return new DeadLetterFilter(jobIds, reason, errorClass, t, until);
  }

  public DeadLetterFilter withUntil(Instant t) {
    return new DeadLetterFilter(jobIds, reason, errorClass, since, t);
  }

  /** Whether {@code letter} meets every criterion set. */
  public boolean matches(DeadLetter letter) {
    if (!jobIds.isEmpty() && !jobIds.contains(letter.jobId())) {
      return false;
    }
    if (reason != null && reason != letter.reason()) {
      return false;
    }
    if (errorClass != null && !errorClassMatches(letter.errorClass())) {
      return false;
    }
    if (since != null && letter.failedAt().isBefore(since)) {
      return false;
    }
    return until == null || letter.failedAt().isBefore(until);
  }

  /** Fully-qualified names match exactly; a name without a package matches the simple name. */
  private boolean errorClassMatches(String actual) {
    if (actual == null) {
      return false;
    }
    if (actual.equals(errorClass)) {
      return true;
    }
    return errorClass.indexOf('.') < 0 && simpleName(actual).equals(errorClass);
  }

  /** {@code a.b.Outer$Inner} is {@code Inner}. */
  public static String simpleName(String className) {
    int cut = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
    return className.substring(cut + 1);
  }

  /** Whether this filter selects everything. */
  public boolean isAll() {
    return equals(ALL);
  }
}
