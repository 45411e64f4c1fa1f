package dev.jobpipe.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.dlq.internal.LetterNormalizer;
import dev.jobpipe.schemas.DlqReason;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
  private final DeadLetter letter = LetterNormalizer.normalize(
      Records.letter("jobs.email.dlq", 0, 4, T, "job-1", DlqReason.EXHAUSTED, "com.acme.mail.SmtpException"));
  private final DeadLetter foreign = LetterNormalizer.normalize(
      Records.record("jobs.email.dlq", 0, 5, T, null, null, new RecordHeaders()));

  @Test
  void allMatchesEverything() {
    assertThat(DeadLetterFilter.all().matches(letter)).isTrue();
    assertThat(DeadLetterFilter.all().matches(foreign)).isTrue();
    assertThat(DeadLetterFilter.all().isAll()).isTrue();
  }

  @Test
  void jobIds() {
    assertThat(DeadLetterFilter.all().withJobIds(Set.of("job-1", "job-2")).matches(letter)).isTrue();
    assertThat(DeadLetterFilter.all().withJobIds(Set.of("job-2")).matches(letter)).isFalse();
  }

  @Test
  void reasonMatchesOnlyLettersWithThatReason() {
    assertThat(DeadLetterFilter.all().withReason(DlqReason.EXHAUSTED).matches(letter)).isTrue();
    assertThat(DeadLetterFilter.all().withReason(DlqReason.FATAL).matches(letter)).isFalse();
    assertThat(DeadLetterFilter.all().withReason(DlqReason.EXHAUSTED).matches(foreign)).isFalse();
  }

  @Test
  void errorClassByFullOrSimpleName() {
    assertThat(DeadLetterFilter.all().withErrorClass("com.acme.mail.SmtpException").matches(letter)).isTrue();
    assertThat(DeadLetterFilter.all().withErrorClass("SmtpException").matches(letter)).isTrue();
    assertThat(DeadLetterFilter.all().withErrorClass("other.SmtpException").matches(letter)).isFalse();
    assertThat(DeadLetterFilter.all().withErrorClass("Smtp").matches(letter)).isFalse();
    assertThat(DeadLetterFilter.all().withErrorClass("SmtpException").matches(foreign)).isFalse();
  }

  @Test
  void simpleNameOfNestedClass() {
    assertThat(DeadLetterFilter.simpleName("a.b.Outer$Inner")).isEqualTo("Inner");
    assertThat(DeadLetterFilter.simpleName("Plain")).isEqualTo("Plain");
  }

  @Test
  void sinceIsInclusiveUntilExclusive() {
    assertThat(DeadLetterFilter.all().withSince(T).matches(letter)).isTrue();
    assertThat(DeadLetterFilter.all().withSince(T.plusMillis(1)).matches(letter)).isFalse();
    assertThat(DeadLetterFilter.all().withUntil(T).matches(letter)).isFalse();
    assertThat(DeadLetterFilter.all().withUntil(T.plusMillis(1)).matches(letter)).isTrue();
  }

  @Test
  void criteriaCombine() {
    DeadLetterFilter f = DeadLetterFilter.all().withReason(DlqReason.EXHAUSTED).withErrorClass("SmtpException")
        .withSince(T.minusSeconds(1)).withUntil(T.plusSeconds(1));
    assertThat(f.matches(letter)).isTrue();
    assertThat(f.withReason(DlqReason.FATAL).matches(letter)).isFalse();
    assertThat(f.isAll()).isFalse();
  }

  @Test
  void sinceMustBeBeforeUntil() {
    assertThatThrownBy(() -> DeadLetterFilter.all().withSince(T).withUntil(T))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("since").hasMessageContaining("until");
  }

  @Test
  void blankErrorClassIsRejected() {
    assertThatThrownBy(() -> DeadLetterFilter.all().withErrorClass(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
