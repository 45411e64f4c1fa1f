package dev.jobpipe.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs {@code jobpipe demo} against the real broker and registry and checks its account: every
 * published job ended succeeded or dead-lettered, with the dead letters the workload predicts.
 */
@ExtendWith(JobpipeStackExtension.class)
class DemoIT {

  @Test
  void everyPublishedJobIsAccountedFor(JobpipeStack stack) {
    // 600 jobs = 200 per type: 4 bounced e-mails (n % 50 == 7), 8 invalid images (n % 25 == 11) and
    // 5 reports with the missing template (n % 40 == 13), plus 2 undecodable records per type.
    CliRun run = CliRun.of("demo", "--jobs", "600", "--timeout", "90s",
        "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.registryUrl());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).as(run.toString()).contains("every published job accounted for");
    Matcher total = Pattern.compile("total\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)")
        .matcher(run.out());
    assertThat(total.find()).as(run.toString()).isTrue();
    assertThat(total.group(1)).as("published").isEqualTo("606");
    assertThat(total.group(2)).as("succeeded").isEqualTo("583");
    assertThat(total.group(3)).as("dead-lettered").isEqualTo("23");
    assertThat(total.group(4)).as("EXHAUSTED").isEqualTo("9");
    assertThat(total.group(5)).as("FATAL").isEqualTo("8");
    assertThat(total.group(6)).as("UNDECODABLE").isEqualTo("6");
    assertThat(total.group(7)).as("missing").isEqualTo("0");
    assertThat(run.out()).contains("$ jobpipe dlq list --type report.generate", "template 'quarterly", "jobpipe dlq replay");
    // it ends with the ledger's account of one succeeded (retried) and one dead job
    String end = run.out().substring(run.out().indexOf("The job ledger"));
    assertThat(end).as(run.toString()).containsPattern("\\$ jobpipe jobs show \\S+\\RJob \\S+\\R")
        .containsPattern("state\\s+SUCCEEDED").containsPattern("attempt\\s+[2-4]\\R")
        .containsPattern("state\\s+DEAD \\((EXHAUSTED|FATAL|UNDECODABLE)\\)").doesNotContain("has not folded");
  }

  @Test
  void badJobCountIsAUsageError() {
    CliRun run = CliRun.of("demo", "--jobs", "0", "--bootstrap-servers", "localhost:1");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--jobs must be between 1 and 1000000");
  }

  @Test
  void badTimeoutIsAUsageError() {
    CliRun run = CliRun.of("demo", "--timeout", "soon", "--bootstrap-servers", "localhost:1");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout: invalid duration 'soon'");
  }
}
