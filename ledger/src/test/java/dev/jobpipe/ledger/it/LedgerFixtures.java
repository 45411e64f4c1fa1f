package dev.jobpipe.ledger.it;

import dev.jobpipe.ledger.JobLedger;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.testkit.JobpipeStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/** Ledgers, topics and jobs for the ledger's integration tests on the shared embedded stack. */
final class LedgerFixtures {

  static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "LedgerItJob", "namespace": "dev.jobpipe.ledger.it",
       "fields": [{"name": "mode", "type": "string"}]}""");

  private LedgerFixtures() {}

  static String unique(String prefix) {
    return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
  }

  /** Ledger settings that keep tests lean: any free port, fast topic discovery, fast commits. */
  static Map<String, Object> ledgerProps(JobpipeStack stack, String applicationId, Path stateDir) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(JobLedgerConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(JobLedgerConfig.HTTP_PORT_CONFIG, 0);
    props.put(JobLedgerConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    props.put(JobLedgerConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(JobLedgerConfig.TOPIC_REFRESH_MS_CONFIG, 500L);
    props.put(JobLedgerConfig.PARTITIONS_CONFIG, 4);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    return props;
  }

  static JobLedger ledger(Map<String, Object> props) {
    JobLedger ledger = new JobLedger(props);
    ledger.start();
    return ledger;
  }

  static KafkaProducer<byte[], byte[]> producer(JobpipeStack stack) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static Headers jobHeaders(String type, String jobId, int attempt) {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(h, JobHeaders.ATTEMPT, attempt);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, Instant.now());
    return h;
  }

  /** Publishes a job whose payload's {@code mode} tells the test handler what to do; null id: a plain-client job. */
  static void publish(JobpipeStack stack, KafkaProducer<byte[], byte[]> producer, String type, String jobId, String mode)
      throws Exception {
    AvroCodec codec = new AvroCodec(SchemaRegistryClient.create(stack.registryUrl()), true);
    GenericRecord payload = new GenericData.Record(SCHEMA);
    payload.put("mode", mode);
    String main = JobTopics.of(type).main();
    byte[] key = (jobId == null ? mode : jobId).getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(main, null, key, codec.encode(main + "-value", payload),
        jobId == null ? new RecordHeaders() : jobHeaders(type, jobId, 1))).get();
  }
}
