package dev.jobpipe.console.it;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Types, topics and jobs for the control plane's integration tests on the shared embedded stack. */
final class ControlFixtures implements AutoCloseable {

  static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "ControlItJob", "namespace": "dev.jobpipe.console.it",
       "fields": [{"name": "mode", "type": "string"}]}""");

  final JobpipeStack stack;
  private final KafkaProducer<byte[], byte[]> producer;
  private final SchemaRegistryClient registry;
  private final AvroCodec codec;
  private final Admin admin;

  ControlFixtures(JobpipeStack stack) {
    this.stack = stack;
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.registry = SchemaRegistryClient.create(stack.registryUrl());
    this.codec = new AvroCodec(registry, true);
    this.admin = Admin.create(stack.clientProperties());
  }

  static String unique(String prefix) {
    return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
  }

  /** A fresh type with its main (N partitions), control, failed and done topics, and its schema registered. */
  String newType(String prefix, int partitions) {
    String type = unique(prefix);
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), partitions);
    stack.createTopic(topics.control(), 1);
    stack.createTopic(topics.failed(), partitions);
    stack.createTopic(topics.done(), partitions);
    codec.encode(topics.main() + "-value", payload("register"));
    return type;
  }

  static GenericRecord payload(String mode) {
    GenericRecord payload = new GenericData.Record(SCHEMA);
    payload.put("mode", mode);
    return payload;
  }

  /** Publishes job {@code jobId} (its key too, so jobs spread over the partitions) whose handler does {@code mode}. */
  void publish(String type, String jobId, String mode) {
    String main = JobTopics.of(type).main();
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(h, JobHeaders.ATTEMPT, 1);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, Instant.now());
    try {
      producer.send(new ProducerRecord<>(main, null, jobId.getBytes(StandardCharsets.UTF_8),
          codec.encode(main + "-value", payload(mode)), h)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish " + jobId, e);
    }
  }

  /** Records in {@code topic}, from its log start and end offsets. */
  long records(String topic, int partitions) throws Exception {
    long total = 0;
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
      long start = admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset();
      total += end - start;
    }
    return total;
  }

  /** Records of the main topic past the worker group's committed offsets (all of them when none is committed). */
  long uncommitted(String type, int partitions) throws Exception {
    String main = JobTopics.of(type).main();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets("jobpipe." + type).partitionsToOffsetAndMetadata().get();
    long lag = 0;
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition(main, p);
      long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
      OffsetAndMetadata c = committed.get(tp);
      lag += end - (c == null ? 0 : c.offset());
    }
    return lag;
  }

  static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  @Override
  public void close() {
    producer.close();
    registry.close();
    admin.close();
  }
}
