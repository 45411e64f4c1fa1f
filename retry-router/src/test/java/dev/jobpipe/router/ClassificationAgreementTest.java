package dev.jobpipe.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.consumer.ExceptionClassifier;
import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.errors.CauseChain;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table, both classifiers: for each failure and list of terminal classes, the worker's
 * {@link ExceptionClassifier} (which has the exception) and the router's fatal-exception check
 * (which has only the headers the worker wrote) must agree on terminal versus retryable.
 */
class ClassificationAgreementTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row("no entries: retryable", RuntimeException::new, List.of(), false),
        row("the thrown class", () -> new IllegalStateException("x"), List.of(IllegalStateException.class), true),
        row("a superclass of the thrown class", FileNotFoundException::new, List.of(IOException.class), true),
        row("a cause", () -> new RuntimeException(new IOException()), List.of(IOException.class), true),
        row("a superclass of a cause", () -> new UncheckedIOException(new FileNotFoundException()),
            List.of(IOException.class), true),
        row("a deep cause behind a long stack", () -> deep(25, new FileNotFoundException()),
            List.of(FileNotFoundException.class), true),
        row("an unrelated class", () -> new RuntimeException(new IOException()),
            List.of(IllegalArgumentException.class), false),
        row("a subclass does not match its superclass's entry", RuntimeException::new,
            List.of(IllegalStateException.class), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void workerAndRouterAgree(String name, Supplier<Throwable> failure, List<Class<? extends Throwable>> terminal,
      boolean expectTerminal) {
    Throwable thrown = failure.get();
    @SuppressWarnings("unchecked")
    ExceptionClassifier worker = ExceptionClassifier.builder().terminal(terminal.toArray(Class[]::new)).build();
    assertThat(worker.classify(thrown).retryable()).as("worker").isEqualTo(!expectTerminal);

    // the router sees the headers a worker with the default classifier wrote, and has the table as policy
    RecordHeaders headers = new RecordHeaders();
    JobHeaders.set(headers, JobHeaders.ERROR_CLASS, thrown.getClass().getName());
    JobHeaders.set(headers, JobHeaders.ERROR_STACK, stack(thrown).substring(0, Math.min(8192, stack(thrown).length())));
    JobHeaders.set(headers, JobHeaders.ERROR_CAUSES, CauseChain.of(thrown).headerValue());
    RetryPolicy policy = RetryPolicy.defaults().withFatalExceptions(
        Set.copyOf(terminal.stream().map(Class::getName).toList()));
    RoutingDecision decision = new DefaultRoutingDecider(RetryPolicies.of(policy, Map.of()),
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> 0L).decide(Failure.fromHeaders("t", headers));
    boolean routerTerminal = decision instanceof RoutingDecision.DeadLetter d && d.reason() == DlqReason.FATAL;
    assertThat(routerTerminal).as("router").isEqualTo(expectTerminal);
  }

  private static Arguments row(String name, Supplier<Throwable> failure, List<Class<? extends Throwable>> terminal,
      boolean expectTerminal) {
    return Arguments.of(name, failure, terminal, expectTerminal);
  }

  private static Throwable deep(int depth, Throwable root) {
    Throwable t = root;
    for (int i = 0; i < depth; i++) {
      t = new RuntimeException("level " + i + " " + "x".repeat(400), t);
    }
    return t;
  }

  private static String stack(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
