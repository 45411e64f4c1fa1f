package dev.jobpipe.cli.command;

import static dev.jobpipe.cli.command.TopicsCommandIT.jobpipe;
import static dev.jobpipe.cli.command.TopicsCommandIT.uniqueType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(JobpipeStackExtension.class)
class PublishCommandIT {

  private static final String IMAGE = "{\"imageUrl\": \"s3://b/%d.png\", \"width\": %d, \"height\": 7}";

  /** A fresh type whose topics exist and whose schema (ImageResize's) is registered. */
  private static String imageType(JobpipeStack stack, String prefix) {
    String type = uniqueType(prefix);
    CliRun apply = jobpipe(stack, "topics", "apply", "--type", type, "--partitions", "2", "--tiers", "5s");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      registry.register("jobs." + type + "-value", ImageResize.getClassSchema());
    }
    return type;
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(JobpipeStack stack, String topic) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
      });
    }
    return records;
  }

  private static Map<String, GenericRecord> payloadsById(JobpipeStack stack, String type) {
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(stack.registryUrl())) {
      AvroCodec codec = new AvroCodec(registry, false);
      return readAll(stack, "jobs." + type).stream().collect(Collectors.toMap(
          r -> JobHeaders.jobId(r.headers()).orElseThrow(), r -> (GenericRecord) codec.decode(r.value()).value()));
    }
  }

  @Test
  void publishesJsonWithTheRegisteredSchemaAndPrintsTheJobId(JobpipeStack stack) {
    String type = imageType(stack, "cli.publish");
    CliRun run = jobpipe(stack, "publish", "--type", type, "--json", IMAGE.formatted(1, 640), "--key", "user-1");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String id = run.out().strip();
    assertThat(UUID.fromString(id).version()).isEqualTo(7);

    Map<String, GenericRecord> stored = payloadsById(stack, type);
    assertThat(stored).containsOnlyKeys(id);
    assertThat(stored.get(id).get("width")).isEqualTo(640);
    assertThat(stored.get(id).get("format")).hasToString("JPEG");
  }

  @Test
  void countPublishesTheSamePayloadAsSeparateJobs(JobpipeStack stack) {
    String type = imageType(stack, "cli.count");
    CliRun run = jobpipe(stack, "publish", "--type", type, "--json", IMAGE.formatted(1, 1), "--count", "3");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines()).hasSize(3).doesNotHaveDuplicates();
    assertThat(run.err()).contains("published 3 jobs to jobs." + type);
    assertThat(payloadsById(stack, type)).containsOnlyKeys(run.out().lines().toList());
  }

  @Test
  void aBuiltInTypeIsPublishableWithoutRegisteringItsSchemaFirst(JobpipeStack stack) {
    // image.resize is shared with other tests of this JVM: find this run's job by its id
    assertThat(jobpipe(stack, "topics", "apply", "--type", "image.resize", "--partitions", "1").exitCode()).isZero();
    CliRun run = jobpipe(stack, "publish", "--type", "image.resize", "--json", IMAGE.formatted(5, 50));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(payloadsById(stack, "image.resize").get(run.out().strip()).get("width")).isEqualTo(50);
  }

  @Test
  void aFilePublishesEveryLineInOrder(JobpipeStack stack, @TempDir Path dir) throws Exception {
    String type = imageType(stack, "cli.file");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add(IMAGE.formatted(i, i));
    }
    Path file = Files.write(dir.resolve("jobs.jsonl"), lines);
    CliRun run = jobpipe(stack, "publish", "--type", type, "--file", file.toString(), "--key", "same");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).contains("published 50 jobs to jobs." + type + " from " + file);

    List<String> ids = run.out().lines().toList();
    Map<String, GenericRecord> stored = payloadsById(stack, type);
    assertThat(stored).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(stored.get(ids.get(i)).get("width")).as("line %d", i + 1).isEqualTo(i);
    }
  }

  @Test
  void aBadLineStopsWithItsNumberAndFieldAndTheLinesBeforeArePublished(JobpipeStack stack, @TempDir Path dir)
      throws Exception {
    String type = imageType(stack, "cli.badline");
    Path file = Files.write(dir.resolve("jobs.jsonl"), List.of(
        IMAGE.formatted(1, 1), IMAGE.formatted(2, 2), "{\"imageUrl\": \"u\", \"width\": \"wide\", \"height\": 1}",
        IMAGE.formatted(4, 4)));
    CliRun run = jobpipe(stack, "publish", "--type", type, "--file", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).isEqualTo("error: line 3: field 'width': expected int, got string"
        + " (2 jobs from the lines before were published; nothing from line 3 on)" + System.lineSeparator());
    assertThat(run.out().lines()).hasSize(2);
    assertThat(payloadsById(stack, type)).containsOnlyKeys(run.out().lines().toList());
  }

  @Test
  void badJsonOnALineNamesTheLine(JobpipeStack stack, @TempDir Path dir) throws Exception {
    String type = imageType(stack, "cli.badjson");
    Path file = Files.write(dir.resolve("jobs.jsonl"), List.of(IMAGE.formatted(1, 1), "", "{\"imageUrl\": "));
    CliRun run = jobpipe(stack, "publish", "--type", type, "--file", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).startsWith("error: line 3: invalid JSON");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void skipInvalidPublishesTheRestAndCountsTheSkipped(JobpipeStack stack, @TempDir Path dir) throws Exception {
    String type = imageType(stack, "cli.skip");
    Path file = Files.write(dir.resolve("jobs.jsonl"), List.of(
        IMAGE.formatted(1, 1), "oops", IMAGE.formatted(3, 3), "{\"width\": 1}", IMAGE.formatted(5, 5)));
    CliRun run = jobpipe(stack, "publish", "--type", type, "--file", file.toString(), "--skip-invalid");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines()).hasSize(3);
    assertThat(run.err()).contains("skipped line 2: invalid JSON", "skipped line 4: field 'imageUrl'",
        "published 3 jobs to jobs." + type + " from " + file + " (2 invalid lines skipped)");
    assertThat(payloadsById(stack, type)).hasSize(3);
  }

  @Test
  void anUnknownTypeIsAOneLineError(JobpipeStack stack) {
    String type = uniqueType("cli.unknown");
    CliRun run = jobpipe(stack, "publish", "--type", type, "--json", "{}");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).isEqualTo("error: unknown job type '" + type + "': topic jobs." + type
        + " does not exist (create it with: jobpipe topics apply --type " + type + ")" + System.lineSeparator());
  }

  @Test
  void aTypeWithTopicsButNoSchemaAnywhereIsAOneLineError(JobpipeStack stack) {
    String type = uniqueType("cli.noschema");
    assertThat(jobpipe(stack, "topics", "apply", "--type", type, "--partitions", "1").exitCode()).isZero();
    CliRun run = jobpipe(stack, "publish", "--type", type, "--json", "{}");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).startsWith("error: no schema for job type '" + type + "'");
  }

  @Test
  void aPayloadNotMatchingTheRegisteredSchemaNamesTheField(JobpipeStack stack) {
    String type = imageType(stack, "cli.mismatch");
    CliRun run = jobpipe(stack, "publish", "--type", type, "--json", "{\"imageUrl\": \"u\", \"width\": 1}");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("error: --json: field 'height': missing, and ImageResize has no default for it"
        + System.lineSeparator());
  }

  @Test
  void anUnreachableRegistryIsAOneLineError(JobpipeStack stack) {
    String type = imageType(stack, "cli.noregistry");
    stack.cutRegistry();
    try {
      CliRun run = jobpipe(stack, "publish", "--type", type, "--timeout", "5s", "--json", IMAGE.formatted(1, 1));
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).startsWith("error: schema registry at ").contains("unreachable");
      assertThat(run.err().lines()).hasSize(1);
    } finally {
      stack.restoreRegistry();
    }
  }
}
