package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code dlq list|show|stats} on the real broker and registry, against letters seeded as jobpipe writes them. */
@ExtendWith(JobpipeStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DlqInspectIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private DlqItSupport it;
  private DlqItSupport foreign;

  /**
   * Five letters over two DLQ partitions, oldest first: a (0-0), b (1-0), c (0-1), d undecodable
   * (1-1), and a again after a replay (1-2).
   */
  @BeforeAll
  void seed(JobpipeStack stack) {
    it = new DlqItSupport(stack, "inspect").topics(1, 2);
    it.deadLetter(0, "job-a", "EXHAUSTED", "com.acme.mail.SmtpTimeoutException", "connect timed out", 4,
        now.minusSeconds(3 * 3600), it.payload("ada@example.com", 1));
    it.deadLetter(1, "job-b", "FATAL", "java.lang.IllegalArgumentException", "no such template", 1,
        now.minusSeconds(2 * 3600), it.payload("bob@example.com", 2));
    it.deadLetter(0, "job-c", "EXHAUSTED", "com.acme.mail.SmtpTimeoutException", "connect timed out again", 4,
        now.minusSeconds(600), it.payload("cy@example.com", 3));
    it.deadLetter(1, "job-d", "UNDECODABLE", "dev.jobpipe.schemas.serde.UndecodableJobException", "bad magic byte", 1,
        now.minusSeconds(300), "garbage".getBytes(StandardCharsets.UTF_8));
    it.deadLetter(1, "job-a", "EXHAUSTED", "com.acme.mail.TemplateMissingException", "template gone", 4,
        now.minusSeconds(60), it.payload("ada@example.com", 1));
    foreign = new DlqItSupport(stack, "foreign").topics(1, 1);
    seedForeign();
  }

  /** A Spring Kafka letter (binary numbers) and a Kafka Connect letter in one DLQ. */
  private void seedForeign() {
    Headers spring = new RecordHeaders();
    spring.add("kafka_dlt-original-topic", bytes("orders"));
    spring.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(3).array());
    spring.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(1234L).array());
    spring.add("kafka_dlt-original-timestamp", ByteBuffer.allocate(8).putLong(now.minusSeconds(90).toEpochMilli()).array());
    spring.add("kafka_dlt-original-timestamp-type", bytes("CreateTime"));
    spring.add("kafka_dlt-original-consumer-group", bytes("order-service"));
    spring.add("kafka_dlt-exception-fqcn", bytes("org.springframework.kafka.listener.ListenerExecutionFailedException"));
    spring.add("kafka_dlt-exception-cause-fqcn", bytes("java.lang.IllegalStateException"));
    spring.add("kafka_dlt-exception-message", bytes("Listener method threw; out of stock"));
    spring.add("kafka_dlt-exception-stacktrace", bytes("java.lang.IllegalStateException: out of stock\n\tat shop.Orders.take(Orders.java:9)"));
    foreign.send(new ProducerRecord<>(foreign.topics.dlq(), 0, now.minusSeconds(30).toEpochMilli(), bytes("o-1"),
        bytes("{\"order\":1}"), spring));
    Headers connect = new RecordHeaders();
    connect.add("__connect.errors.topic", bytes("customers"));
    connect.add("__connect.errors.partition", bytes("2"));
    connect.add("__connect.errors.offset", bytes("77"));
    connect.add("__connect.errors.connector.name", bytes("jdbc-sink"));
    connect.add("__connect.errors.exception.class.name", bytes("org.apache.kafka.connect.errors.DataException"));
    connect.add("__connect.errors.exception.message", bytes("Converting byte[] to Kafka Connect data failed"));
    foreign.send(new ProducerRecord<>(foreign.topics.dlq(), 0, now.minusSeconds(20).toEpochMilli(), null, bytes("{bad"),
        connect));
  }

  @AfterAll
  void close() {
    it.close();
    foreign.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> rows(CliRun run) {
    return run.out().lines().skip(1).filter(l -> !l.contains(" of jobs.")).toList();
  }

  @Test
  void listIsATableNewestFirst() {
    CliRun run = it.cli("dlq", "list", "--type", it.type, "--width", "200");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines().findFirst().orElseThrow())
        .matches("JOB ID +ATTEMPT +REASON +ERROR CLASS +MESSAGE +FAILED AT +DLQ OFFSET");
    assertThat(rows(run)).hasSize(5);
    assertThat(rows(run)).extracting(l -> l.substring(0, l.indexOf(' ')) + " " + l.substring(l.lastIndexOf(' ') + 1))
        .containsExactly("job-a 1-2", "job-d 1-1", "job-c 0-1", "job-b 1-0", "job-a 0-0");
    assertThat(rows(run).get(2)).contains("  4  ", "EXHAUSTED", "c.a.mail.SmtpTimeoutException",
        "connect timed out again", DlqFormat.time(now.minusSeconds(600)));
    assertThat(run.out()).endsWith("5 dead letters of " + it.topics.dlq() + "\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void listFilters() {
    assertThat(rows(it.cli("dlq", "list", "--type", it.type, "--reason", "fatal")))
        .singleElement().asString().startsWith("job-b");
    assertThat(rows(it.cli("dlq", "list", "--type", it.type, "--error-class", "SmtpTimeoutException")))
        .extracting(l -> l.substring(0, 5)).containsExactly("job-c", "job-a");
    assertThat(rows(it.cli("dlq", "list", "--type", it.type, "--since", "1h")))
        .extracting(l -> l.substring(0, 5)).containsExactly("job-a", "job-d", "job-c");
    assertThat(rows(it.cli("dlq", "list", "--type", it.type, "--until", now.minusSeconds(3600).toString())))
        .extracting(l -> l.substring(0, 5)).containsExactly("job-b", "job-a");
    CliRun limited = it.cli("dlq", "list", "--type", it.type, "--limit", "2");
    assertThat(rows(limited)).extracting(l -> l.substring(0, 5)).containsExactly("job-a", "job-d");
    assertThat(limited.out()).contains("limit reached");
    CliRun none = it.cli("dlq", "list", "--type", it.type, "--reason", "EXPIRED");
    assertThat(none.out()).isEqualTo("no dead letters in " + it.topics.dlq() + " match\n");
  }

  @Test
  void listByOffset() {
    CliRun run = it.cli("dlq", "list", "--type", it.type, "--by-offset");
    assertThat(rows(run)).extracting(l -> l.substring(l.lastIndexOf(' ') + 1))
        .containsExactly("0-0", "0-1", "1-0", "1-1", "1-2");
  }

  @Test
  void listAsJsonLines() throws Exception {
    CliRun run = it.cli("dlq", "list", "--type", it.type, "--json", "--reason", "EXHAUSTED");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("jobId").asText()).isEqualTo("job-a");
    assertThat(first.get("attempt").asInt()).isEqualTo(4);
    assertThat(first.get("reason").asText()).isEqualTo("EXHAUSTED");
    assertThat(first.get("errorClass").asText()).isEqualTo("com.acme.mail.TemplateMissingException");
    assertThat(first.get("position").asText()).isEqualTo("1-2");
    assertThat(first.get("failedAt").asText()).isEqualTo(now.minusSeconds(60).toString());
    assertThat(first.get("schemaId").isInt()).isTrue();
  }

  @Test
  void showByJobIdPrintsEverything() {
    CliRun run = it.cli("dlq", "show", "--type", it.type, "--job-id", "job-c");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    int schemaId = it.registry.latest(it.subject()).id();
    assertThat(run.out())
        .startsWith("Dead letter " + it.topics.dlq() + " 0-1 (jobpipe convention)\n")
        .contains("  job id            job-c\n", "  job state         jobpipe jobs show job-c\n", "  reason            EXHAUSTED\n",
            "  error class       com.acme.mail.SmtpTimeoutException\n",
            "  attempts          4 (3 retried)\n",
            "  last read from    " + it.topics.main() + ".retry.30s-0-9\n", // the third letter seeded
            "  enqueued at       " + DlqFormat.time(now.minusSeconds(720)) + "\n",
            "  jobpipe.dlq.reason = EXHAUSTED\n",
            "  jobpipe.failed.at = " + now.minusSeconds(600).toEpochMilli(),
            "Key\n  key-job-c\n",
            "Payload (schema id " + schemaId + ", it.dlq.Greeting)\n",
            "\"to\" : \"cy@example.com\"", "\"n\" : 3",
            "Stack trace\n  com.acme.mail.SmtpTimeoutException: connect timed out again\n  \tat it.dlq.Handler.handle");
  }

  @Test
  void showAJobWithSeveralLetters() {
    CliRun run = it.cli("dlq", "show", "--type", it.type, "--job-id", "job-a");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("job job-a has 2 dead letters, newest first\n")
        .contains(it.topics.dlq() + " 1-2", it.topics.dlq() + " 0-0");
    assertThat(run.out().indexOf(" 1-2 ")).isLessThan(run.out().indexOf(" 0-0 "));
  }

  @Test
  void showByOffsetExplainsAnUndecodablePayload() {
    CliRun run = it.cli("dlq", "show", "--type", it.type, "--offset", "1", "--partition", "1");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("  job id            job-d\n", "Payload\n  not decodable (BAD_MAGIC_BYTE)",
        "raw: garbage");
  }

  @Test
  void showUnknownJobOrOffsetIsAOneLineError() {
    CliRun unknown = it.cli("dlq", "show", "--type", it.type, "--job-id", "nope");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(unknown.err()).isEqualTo("error: no dead letter with job id nope in " + it.topics.dlq() + "\n");
    CliRun offset = it.cli("dlq", "show", "--type", it.type, "--offset", "9");
    assertThat(offset.exitCode()).as(offset.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(offset.err()).isEqualTo("error: offset 9 is not in " + it.topics.dlq() + " partition 0 (holds offsets 0 to 1)\n");
  }

  @Test
  void statsCountByReasonAndClass() {
    CliRun run = it.cli("dlq", "stats", "--type", it.type);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .startsWith(it.topics.dlq() + ": 5 dead letters in 2 partitions\n")
        .contains("  oldest     " + DlqFormat.time(now.minusSeconds(3 * 3600)) + "\n",
            "  newest     " + DlqFormat.time(now.minusSeconds(60)) + "\n",
            "  rate       3 in the last hour (0.05/min)\n",
            "By reason\n  EXHAUSTED    3\n  FATAL        1\n  UNDECODABLE  1\n")
        .containsPattern("By error class\n  com.acme.mail.SmtpTimeoutException +2\n");
  }

  @Test
  void foreignConventionsAreListedInTheSameColumns() {
    CliRun run = foreign.cli("dlq", "list", "--type", foreign.type, "--width", "200");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(rows(run)).hasSize(2);
    assertThat(rows(run).get(0)).startsWith("customers-2-77").contains("o.a.k.c.errors.DataException",
        "Converting byte[] to Kafka Connect data failed").endsWith("0-1");
    assertThat(rows(run).get(1)).startsWith("orders-3-1234").contains("  1  ", "  -  ",
        "j.lang.IllegalStateException", "Listener method threw; out of stock", DlqFormat.time(now.minusSeconds(30)))
        .endsWith("0-0");
  }

  @Test
  void springBinaryHeadersAreShownDecoded() {
    CliRun run = foreign.cli("dlq", "show", "--type", foreign.type, "--offset", "0");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("(spring convention)",
        "  kafka_dlt-original-partition = 3\n",
        "  kafka_dlt-original-offset = 1234\n",
        "  kafka_dlt-original-timestamp = " + now.minusSeconds(90).toEpochMilli() + " (" + now.minusSeconds(90) + ")\n",
        "  last read from    orders-3-1234\n",
        "  enqueued at       " + DlqFormat.time(now.minusSeconds(90)) + "\n",
        "Payload\n  not decodable (BAD_MAGIC_BYTE)");
  }

  @Test
  void missingTopicIsAOneLineError() {
    CliRun run = it.cli("dlq", "list", "--type", "no-such-type");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).isEqualTo("error: topic jobs.no-such-type.dlq does not exist\n");
  }

  @Test
  void unreachableRegistryIsAOneLineError() {
    CliRun run = CliRun.of("dlq", "show", "--type", it.type, "--job-id", "job-c",
        "--bootstrap-servers=" + it.stack.bootstrapServers(), "--schema-registry=http://localhost:1");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("error: schema registry at http://localhost:1 is unreachable: ");
  }
}
