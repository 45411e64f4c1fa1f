package dev.jobpipe.consumer.it;

import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One job type's topics on the shared real stack, a unique name per test, with a publisher of
 * Avro jobs ({@code seq}, {@code key}, {@code mode}) and readers for what the worker commits and
 * hands over.
 */
public final class JobStack implements AutoCloseable {

  public static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "ItJob", "namespace": "dev.jobpipe.consumer.it",
       "fields": [{"name": "seq", "type": "int"}, {"name": "key", "type": "string"},
                  {"name": "mode", "type": "string", "default": "ok"}]}""");

  public final JobpipeStack stack;
  public final String type;
  public final JobTopics topics;
  public final int partitions;
  private final SchemaRegistryClient registry;
  private final AvroCodec codec;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;

  public JobStack(JobpipeStack stack, String name, int partitions) {
    this.stack = stack;
    this.type = "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.topics = JobTopics.of(type);
    this.partitions = partitions;
    stack.createTopic(topics.main(), partitions);
    stack.createTopic(topics.failed(), 1);
    stack.createTopic(topics.dlq(), 1);
    this.registry = SchemaRegistryClient.create(stack.registryUrl());
    this.codec = new AvroCodec(registry, true);
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer = new KafkaProducer<>(props);
    this.admin = Admin.create(stack.clientProperties());
  }

  public String group() {
    return JobWorkerConfig.DEFAULT_GROUP_ID_PREFIX + type;
  }

  public byte[] encode(int seq, String key, String mode) {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("seq", seq);
    record.put("key", key);
    record.put("mode", mode);
    return codec.encode(topics.main() + "-value", record);
  }

  /** Publishes jobs 0..count-1 with id {@code job-<seq>}; {@code key} and {@code mode} per seq. */
  public void publish(int from, int count, IntFunction<String> key, IntFunction<String> mode) {
    for (int seq = from; seq < from + count; seq++) {
      String k = key.apply(seq);
      RecordHeaders headers = new RecordHeaders();
      JobHeaders.set(headers, JobHeaders.JOB_ID, "job-" + seq);
      JobHeaders.set(headers, JobHeaders.JOB_TYPE, type);
      JobHeaders.set(headers, JobHeaders.ATTEMPT, 1);
      producer.send(new ProducerRecord<>(topics.main(), null, k.getBytes(StandardCharsets.UTF_8),
          encode(seq, k, mode.apply(seq)), headers));
    }
    producer.flush();
  }

  /** Publishes one record with the given value bytes and no jobpipe headers, as a plain client would. */
  public void publishRaw(int partition, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topics.main(), partition, key.getBytes(StandardCharsets.UTF_8), value)).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A worker builder on this stack: fast commits, generic records. */
  public JobWorker.Builder<GenericRecord> worker(JobHandler<GenericRecord> handler) {
    return JobWorker.builder(type, GenericRecord.class, handler)
        .config(stack.clientProperties())
        .schemaRegistryUrl(stack.registryUrl())
        .commitInterval(java.time.Duration.ofMillis(100));
  }

  /** Committed offsets of the worker group; partitions without a commit are absent. */
  public Map<TopicPartition, Long> committed() {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group()).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((tp, om) -> {
        if (om != null) {
          result.put(tp, om.offset());
        }
      });
      return result;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Members of the worker group that currently own at least one partition. */
  public long membersWithPartitions() {
    try {
      return admin.describeConsumerGroups(List.of(group())).all().get().get(group()).members().stream()
          .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  public long committed(int partition) {
    return committed().getOrDefault(new TopicPartition(topics.main(), partition), -1L);
  }

  public Map<TopicPartition, Long> endOffsets() {
    try {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topics.main(), p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the group has committed the end of every partition. */
  public boolean committedEverything() {
    Map<TopicPartition, Long> end = endOffsets();
    Map<TopicPartition, Long> committed = committed();
    return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.getOrDefault(e.getKey(), -1L).equals(e.getValue()));
  }

  /** Every record now in {@code topic}, read from the beginning. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  public static String string(ConsumerRecord<byte[], byte[]> record, String header) {
    return JobHeaders.string(record.headers(), header).orElse(null);
  }

  public static Set<String> jobIds(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> string(r, JobHeaders.JOB_ID)).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
    registry.close();
  }
}
