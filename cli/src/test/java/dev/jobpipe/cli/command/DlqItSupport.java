package dev.jobpipe.cli.command;

import dev.jobpipe.cli.CliRun;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One job type of the shared test stack, with dead letters seeded the way jobpipe writes them: the
 * worker's failure headers on the original key and Avro value, plus the router's reason. Also
 * plain-client helpers to produce, read back, and run {@code jobpipe} command lines against the
 * stack.
 */
final class DlqItSupport implements AutoCloseable {

  static final Schema V1 = SchemaBuilder.record("Greeting").namespace("it.dlq").fields()
      .requiredString("to").requiredInt("n").endRecord();
  /** An older shape without {@code n}: the latest (V1) cannot read it, as {@code n} has no default. */
  static final Schema V0 = SchemaBuilder.record("Greeting").namespace("it.dlq").fields()
      .requiredString("to").endRecord();

  final JobpipeStack stack;
  final String type;
  final JobTopics topics;
  final SchemaRegistryClient registry;
  final AvroCodec codec;
  private final KafkaProducer<byte[], byte[]> producer;
  /**
   * Origin offset of the next letter: each letter is a distinct failure (the inspector collapses
   * letters sharing origin and attempt as copies of one), the first read from offset 7.
   */
  private long nextOriginOffset = 7;

  DlqItSupport(JobpipeStack stack, String prefix) {
    this.stack = stack;
    this.type = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.topics = JobTopics.of(type);
    this.registry = SchemaRegistryClient.create(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl()));
    this.codec = new AvroCodec(registry, true);
    Map<String, Object> props = stack.clientProperties();
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(props);
  }

  /** Creates {@code jobs.T} and {@code jobs.T.dlq}. */
  DlqItSupport topics(int mainPartitions, int dlqPartitions) {
    stack.createTopic(topics.main(), mainPartitions);
    stack.createTopic(topics.dlq(), dlqPartitions);
    return this;
  }

  String subject() {
    return topics.main() + "-value";
  }

  /** A payload encoded under the type's subject with {@link #V1}. */
  byte[] payload(String to, int n) {
    GenericRecord r = new GenericRecordBuilder(V1).set("to", to).set("n", n).build();
    return codec.encode(subject(), r);
  }

  /** A payload encoded with the older {@link #V0}. */
  byte[] oldPayload(String to) {
    return codec.encode(subject(), new GenericRecordBuilder(V0).set("to", to).build());
  }

  /** A dead letter as the worker and router write it. */
  RecordMetadata deadLetter(int partition, String jobId, String reason, String errorClass, String message,
      int attempt, Instant failedAt, byte[] value) {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(h, JobHeaders.ATTEMPT, attempt);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, failedAt.minusSeconds(120));
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, attempt > 1 ? topics.retry(Duration.ofSeconds(30)) : topics.main());
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 0);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, nextOriginOffset++);
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, errorClass);
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, message);
    JobHeaders.set(h, JobHeaders.ERROR_STACK, errorClass + ": " + message + "\n\tat it.dlq.Handler.handle(Handler.java:42)");
    JobHeaders.set(h, JobHeaders.ERROR_RETRYABLE, "FATAL".equals(reason) ? "false" : "true");
    JobHeaders.set(h, JobHeaders.FAILED_AT, failedAt);
    JobHeaders.set(h, JobHeaders.NOT_BEFORE, failedAt.minusSeconds(30));
    JobHeaders.set(h, JobHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    JobHeaders.set(h, JobHeaders.DLQ_REASON, reason);
    return send(new ProducerRecord<>(topics.dlq(), partition, failedAt.toEpochMilli(),
        ("key-" + jobId).getBytes(StandardCharsets.UTF_8), value, h));
  }

  RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
    try {
      return producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("seeding " + record.topic() + " failed", e.getCause());
    }
  }

  /** Every record of {@code topic} from the beginning to the current end, partition by partition. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Map<String, Object> props = stack.clientProperties();
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(tps));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** Runs a {@code jobpipe} command line against the stack. */
  CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap-servers=" + stack.bootstrapServers());
    all.add("--schema-registry=" + stack.registryUrl());
    return CliRun.of(all.toArray(String[]::new));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    registry.close();
  }
}
