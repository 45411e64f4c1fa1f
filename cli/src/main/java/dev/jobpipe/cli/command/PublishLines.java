package dev.jobpipe.cli.command;

import dev.jobpipe.cli.UserException;
import dev.jobpipe.producer.InvalidPayloadException;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.producer.JsonPayloads;
import dev.jobpipe.producer.PayloadTooLargeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Publishes a JSON-lines stream, one job per non-blank line, pipelined: many jobs are in flight,
 * while job ids are printed in input order as their acknowledgements arrive, so the output lines
 * up with the input. A line that is not valid JSON or does not fit the schema (or is too large)
 * stops the run after the lines before it are acknowledged, and nothing from it on is sent; with
 * {@code skipInvalid} it is reported and skipped. A failed publish stops the run too.
 */
final class PublishLines {

  /** Progress goes to stderr every this many lines. */
  static final int PROGRESS_EVERY = 10_000;
  /** Jobs awaiting acknowledgement before reading pauses; bounds memory on any file size. */
  static final int MAX_IN_FLIGHT = 10_000;
  /** Skipped lines reported one by one; beyond that only counted. */
  static final int MAX_SKIP_REPORTS = 20;

  /** What a run did. */
  record Result(long lines, long published, long skipped) {}

  private record Pending(long line, CompletableFuture<JobReceipt> future) {}

  private final JobPublisher publisher;
  /** Due time of every job (scheduled via jobs.T.scheduled), or null to publish now. */
  private final java.time.Instant at;
  private final String type;
  private final String key;
  private final Schema schema;
  private final boolean skipInvalid;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private long published;
  private long skipped;

  PublishLines(JobPublisher publisher, java.time.Instant at, String type, String key, Schema schema, boolean skipInvalid,
      PrintWriter out, PrintWriter err) {
    this.publisher = publisher;
    this.at = at;
    this.type = type;
    this.key = key;
    this.schema = schema;
    this.skipInvalid = skipInvalid;
    this.out = out;
    this.err = err;
  }

  Result run(BufferedReader reader) throws IOException {
    long lineNo = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (!line.isBlank()) {
        publishLine(lineNo, line);
      }
      if (lineNo % PROGRESS_EVERY == 0) {
        err.println("... line " + lineNo + ": " + published + " published, " + pending.size() + " in flight"
            + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        err.flush();
      }
    }
    drain(true);
    out.flush();
    return new Result(lineNo, published, skipped);
  }

  private void publishLine(long lineNo, String line) {
    CompletableFuture<JobReceipt> future;
    try {
      GenericRecord payload = JsonPayloads.fromJson(line, schema);
      JobRequest request = JobRequest.builder(type, payload).key(key).build();
      future = at == null ? publisher.publish(request) : publisher.schedule(request, at);
    } catch (InvalidPayloadException e) {
      invalid(lineNo, e);
      return;
    }
    if (future.isCompletedExceptionally()) {
      Throwable cause = causeOf(future);
      if (cause instanceof InvalidPayloadException || cause instanceof PayloadTooLargeException) {
        // refused before sending: a bad line, not a failed publish
        invalid(lineNo, cause);
        return;
      }
    }
    pending.addLast(new Pending(lineNo, future));
    drain(pending.size() >= MAX_IN_FLIGHT);
  }

  private void invalid(long lineNo, Throwable error) {
    if (!skipInvalid) {
      drain(true);
      throw new UserException("line " + lineNo + ": " + error.getMessage() + " (" + published
          + " jobs from the lines before were published; nothing from line " + lineNo + " on)");
    }
    skipped++;
    if (skipped <= MAX_SKIP_REPORTS) {
      err.println("skipped line " + lineNo + ": " + error.getMessage());
    } else if (skipped == MAX_SKIP_REPORTS + 1) {
      err.println("(further skipped lines are only counted)");
    }
  }

  /** Prints the ids of acknowledged jobs at the head; with {@code all}, waits for every pending job. */
  private void drain(boolean all) {
    while (!pending.isEmpty() && (all || pending.peekFirst().future().isDone() || pending.size() >= MAX_IN_FLIGHT)) {
      Pending head = pending.removeFirst();
      try {
        JobReceipt receipt = head.future().join();
        out.println(receipt.jobId());
        published++;
      } catch (CompletionException e) {
        failed(head, e.getCause());
      }
    }
  }

  private void failed(Pending head, Throwable error) {
    // settle what is still in flight so the count below is the truth
    while (!pending.isEmpty()) {
      try {
        out.println(pending.removeFirst().future().join().jobId());
        published++;
      } catch (CompletionException ignored) {
        // failed as well; the first failure is reported
      }
    }
    out.flush();
    throw new UserException("line " + head.line() + ": " + error.getMessage() + " (stopped; " + published
        + " jobs were published, their ids are on stdout)", error);
  }

  private static Throwable causeOf(CompletableFuture<?> failed) {
    try {
      failed.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
