package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(JobpipeStackExtension.class)
class TopicsCommandIT {

  static String uniqueType(String prefix) {
    return prefix + "." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }

  static CliRun jobpipe(JobpipeStack stack, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--bootstrap-servers=" + stack.bootstrapServers();
    all[args.length + 1] = "--schema-registry=" + stack.registryUrl();
    return CliRun.of(all);
  }

  @Test
  void applyCreatesEverythingOnceAndReportsNoChangesTheSecondTime(JobpipeStack stack) throws Exception {
    String type = uniqueType("cli.topics");
    CliRun first = jobpipe(stack, "topics", "apply", "--type", type, "--partitions", "2", "--tiers", "5s,30s");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out().lines()).hasSize(8).allSatisfy(line -> assertThat(line).startsWith("create jobs." + type));
    assertThat(first.out()).contains("create jobs." + type + ".retry.30s (partitions 2, replication 1,");

    CliRun second = jobpipe(stack, "topics", "apply", "--type", type, "--partitions", "2", "--tiers", "5s,30s");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out().lines()).containsExactly("no changes");

    try (Admin admin = Admin.create(stack.clientProperties())) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(
          "jobs." + type, "jobs." + type + ".failed", "jobs." + type + ".retry.5s", "jobs." + type + ".retry.30s",
          "jobs." + type + ".dlq");
    }
  }

  @Test
  void shrinkingIsRefusedWithAClearMessage(JobpipeStack stack) {
    String type = uniqueType("cli.shrink");
    assertThat(jobpipe(stack, "topics", "apply", "--type", type, "--partitions", "3").exitCode()).isZero();
    CliRun shrink = jobpipe(stack, "topics", "apply", "--type", type, "--partitions", "2");
    assertThat(shrink.exitCode()).as(shrink.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(shrink.err()).startsWith("error: refusing to shrink jobs." + type + " from 3 to 2 partitions")
        .contains("nothing was changed");
    assertThat(shrink.err().lines()).hasSize(1);
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing(JobpipeStack stack) throws Exception {
    String type = uniqueType("cli.dry");
    CliRun dry = jobpipe(stack, "topics", "apply", "--type", type, "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("create jobs." + type + " (partitions 6,").contains("dry run: nothing was changed");
    try (Admin admin = Admin.create(stack.clientProperties())) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("jobs." + type);
    }
  }

  @Test
  void appliesEveryTypeOfATopicsFile(JobpipeStack stack, @TempDir Path dir) throws Exception {
    String a = uniqueType("cli.file");
    String b = uniqueType("cli.file");
    Path file = Files.writeString(dir.resolve("jobs.yaml"), """
        defaults:
          partitions: 1
        types:
          %s:
            tiers: [1m]
          %s:
            partitions: 2
            tiers: "10s,1h"
        """.formatted(a, b));
    CliRun run = jobpipe(stack, "topics", "apply", "--file", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines()).hasSize(7 + 8);
    assertThat(run.out()).contains("create jobs." + a + ".retry.1m (partitions 1,", "create jobs." + b + ".retry.1h (partitions 2,");

    CliRun again = jobpipe(stack, "topics", "apply", "--file", file.toString(), "--type", b);
    assertThat(again.out().lines()).as(again.toString()).containsExactly("no changes");
    try (Admin admin = Admin.create(stack.clientProperties())) {
      assertThat(admin.describeTopics(List.of("jobs." + b)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get("jobs." + b).partitions()).hasSize(2);
    }
  }
}
