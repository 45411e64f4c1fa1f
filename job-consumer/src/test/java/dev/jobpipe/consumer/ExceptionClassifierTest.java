package dev.jobpipe.consumer;

import static dev.jobpipe.consumer.ExceptionClassifier.Classification.RETRYABLE;
import static dev.jobpipe.consumer.ExceptionClassifier.Classification.TERMINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExceptionClassifierTest {

  private final ExceptionClassifier defaults = ExceptionClassifier.defaults();

  @Test
  void markerTypesDecideAnywhereInTheCauseChain() {
    assertThat(defaults.classify(new TerminalJobException("x"))).isEqualTo(TERMINAL);
    assertThat(defaults.classify(new RuntimeException(new TerminalJobException("x")))).isEqualTo(TERMINAL);
    assertThat(defaults.classify(new RetryableJobException("x"))).isEqualTo(RETRYABLE);
    assertThat(defaults.classify(new JobTimeoutException("id", Duration.ofSeconds(1)))).isEqualTo(RETRYABLE);
  }

  @Test
  void defaultsTreatUnknownFailuresAsRetryableIncludingClassCast() {
    // A ClassCastException is the handler's own bug: the worker guarantees the payload's class.
    assertThat(defaults.table()).isEmpty();
    assertThat(defaults.classify(new IllegalStateException())).isEqualTo(RETRYABLE);
    assertThat(defaults.classify(new ClassCastException())).isEqualTo(RETRYABLE);
    assertThat(defaults.classify(new OutOfMemoryError())).isEqualTo(RETRYABLE);
  }

  @Test
  void tableMatchesSubclassesAndTheOutermostRecognisedExceptionWins() {
    ExceptionClassifier classifier = ExceptionClassifier.builder()
        .terminal(IOException.class)
        .retryable(FileNotFoundException.class)
        .build();
    assertThat(classifier.classify(new IOException())).isEqualTo(TERMINAL);
    assertThat(classifier.classify(new java.nio.file.NoSuchFileException("f"))).isEqualTo(TERMINAL);
    assertThat(classifier.classify(new FileNotFoundException())).isEqualTo(RETRYABLE);
    assertThat(classifier.classify(new UncheckedIOException(new IOException()))).isEqualTo(TERMINAL);
    // The marker type is outermost here, so it decides.
    assertThat(classifier.classify(new RetryableJobException(new IOException()))).isEqualTo(RETRYABLE);
  }

  @Test
  void fallbackAndClearReplaceTheDefaults() {
    ExceptionClassifier strict = ExceptionClassifier.builder().clear().fallback(TERMINAL).build();
    assertThat(strict.classify(new IllegalStateException())).isEqualTo(TERMINAL);
    assertThat(strict.classify(new ClassCastException())).isEqualTo(TERMINAL);
    assertThat(strict.classify(new RetryableJobException("x"))).isEqualTo(RETRYABLE);
    assertThat(strict.table()).isEmpty();
  }

  @Test
  void laterEntriesReplaceEarlierOnes() {
    ExceptionClassifier classifier = ExceptionClassifier.builder()
        .terminal(ClassCastException.class).retryable(ClassCastException.class).build();
    assertThat(classifier.classify(new ClassCastException())).isEqualTo(RETRYABLE);
  }

  @Test
  void cyclicCauseChainsTerminate() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(defaults.classify(a)).isEqualTo(RETRYABLE);
  }

  @Test
  void markerTypesCannotBeReclassified() {
    assertThatThrownBy(() -> ExceptionClassifier.builder().retryable(TerminalJobException.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marker");
    assertThatThrownBy(() -> ExceptionClassifier.builder().terminal(JobTimeoutException.class))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
