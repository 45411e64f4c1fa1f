package dev.jobpipe.schemas.errors;

import dev.jobpipe.schemas.JobHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;

/**
 * A failure as class names: one link per exception of its cause chain, from the thrown one inwards,
 * each link the exception's class followed by its superclasses. It is what an
 * {@link ExceptionTable} classifies, so the worker (which has the {@link Throwable}) and the router
 * (which has only the headers of {@code jobs.T.failed}) classify alike: the worker writes the chain
 * in {@code jobpipe.error.causes}; from a record without that header (an older worker, a foreign
 * client) the chain is read from {@code jobpipe.error.class} and the {@code Caused by:} lines of
 * {@code jobpipe.error.stack}, without superclasses.
 */
public record CauseChain(List<List<String>> links) {

  /** Deepest cause looked at; a longer chain is cut, a cyclic one stops at the repeat. */
  public static final int MAX_DEPTH = 32;
  /** Bound of {@link #headerValue()}: room for a deep chain of deep hierarchies, small beside a job. */
  public static final int MAX_HEADER_CHARS = 4096;
  private static final String CAUSED_BY = "Caused by: ";
  private static final String LINK_SEPARATOR = "\n";
  private static final String NAME_SEPARATOR = " ";

  public CauseChain {
    links = links.stream().map(List::copyOf).toList();
  }

  /** The chain of {@code failure}, superclasses included up to (not including) {@link Object}. */
  public static CauseChain of(Throwable failure) {
    List<List<String>> links = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH && seen.add(t); depth++, t = t.getCause()) {
      List<String> names = new ArrayList<>();
      for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        names.add(c.getName());
      }
      links.add(names);
    }
    return new CauseChain(links);
  }

  /** The chain a failed record's headers describe (see the class comment); empty when they name nothing. */
  public static CauseChain fromHeaders(Headers headers) {
    return read(JobHeaders.string(headers, JobHeaders.ERROR_CAUSES),
        JobHeaders.string(headers, JobHeaders.ERROR_CLASS), JobHeaders.string(headers, JobHeaders.ERROR_STACK));
  }

  /** The chain from the three header values, preferring {@code causes} when present. */
  public static CauseChain read(Optional<String> causes, Optional<String> errorClass, Optional<String> stack) {
    if (causes.isPresent() && !causes.get().isBlank()) {
      List<List<String>> links = new ArrayList<>();
      for (String line : causes.get().split(LINK_SEPARATOR)) {
        List<String> names = Arrays.stream(line.trim().split(NAME_SEPARATOR)).filter(n -> !n.isBlank()).toList();
        if (!names.isEmpty() && links.size() < MAX_DEPTH) {
          links.add(names);
        }
      }
      return new CauseChain(links);
    }
    List<List<String>> links = new ArrayList<>();
    errorClass.map(String::trim).filter(n -> !n.isEmpty()).ifPresent(n -> links.add(List.of(n)));
    if (stack.isPresent()) {
      for (String line : stack.get().split("\\R")) {
        String trimmed = line.trim();
        if (trimmed.startsWith(CAUSED_BY) && links.size() < MAX_DEPTH) {
          String cause = trimmed.substring(CAUSED_BY.length());
          int end = cause.indexOf(':');
          cause = (end < 0 ? cause : cause.substring(0, end)).trim();
          if (!cause.isEmpty()) {
            links.add(List.of(cause));
          }
        }
      }
    }
    return new CauseChain(links);
  }

  /**
   * The value of {@code jobpipe.error.causes}: one line per link, names separated by a space; links
   * beyond {@value #MAX_HEADER_CHARS} characters are left out (the outer causes decide first).
   */
  public String headerValue() {
    StringBuilder out = new StringBuilder();
    for (List<String> link : links) {
      String line = String.join(NAME_SEPARATOR, link);
      if (out.length() + line.length() + 1 > MAX_HEADER_CHARS) {
        break;
      }
      out.append(out.isEmpty() ? "" : LINK_SEPARATOR).append(line);
    }
    return out.toString();
  }
}
