package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.compat.CompatibilityMode;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code dlq replay} after a "fix", on the real broker and registry: the dry run sends nothing,
 * the replay republishes every selected letter as a fresh first attempt that a real worker with the
 * fixed handler completes, a letter whose payload no longer fits the latest schema is skipped, and
 * a second replay is a no-op unless forced.
 */
@ExtendWith(JobpipeStackExtension.class)
class DlqReplayIT {

  private final JobpipeStack stack;

  DlqReplayIT(JobpipeStack stack) {
    this.stack = stack;
  }

  @Test
  void replayAfterAFixIsIdempotent() throws Exception {
    try (DlqItSupport it = new DlqItSupport(stack, "replay").topics(2, 1)) {
      Instant t = Instant.now().minusSeconds(600);
      // one letter written with an older schema that the latest (V1, registered after it) cannot read:
      // V1 adds a field without a default, allowed under FORWARD (old readers ignore it)
      byte[] oldValue = it.oldPayload("old@example.com");
      it.registry.setCompatibility(it.subject(), CompatibilityMode.FORWARD);
      RecordMetadata old = it.deadLetter(0, "job-old", "EXHAUSTED", "com.acme.SmtpTimeoutException", "timeout", 4, t,
          oldValue);
      it.deadLetter(0, "job-1", "EXHAUSTED", "com.acme.SmtpTimeoutException", "timeout", 4, t.plusSeconds(1),
          it.payload("one@example.com", 1));
      it.deadLetter(0, "job-2", "EXHAUSTED", "com.acme.SmtpTimeoutException", "timeout", 4, t.plusSeconds(2),
          it.payload("two@example.com", 2));
      it.deadLetter(0, "job-3", "EXHAUSTED", "com.acme.SmtpTimeoutException", "timeout", 4, t.plusSeconds(3),
          it.payload("three@example.com", 3));
      it.deadLetter(0, "job-4", "FATAL", "java.lang.IllegalArgumentException", "bad template", 1, t.plusSeconds(4),
          it.payload("four@example.com", 4));
      it.deadLetter(0, "job-bad", "UNDECODABLE", "dev.jobpipe.schemas.serde.UndecodableJobException", "bad magic byte",
          1, t.plusSeconds(5), "not avro".getBytes(StandardCharsets.UTF_8));
      List<ConsumerRecord<byte[], byte[]>> letters = it.readAll(it.topics.dlq());

      CliRun dry = it.cli("dlq", "replay", "--type", it.type, "--error-class", "SmtpTimeoutException", "--dry-run");
      assertThat(dry.exitCode()).as(dry.toString()).isZero();
      assertThat(dry.out()).contains(
          "would replay job job-1 (DLQ 0-1) to " + it.topics.main() + "\n",
          "would replay job job-3 (DLQ 0-3) to " + it.topics.main() + "\n",
          "dry run: would replay 3 dead letters to " + it.topics.main() + "; nothing was sent\n",
          "skipped 1 letter that no longer fits the current schema of " + it.subject() + ":\n",
          "  0-" + old.offset() + "  job job-old: writer schema id ");
      assertThat(it.readAll(it.topics.main())).isEmpty();
      try (Admin admin = Admin.create(stack.clientProperties())) {
        assertThat(admin.listTopics().names().get()).doesNotContain(it.topics.dlqReplayed());
      }

      // the "fixed" handler: now every job succeeds
      List<Job<GenericRecord>> handled = new CopyOnWriteArrayList<>();
      stack.createTopic(it.topics.failed(), 1);
      JobWorker worker = JobWorker.builder(it.type, GenericRecord.class, handled::add)
          .config(stack.clientProperties())
          .schemaRegistryUrl(stack.registryUrl())
          .build();
      worker.start();
      try {
        CliRun replay = it.cli("dlq", "replay", "--type", it.type, "--all", "--rate", "200/s");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).startsWith("replayed 4 dead letters to " + it.topics.main()
            + " (recorded in " + it.topics.dlqReplayed() + ")\n")
            .contains("skipped 2 letters that no longer fit the current schema of " + it.subject() + ":\n",
                "  0-" + old.offset() + "  job job-old: writer schema id ",
                "  0-5  job job-bad: not a Confluent wire-format value: first byte is 0x6e");
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 4);
        assertThat(handled).extracting(Job::id).containsExactlyInAnyOrder("job-1", "job-2", "job-3", "job-4");
        assertThat(handled).allSatisfy(job -> {
          assertThat(job.attempt()).isEqualTo(1);
          assertThat(JobHeaders.string(job.headers(), JobHeaders.REPLAY_OF)).isPresent();
        });
        assertThat(it.readAll(it.topics.failed())).isEmpty();
      } finally {
        worker.close();
      }

      List<ConsumerRecord<byte[], byte[]>> jobs = it.readAll(it.topics.main());
      assertThat(jobs).hasSize(4);
      Map<String, ConsumerRecord<byte[], byte[]>> byId = jobs.stream()
          .collect(Collectors.toMap(r -> JobHeaders.jobId(r.headers()).orElseThrow(), r -> r));
      assertThat(byId.keySet()).containsExactlyInAnyOrder("job-1", "job-2", "job-3", "job-4");
      for (ConsumerRecord<byte[], byte[]> letter : letters.subList(1, 5)) {
        ConsumerRecord<byte[], byte[]> job = byId.get(JobHeaders.jobId(letter.headers()).orElseThrow());
        assertThat(job.key()).isEqualTo(letter.key());
        assertThat(job.value()).isEqualTo(letter.value());
        assertThat(JobHeaders.attempt(job.headers())).isEqualTo(1);
        assertThat(JobHeaders.string(job.headers(), JobHeaders.REPLAY_OF)).contains("0-" + letter.offset());
        assertThat(JobHeaders.instant(job.headers(), JobHeaders.ENQUEUED_AT).orElseThrow()).isAfter(t.plusSeconds(60));
        assertThat(JobHeaders.string(job.headers(), JobHeaders.TRACEPARENT)).isPresent();
        assertThat(names(job)).doesNotContain(JobHeaders.ERROR_CLASS, JobHeaders.ERROR_MESSAGE, JobHeaders.ERROR_STACK,
            JobHeaders.DLQ_REASON, JobHeaders.NOT_BEFORE, JobHeaders.FAILED_AT, JobHeaders.ORIGIN_TOPIC);
        assertThat(it.codec.decode(job.value(), DlqItSupport.V1).value()).isNotNull();
      }
      assertThat(it.readAll(it.topics.dlqReplayed())).extracting(r -> new String(r.key()))
          .containsExactlyInAnyOrder("0-1", "0-2", "0-3", "0-4");
      try (Admin admin = Admin.create(stack.clientProperties())) {
        ConfigResource log = new ConfigResource(ConfigResource.Type.TOPIC, it.topics.dlqReplayed());
        Config config = admin.describeConfigs(List.of(log)).all().get().get(log);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      }

      CliRun again = it.cli("dlq", "replay", "--type", it.type, "--all");
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).startsWith("replayed 0 dead letters to " + it.topics.main() + "\n")
          .contains("skipped 4 letters already replayed (--force replays them again)");
      assertThat(it.readAll(it.topics.main())).hasSize(4);

      CliRun forced = it.cli("dlq", "replay", "--type", it.type, "--job-id", "job-2", "--force");
      assertThat(forced.exitCode()).as(forced.toString()).isZero();
      assertThat(forced.out()).startsWith("replayed 1 dead letter to " + it.topics.main());
      assertThat(it.readAll(it.topics.main())).hasSize(5)
          .filteredOn(r -> JobHeaders.jobId(r.headers()).orElseThrow().equals("job-2")).hasSize(2);
    }
  }

  @Test
  void unknownJobIdSendsNothing() {
    try (DlqItSupport it = new DlqItSupport(stack, "replay-unknown").topics(1, 1)) {
      it.deadLetter(0, "job-1", "FATAL", "a.B", "x", 1, Instant.now(), it.payload("a@example.com", 1));
      CliRun run = it.cli("dlq", "replay", "--type", it.type, "--job-id", "job-1", "nope");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).isEqualTo("error: no dead letter with job id nope in " + it.topics.dlq()
          + ": nothing was replayed\n");
      assertThat(it.readAll(it.topics.main())).isEmpty();
    }
  }

  @Test
  void missingMainTopicIsAOneLineError() {
    try (DlqItSupport it = new DlqItSupport(stack, "replay-nomain")) {
      stack.createTopic(it.topics.dlq(), 1);
      CliRun run = it.cli("dlq", "replay", "--type", it.type, "--all");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).isEqualTo("error: topic " + it.topics.main() + " does not exist\n");
    }
  }

  private static Set<String> names(ConsumerRecord<byte[], byte[]> r) {
    return StreamSupport.stream(r.headers().spliterator(), false).map(Header::key).collect(Collectors.toSet());
  }
}
