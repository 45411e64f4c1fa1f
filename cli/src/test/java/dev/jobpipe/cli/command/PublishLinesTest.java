package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpipe.cli.UserException;
import dev.jobpipe.producer.BrokerUnavailableException;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.producer.PayloadTooLargeException;
import dev.jobpipe.schemas.jobs.ImageResize;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class PublishLinesTest {

  private static final String VALID = "{\"imageUrl\": \"u\", \"width\": %d, \"height\": 1}";

  /** Records what is published; answers each request with {@link #answer}. */
  private static final class RecordingPublisher implements JobPublisher {
    final List<JobRequest> requests = new ArrayList<>();
    Function<JobRequest, CompletableFuture<JobReceipt>> answer =
        r -> CompletableFuture.completedFuture(new JobReceipt("id-" + width(r), "jobs.image.resize", 0, 0, Instant.EPOCH));

    @Override
    public CompletableFuture<JobReceipt> publish(JobRequest request) {
      requests.add(request);
      return answer.apply(request);
    }

    @Override
    public CompletableFuture<JobReceipt> schedule(JobRequest request, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<JobReceipt> scheduleAfter(
        String type, String key, org.apache.avro.generic.IndexedRecord payload, Duration delay) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<JobReceipt> cancelScheduled(String type, String jobId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void verifyType(String type) {}

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public void close(Duration timeout) {}

    @Override
    public boolean awaitTermination(Duration timeout) {
      return true;
    }
  }

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static int width(JobRequest request) {
    return (Integer) ((GenericRecord) request.payload()).get("width");
  }

  private PublishLines.Result run(boolean skipInvalid, String... lines) throws Exception {
    PublishLines publish = new PublishLines(publisher, null, "image.resize", "k", ImageResize.getClassSchema(), skipInvalid,
        new PrintWriter(out, true), new PrintWriter(err, true));
    return publish.run(new BufferedReader(new StringReader(String.join("\n", lines))));
  }

  @Test
  void publishesEveryLineAndPrintsIdsInInputOrder() throws Exception {
    PublishLines.Result result = run(false, VALID.formatted(1), "", "  ", VALID.formatted(2), VALID.formatted(3));
    assertThat(out.toString().lines()).containsExactly("id-1", "id-2", "id-3");
    assertThat(result).isEqualTo(new PublishLines.Result(5, 3, 0));
    assertThat(publisher.requests).allSatisfy(r -> {
      assertThat(r.type()).isEqualTo("image.resize");
      assertThat(r.key()).isEqualTo("k");
    });
  }

  @Test
  void idsFollowInputOrderEvenWhenAcknowledgementsArriveOutOfOrder() throws Exception {
    List<CompletableFuture<JobReceipt>> futures = new ArrayList<>();
    publisher.answer = r -> {
      CompletableFuture<JobReceipt> f = new CompletableFuture<>();
      futures.add(f);
      if (futures.size() == 3) {
        // the last line is acknowledged first, then the earlier ones
        for (int i = futures.size() - 1; i >= 0; i--) {
          futures.get(i).complete(new JobReceipt("id-" + i, "t", 0, i, Instant.EPOCH));
        }
      }
      return f;
    };
    run(false, VALID.formatted(1), VALID.formatted(2), VALID.formatted(3));
    assertThat(out.toString().lines()).containsExactly("id-0", "id-1", "id-2");
  }

  @Test
  void aSchemaMismatchStopsWithLineAndFieldAndNothingFromThereOn() {
    assertThatThrownBy(() -> run(false, VALID.formatted(1), VALID.formatted(2),
        "{\"imageUrl\": \"u\", \"width\": \"wide\", \"height\": 1}", VALID.formatted(4)))
        .isInstanceOf(UserException.class)
        .hasMessage("line 3: field 'width': expected int, got string"
            + " (2 jobs from the lines before were published; nothing from line 3 on)");
    assertThat(publisher.requests).hasSize(2);
    assertThat(out.toString().lines()).containsExactly("id-1", "id-2");
  }

  @Test
  void invalidJsonStopsWithTheLineNumber() {
    assertThatThrownBy(() -> run(false, VALID.formatted(1), "{\"imageUrl\": ", VALID.formatted(3)))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("line 2: invalid JSON")
        .hasMessageEndingWith("(1 jobs from the lines before were published; nothing from line 2 on)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(publisher.requests).hasSize(1);
  }

  @Test
  void skipInvalidReportsAndCountsBadLinesAndGoesOn() throws Exception {
    PublishLines.Result result = run(true, VALID.formatted(1), "not json",
        "{\"imageUrl\": \"u\", \"height\": 1}", VALID.formatted(4));
    assertThat(result).isEqualTo(new PublishLines.Result(4, 2, 2));
    assertThat(out.toString().lines()).containsExactly("id-1", "id-4");
    assertThat(err.toString().lines()).containsExactly(
        "skipped line 2: invalid JSON at column 1: Unrecognized token 'not': was expecting (JSON String, Number,"
            + " Array, Object or token 'null', 'true' or 'false')",
        "skipped line 3: field 'width': missing, and ImageResize has no default for it");
  }

  @Test
  void aPayloadRefusedAsTooLargeIsAnInvalidLine() throws Exception {
    publisher.answer = r -> width(r) == 2
        ? CompletableFuture.failedFuture(new PayloadTooLargeException("payload is 9000 bytes, over 4096", 9000, 4096, null))
        : CompletableFuture.completedFuture(new JobReceipt("id-" + width(r), "t", 0, 0, Instant.EPOCH));
    assertThatThrownBy(() -> run(false, VALID.formatted(1), VALID.formatted(2), VALID.formatted(3)))
        .hasMessage("line 2: payload is 9000 bytes, over 4096 (1 jobs from the lines before were published;"
            + " nothing from line 2 on)");
    assertThat(run(true, VALID.formatted(1), VALID.formatted(2), VALID.formatted(3)).skipped()).isEqualTo(1);
  }

  @Test
  void aFailedPublishStopsReadingAndSaysHowManyWerePublished() {
    publisher.answer = r -> width(r) == 2
        ? CompletableFuture.failedFuture(new BrokerUnavailableException("job to jobs.image.resize not acknowledged", null))
        : CompletableFuture.completedFuture(new JobReceipt("id-" + width(r), "t", 0, 0, Instant.EPOCH));
    assertThatThrownBy(() -> run(true, VALID.formatted(1), VALID.formatted(2), VALID.formatted(3), VALID.formatted(4)))
        .isInstanceOf(UserException.class)
        .hasMessage("line 2: job to jobs.image.resize not acknowledged (stopped; 1 jobs were published, their ids are on stdout)");
    assertThat(publisher.requests).hasSize(2);
    assertThat(out.toString().lines()).containsExactly("id-1");
  }

  @Test
  void reportsProgressOnLargeInputs() throws Exception {
    String[] lines = new String[PublishLines.PROGRESS_EVERY + 5];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = VALID.formatted(i);
    }
    PublishLines.Result result = run(false, lines);
    assertThat(result.published()).isEqualTo(lines.length);
    assertThat(err.toString()).startsWith("... line 10000: ");
    assertThat(out.toString().lines()).hasSize(lines.length);
  }
}
