package dev.jobpipe.schemas.compat;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link SchemaCompatibilityGate#verify()} when a schema breaks its compatibility mode
 * or its history is malformed; fails the build. The message has one line per problem.
 */
public class IncompatibleSchemaException extends RuntimeException {
  private final List<String> problems;

  public IncompatibleSchemaException(List<String> problems) {
    super("schema compatibility gate failed:\n  " + problems.stream().collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, one line each. */
  public List<String> problems() {
    return problems;
  }
}
