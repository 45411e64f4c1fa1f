package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.ledger.JobLedger;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.ledger.JobDone;
import dev.jobpipe.schemas.ledger.JobDoneCodec;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobpipe jobs show|list|wait} against a real ledger on the embedded stack. */
@ExtendWith(JobpipeStackExtension.class)
class JobsCommandIT {

  @TempDir
  Path stateDir;

  @Test
  void showListAndWaitAnswerFromTheLedger(JobpipeStack stack) throws Exception {
    String type = "cli.jobs-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    JobTopics topics = JobTopics.of(type);
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(JobLedgerConfig.APPLICATION_ID_CONFIG, "cli-ledger-" + type);
    props.put(JobLedgerConfig.HTTP_PORT_CONFIG, 0);
    props.put(JobLedgerConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(JobLedgerConfig.TOPIC_REFRESH_MS_CONFIG, 500L);
    props.put(JobLedgerConfig.PARTITIONS_CONFIG, 2);
    props.put(JobLedgerConfig.TYPES_CONFIG, Pattern.quote(type)); // other tests' jobs may share these ids
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (JobLedger ledger = new JobLedger(props);
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(stack.clientProperties(), new ByteArraySerializer(),
             new ByteArraySerializer())) {
      ledger.start();
      String url = ledger.url().toString();
      producer.send(new ProducerRecord<>(topics.main(), null, "k".getBytes(StandardCharsets.UTF_8), new byte[] {0},
          headers(type, "ok-1"))).get();
      producer.send(new ProducerRecord<>(topics.main(), null, "k".getBytes(StandardCharsets.UTF_8), new byte[] {0},
          headers(type, "dead-1"))).get();
      Headers dead = headers(type, "dead-1");
      JobHeaders.set(dead, JobHeaders.DLQ_REASON, "FATAL");
      JobHeaders.set(dead, JobHeaders.ERROR_CLASS, "com.acme.NoSuchAccount");
      JobHeaders.set(dead, JobHeaders.ERROR_MESSAGE, "no such account");
      producer.send(new ProducerRecord<>(topics.dlq(), null, "k".getBytes(StandardCharsets.UTF_8), new byte[] {0}, dead)).get();
      await().atMost(Duration.ofSeconds(90)).until(() -> ledger.state() == KafkaStreams.State.RUNNING);
      await().atMost(Duration.ofSeconds(60)).until(() -> CliRun.of("jobs", "show", "dead-1", "--ledger-url", url).exitCode() == 0);

      // wait returns once the done record arrives; exit 0 for a success
      Thread later = Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(500);
          producer.send(new ProducerRecord<>(topics.done(), null, "ok-1".getBytes(StandardCharsets.UTF_8),
              JobDoneCodec.encode(new JobDone(1, System.currentTimeMillis(), 7L, "worker-a", "row 7")),
              headers(type, "ok-1"))).get();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      CliRun wait = CliRun.of("jobs", "wait", "ok-1", "--timeout", "60s", "--ledger-url", url);
      later.join();
      assertThat(wait.exitCode()).as(wait.toString()).isZero();
      assertThat(wait.out()).contains("state        SUCCEEDED", "result       row 7");

      CliRun json = CliRun.of("jobs", "show", "ok-1", "--json", "--ledger-url", url);
      assertThat(json.exitCode()).as(json.toString()).isZero();
      JsonNode node = new ObjectMapper().readTree(json.out());
      assertThat(node.fieldNames()).toIterable().contains("id", "type", "state", "attempt", "enqueuedAt", "finishedAt",
          "dlqReason", "error");
      assertThat(node.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(node.get("type").asText()).isEqualTo(type);

      CliRun deadShow = CliRun.of("jobs", "show", "dead-1", "--ledger-url", url);
      assertThat(deadShow.out()).contains("DEAD (FATAL)", "com.acme.NoSuchAccount: no such account",
          "jobpipe dlq show --type " + type + " --partition 0 --offset 0");
      CliRun deadWait = CliRun.of("jobs", "wait", "dead-1", "--timeout", "5s", "--ledger-url", url);
      assertThat(deadWait.exitCode()).as("a dead job is not a success").isEqualTo(ExitCodes.FAILED);

      CliRun list = CliRun.of("jobs", "list", "--type", type, "--state", "DEAD", "--since", "1h", "--ledger-url", url);
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.out()).contains("dead-1").doesNotContain("ok-1");

      CliRun unknown = CliRun.of("jobs", "show", "nope-1", "--ledger-url", url);
      assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(unknown.err().lines()).hasSize(1);
      assertThat(unknown.err()).contains("not found");
    }
  }

  private static Headers headers(String type, String id) {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, id);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(h, JobHeaders.ATTEMPT, 1);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, Instant.now());
    return h;
  }
}
