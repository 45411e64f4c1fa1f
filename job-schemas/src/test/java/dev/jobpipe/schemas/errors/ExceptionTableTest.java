package dev.jobpipe.schemas.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.errors.ExceptionTable.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ExceptionTableTest {

  private static final ExceptionTable TABLE = ExceptionTable.builder()
      .put(IOException.class.getName(), Verdict.TERMINAL)
      .put(IllegalStateException.class.getName(), Verdict.RETRYABLE)
      .build();

  @Test
  void aChainHasEachCauseWithItsSuperclasses() {
    CauseChain chain = CauseChain.of(new UncheckedIOException(new java.io.FileNotFoundException("x")));
    assertThat(chain.links()).hasSize(2);
    assertThat(chain.links().get(1)).startsWith("java.io.FileNotFoundException", "java.io.IOException",
        "java.lang.Exception", "java.lang.Throwable");
  }

  @Test
  void theOutermostRecognisedCauseDecidesAndSuperclassesMatch() {
    assertThat(TABLE.classify(CauseChain.of(new RuntimeException(new java.io.FileNotFoundException()))))
        .contains(Verdict.TERMINAL);
    assertThat(TABLE.classify(CauseChain.of(new IllegalStateException(new IOException())))).contains(Verdict.RETRYABLE);
    assertThat(TABLE.classify(CauseChain.of(new RuntimeException()))).isEmpty();
    assertThat(TABLE.firstMatch(CauseChain.of(new RuntimeException(new java.io.FileNotFoundException()))))
        .contains("java.io.IOException");
  }

  @Test
  void pinnedEntriesWinOverOrdinaryOnes() {
    ExceptionTable table = ExceptionTable.builder().put("java.lang.RuntimeException", Verdict.RETRYABLE)
        .pin("java.lang.IllegalArgumentException", Verdict.TERMINAL).build();
    assertThat(table.classify(CauseChain.of(new NumberFormatException()))).contains(Verdict.TERMINAL);
  }

  @Test
  void aCyclicChainStops() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);
    assertThat(CauseChain.of(a).links()).hasSize(2);
  }

  @Test
  void theHeaderCarriesTheChainAndTheStackIsTheFallback() {
    Throwable failure = new RuntimeException(new java.io.FileNotFoundException("gone"));
    RecordHeaders headers = new RecordHeaders();
    JobHeaders.set(headers, JobHeaders.ERROR_CAUSES, CauseChain.of(failure).headerValue());
    assertThat(CauseChain.fromHeaders(headers)).isEqualTo(CauseChain.of(failure));

    StringWriter stack = new StringWriter();
    failure.printStackTrace(new PrintWriter(stack));
    CauseChain fromStack = CauseChain.read(Optional.empty(), Optional.of(failure.getClass().getName()),
        Optional.of(stack.toString()));
    assertThat(fromStack.links()).containsExactly(List.of("java.lang.RuntimeException"),
        List.of("java.io.FileNotFoundException"));
  }

  @Test
  void theHeaderStaysBounded() {
    Throwable t = new RuntimeException();
    for (int i = 0; i < 200; i++) {
      t = new java.io.UncheckedIOException(new java.io.IOException(t));
    }
    String value = CauseChain.of(t).headerValue();
    assertThat(value.length()).isLessThanOrEqualTo(CauseChain.MAX_HEADER_CHARS);
    assertThat(value).startsWith("java.io.UncheckedIOException");
  }
}
