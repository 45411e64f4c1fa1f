package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code dlq purge} on the real broker: asks, refuses without an answer, deletes with deleteRecords. */
@ExtendWith(JobpipeStackExtension.class)
class DlqPurgeIT {

  private final JobpipeStack stack;

  DlqPurgeIT(JobpipeStack stack) {
    this.stack = stack;
  }

  private static CliRun withStdin(String input, Supplier<CliRun> run) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return run.get();
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void purgeAsksThenDeletes() {
    try (DlqItSupport it = new DlqItSupport(stack, "purge").topics(1, 1)) {
      Instant t = Instant.now().minusSeconds(3600);
      for (int i = 0; i < 5; i++) {
        it.deadLetter(0, "job-" + i, "FATAL", "a.Boom", "boom", 1, t.plusSeconds(i), it.payload("x@example.com", i));
      }

      CliRun noAnswer = withStdin("", () -> it.cli("dlq", "purge", "--type", it.type, "--before", "3"));
      assertThat(noAnswer.exitCode()).as(noAnswer.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(noAnswer.out()).isEqualTo("would delete 3 records of " + it.topics.dlq() + ":\n"
          + "  partition 0: offsets 0 to 2 (3)\n");
      assertThat(noAnswer.err()).contains("Delete 3 records from " + it.topics.dlq() + "? This cannot be undone. [y/N]")
          .endsWith("error: no answer on stdin: nothing was deleted; pass --yes to run without asking\n");

      CliRun declined = withStdin("n\n", () -> it.cli("dlq", "purge", "--type", it.type, "--before", "3"));
      assertThat(declined.exitCode()).as(declined.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(declined.err()).endsWith("error: purge cancelled: nothing was deleted\n");
      assertThat(it.readAll(it.topics.dlq())).hasSize(5);

      CliRun confirmed = withStdin("y\n", () -> it.cli("dlq", "purge", "--type", it.type, "--before", "3"));
      assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
      assertThat(confirmed.out()).endsWith("deleted 3 records from " + it.topics.dlq() + "\n");
      assertThat(it.readAll(it.topics.dlq())).extracting(r -> r.offset()).containsExactly(3L, 4L);

      CliRun byTime = it.cli("dlq", "purge", "--type", it.type, "--before", t.plusSeconds(4).toString(), "--yes");
      assertThat(byTime.exitCode()).as(byTime.toString()).isZero();
      assertThat(byTime.out()).isEqualTo("would delete 1 record of " + it.topics.dlq() + ":\n"
          + "  partition 0: offsets 3 to 3 (1)\n"
          + "deleted 1 record from " + it.topics.dlq() + "\n");
      assertThat(byTime.err()).isEmpty();

      CliRun nothing = it.cli("dlq", "purge", "--type", it.type, "--before", "2", "--yes");
      assertThat(nothing.exitCode()).as(nothing.toString()).isZero();
      assertThat(nothing.out()).isEqualTo("nothing to purge: " + it.topics.dlq() + " holds no record before offset 2\n");

      CliRun list = it.cli("dlq", "list", "--type", it.type, "--by-offset");
      assertThat(list.out()).contains("job-4").doesNotContain("job-3");
    }
  }
}
