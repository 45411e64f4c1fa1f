package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code jobpipe replay} of a topic range, and {@code --reset-group}, on the real broker. */
@ExtendWith(JobpipeStackExtension.class)
class ReplayCommandIT {

  private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
  private final JobpipeStack stack;

  ReplayCommandIT(JobpipeStack stack) {
    this.stack = stack;
  }

  /** A topic of two partitions with records 0..9 each, record i at T0 + i minutes, key k{i}, one custom header. */
  private String seededTopic(DlqItSupport it, String name) {
    String topic = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    stack.createTopic(topic, 2);
    for (int p = 0; p < 2; p++) {
      for (int i = 0; i < 10; i++) {
        RecordHeaders h = new RecordHeaders();
        h.add("tenant", ("t" + p).getBytes(StandardCharsets.UTF_8));
        it.send(new ProducerRecord<>(topic, p, T0.plusSeconds(60L * i).toEpochMilli(),
            ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + p + "-" + i).getBytes(StandardCharsets.UTF_8), h));
      }
    }
    return topic;
  }

  @Test
  void replaysAnOffsetRangeIntoATarget() {
    try (DlqItSupport it = new DlqItSupport(stack, "range")) {
      String source = seededTopic(it, "src");
      String target = "dst-" + UUID.randomUUID().toString().substring(0, 8);
      stack.createTopic(target, 2);

      CliRun dry = it.cli("replay", "--topic", source, "--from", "2", "--to", "5", "--target", target, "--dry-run");
      assertThat(dry.exitCode()).as(dry.toString()).isZero();
      assertThat(dry.out()).isEqualTo("dry run: would replay 6 records of " + source + " [0: 2..5) [1: 2..5) to "
          + target + "; nothing was sent\n");
      assertThat(it.readAll(target)).isEmpty();

      CliRun run = it.cli("replay", "--topic", source, "--from", "2", "--to", "5", "--target", target,
          "--partition", "1", "--rate", "100/s");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out()).isEqualTo("replayed 3 records of " + source + " [1: 2..5) to " + target + "\n");
      List<ConsumerRecord<byte[], byte[]>> copied = it.readAll(target);
      assertThat(copied).extracting(r -> JobHeaders.string(r.headers(), JobHeaders.REPLAY_OF).orElseThrow())
          .containsExactlyInAnyOrder(source + "-1-2", source + "-1-3", source + "-1-4");
      ConsumerRecord<byte[], byte[]> first = copied.stream()
          .filter(r -> JobHeaders.string(r.headers(), JobHeaders.REPLAY_OF).orElseThrow().endsWith("-1-2")).findFirst().orElseThrow();
      assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k2");
      assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("v1-2");
      assertThat(JobHeaders.string(first.headers(), "tenant")).contains("t1");
    }
  }

  @Test
  void replaysATimeRangeIntoItself() {
    try (DlqItSupport it = new DlqItSupport(stack, "self")) {
      String topic = seededTopic(it, "self");
      CliRun run = it.cli("replay", "--topic", topic, "--from", T0.plusSeconds(60 * 8).toString());
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out()).isEqualTo("replayed 4 records of " + topic + " [0: 8..10) [1: 8..10) to " + topic + "\n");
      assertThat(it.readAll(topic)).hasSize(24);
    }
  }

  @Test
  void missingTopicIsAOneLineError() {
    try (DlqItSupport it = new DlqItSupport(stack, "missing")) {
      CliRun run = it.cli("replay", "--topic", "no-such-topic-" + it.type, "--from", "0");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).isEqualTo("error: topic no-such-topic-" + it.type + " does not exist\n");
    }
  }

  @Test
  void resetGroupIsRefusedWhileTheGroupIsLiveAndDoneAfterItLeaves() throws Exception {
    try (DlqItSupport it = new DlqItSupport(stack, "reset");
        Admin admin = Admin.create(stack.clientProperties())) {
      String topic = seededTopic(it, "reset");
      String group = "workers-" + it.type;
      KafkaConsumer<byte[], byte[]> member = member(group);
      member.subscribe(List.of(topic));
      int seen = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (seen < 20 && System.nanoTime() < deadline) {
        seen += member.poll(Duration.ofMillis(200)).count();
      }
      assertThat(seen).isEqualTo(20);
      member.commitSync();

      CliRun refused = it.cli("replay", "--topic", topic, "--from", "3", "--reset-group", group);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(refused.err()).startsWith("error: consumer group " + group + " has 1 live member(s)")
          .endsWith("stop its consumers before resetting offsets\n");

      member.close();
      CliRun dry = it.cli("replay", "--topic", topic, "--from", "3", "--reset-group", group, "--dry-run");
      assertThat(dry.exitCode()).as(dry.toString()).isZero();
      assertThat(dry.out()).isEqualTo("dry run: would reset consumer group " + group + " on " + topic + " to offset 3:\n"
          + "  partition 0: 10 -> 3\n  partition 1: 10 -> 3\n");
      assertThat(committed(admin, group, topic)).isEqualTo(Map.of(0, 10L, 1, 10L));

      CliRun reset = it.cli("replay", "--topic", topic, "--from", T0.plusSeconds(60 * 7).toString(), "--reset-group", group);
      assertThat(reset.exitCode()).as(reset.toString()).isZero();
      assertThat(reset.out()).endsWith("reset consumer group " + group + ": it will process 6 records again when it restarts\n");
      assertThat(committed(admin, group, topic)).isEqualTo(Map.of(0, 7L, 1, 7L));

      CliRun unknown = it.cli("replay", "--topic", topic, "--from", "0", "--reset-group", "nobody-" + it.type);
      assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(unknown.err()).isEqualTo("error: consumer group nobody-" + it.type + " does not exist\n");
    }
  }

  private KafkaConsumer<byte[], byte[]> member(String group) {
    Map<String, Object> props = stack.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }

  private static Map<Integer, Long> committed(Admin admin, String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<Integer, Long> out = new java.util.TreeMap<>();
    offsets.forEach((tp, om) -> {
      if (tp.topic().equals(topic)) {
        out.put(tp.partition(), om.offset());
      }
    });
    return out;
  }
}
