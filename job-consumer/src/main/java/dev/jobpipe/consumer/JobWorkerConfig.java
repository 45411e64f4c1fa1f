package dev.jobpipe.consumer;

import dev.jobpipe.schemas.config.ClientConfigs;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.control.ControlTopicReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Settings of a {@link JobWorker}, validated in one place; an invalid value throws a
 * {@link ConfigException} that names the key.
 *
 * <p>The same map also carries Kafka client settings ({@code bootstrap.servers}, SASL, TLS, ...):
 * every key that {@link ConsumerConfig} knows goes to the consumer and every key that
 * {@link ProducerConfig} knows to the producer that hands failures over; a {@code consumer.} or
 * {@code producer.} prefix targets one of them only, as in Kafka Streams. A few client settings are
 * the worker's to decide and cannot be overridden: byte-array (de)serializers (the worker keeps the
 * original bytes), {@code enable.auto.commit=false} (commit-after-success) and, for the producer,
 * {@code acks=all} with idempotence (a failure is done only once the broker has it safely).
 */
public final class JobWorkerConfig extends AbstractConfig {

  public static final String JOB_TYPE_CONFIG = "job.type";
  private static final String JOB_TYPE_DOC = "The job type T this worker runs; it consumes jobs.T. Required.";

  public static final String GROUP_ID_CONFIG = ConsumerConfig.GROUP_ID_CONFIG;
  private static final String GROUP_ID_DOC = "Consumer group of the worker; default jobpipe.<job type>.";
  public static final String DEFAULT_GROUP_ID_PREFIX = JobTopics.WORKER_GROUP_PREFIX;

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  private static final String SCHEMA_REGISTRY_URL_DOC =
      "Confluent-compatible Schema Registry URL the payloads are decoded with. Required unless the"
          + " worker is given a codec.";

  public static final String CONCURRENCY_CONFIG = "concurrency";
  public static final int DEFAULT_CONCURRENCY = 64;
  private static final String CONCURRENCY_DOC =
      "How many handlers may run at once across all partitions, each on its own virtual thread.";

  public static final String ORDERING_CONFIG = "ordering";
  public static final String DEFAULT_ORDERING = Ordering.KEY.configValue();
  private static final String ORDERING_DOC =
      "Which jobs of a partition may run at once: partition (one at a time), key (one at a time per"
          + " record key) or none.";

  public static final String MAX_INFLIGHT_PER_PARTITION_CONFIG = "max.inflight.per.partition";
  public static final int DEFAULT_MAX_INFLIGHT_PER_PARTITION = 1000;
  private static final String MAX_INFLIGHT_PER_PARTITION_DOC =
      "How many records of one partition the worker holds, from the oldest unfinished one to the"
          + " newest fetched; the partition is paused at this bound and resumed once it holds less than"
          + " half of it, so memory stays bounded behind a slow job. Checked after each poll: a partition may briefly hold up to"
          + " max.poll.records more.";

  public static final String JOB_TIMEOUT_MS_CONFIG = "job.timeout.ms";
  public static final long DEFAULT_JOB_TIMEOUT_MS = 30_000L;
  private static final String JOB_TIMEOUT_MS_DOC =
      "How long one handler call may run. A job over time is interrupted, its slot released, and it"
          + " is handed over as a retryable failure (JobTimeoutException).";

  public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
  public static final long DEFAULT_COMMIT_INTERVAL_MS = 200L;
  private static final String COMMIT_INTERVAL_MS_DOC =
      "Commit the done prefix, and the records done above it, this often while either changes; bounds"
          + " the work repeated after a crash to what was in flight plus what finished in the last interval.";

  public static final String COMMIT_MAX_RECORDS_CONFIG = "commit.max.records";
  public static final int DEFAULT_COMMIT_MAX_RECORDS = 5_000;
  private static final String COMMIT_MAX_RECORDS_DOC =
      "Commit early once this many records were finished since the last commit.";

  public static final String COMMIT_METADATA_MAX_BYTES_CONFIG = "commit.metadata.max.bytes";
  public static final int DEFAULT_COMMIT_METADATA_MAX_BYTES = 4_096;
  private static final String COMMIT_METADATA_MAX_BYTES_DOC =
      "Largest commit metadata the worker writes: the records already done above the committed offset,"
          + " which a new owner of the partition skips. Keep it at most the broker's"
          + " offset.metadata.max.bytes (4096 by default). Marks that do not fit are cut to the lowest"
          + " offsets that fit (the records above run again after a crash); 0 commits bare offsets.";

  public static final String SHUTDOWN_DRAIN_TIMEOUT_MS_CONFIG = "shutdown.drain.timeout.ms";
  public static final long DEFAULT_SHUTDOWN_DRAIN_TIMEOUT_MS = 30_000L;
  private static final String SHUTDOWN_DRAIN_TIMEOUT_MS_DOC =
      "On close, how long to wait for running jobs (and the unstarted ones below them) before the"
          + " final commit.";

  public static final String REVOCATION_AWAIT_TIMEOUT_MS_CONFIG = "revocation.await.timeout.ms";
  public static final long DEFAULT_REVOCATION_AWAIT_TIMEOUT_MS = 15_000L;
  private static final String REVOCATION_AWAIT_TIMEOUT_MS_DOC =
      "On rebalance, how long to wait for running jobs of revoked partitions before committing their"
          + " done prefix; keep it well below max.poll.interval.ms.";

  public static final String HANDOFF_TIMEOUT_MS_CONFIG = "handoff.timeout.ms";
  public static final long DEFAULT_HANDOFF_TIMEOUT_MS = 30_000L;
  private static final String HANDOFF_TIMEOUT_MS_DOC =
      "How long a failure handoff to jobs.T.failed or jobs.T.dlq waits for the broker's acknowledgement"
          + " before it counts as failed (the job then runs again after the handoff backoff). A started"
          + " record still not done after job.timeout.ms plus this is reported as stuck.";

  public static final String HANDOFF_BACKOFF_MS_CONFIG = "handoff.backoff.ms";
  public static final long DEFAULT_HANDOFF_BACKOFF_MS = 200L;
  private static final String HANDOFF_BACKOFF_MS_DOC =
      "First pause after a failed handoff to jobs.T.failed or jobs.T.dlq; doubled on each further"
          + " failure up to handoff.backoff.max.ms. Fetching is paused meanwhile.";

  public static final String HANDOFF_BACKOFF_MAX_MS_CONFIG = "handoff.backoff.max.ms";
  public static final long DEFAULT_HANDOFF_BACKOFF_MAX_MS = 30_000L;
  private static final String HANDOFF_BACKOFF_MAX_MS_DOC = "Upper bound of the handoff backoff.";

  public static final String REGISTRY_BACKOFF_MS_CONFIG = "registry.backoff.ms";
  public static final long DEFAULT_REGISTRY_BACKOFF_MS = 500L;
  private static final String REGISTRY_BACKOFF_MS_DOC =
      "First pause after the schema registry could not be reached; doubled on each further failure"
          + " up to registry.backoff.max.ms. Fetching is paused and the worker is not ready meanwhile.";

  public static final String REGISTRY_BACKOFF_MAX_MS_CONFIG = "registry.backoff.max.ms";
  public static final long DEFAULT_REGISTRY_BACKOFF_MAX_MS = 30_000L;
  private static final String REGISTRY_BACKOFF_MAX_MS_DOC = "Upper bound of the registry backoff.";

  public static final String POLL_TIMEOUT_MS_CONFIG = "poll.timeout.ms";
  public static final long DEFAULT_POLL_TIMEOUT_MS = 100L;
  private static final String POLL_TIMEOUT_MS_DOC =
      "Longest a poll waits for records; also how quickly an idle worker notices a stop request.";

  public static final String ERROR_STACK_MAX_BYTES_CONFIG = "error.stack.max.bytes";
  public static final int DEFAULT_ERROR_STACK_MAX_BYTES = 8_192;
  private static final String ERROR_STACK_MAX_BYTES_DOC =
      "The stack trace in the jobpipe.error.stack header is cut to this many UTF-8 bytes.";

  public static final String DONE_EVENTS_ENABLED_CONFIG = "done.events.enabled";
  public static final boolean DEFAULT_DONE_EVENTS_ENABLED = true;
  private static final String DONE_EVENTS_ENABLED_DOC =
      "Write one record per succeeded job to jobs.T.done (key = job id, value JobDone) and have it"
          + " acknowledged before committing past the job: the job ledger's success input. Sent"
          + " asynchronously and batched by the producer; off, succeeded jobs are unknown to the ledger"
          + " beyond their enqueue.";

  public static final String DONE_RESULT_MAX_BYTES_CONFIG = "done.result.max.bytes";
  public static final int DEFAULT_DONE_RESULT_MAX_BYTES = 1_024;
  private static final String DONE_RESULT_MAX_BYTES_DOC =
      "A result set by the handler (Job.result()) is cut to this many UTF-8 bytes in the done record;"
          + " 0 sends no result.";

  /** Prefix of settings meant for the consumer only. */
  public static final String CONSUMER_PREFIX = ClientConfigs.CONSUMER_PREFIX;
  /** Prefix of settings meant for the failure-handoff producer only. */
  public static final String PRODUCER_PREFIX = ClientConfigs.PRODUCER_PREFIX;

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(JOB_TYPE_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new JobTypeValidator(),
          Importance.HIGH, JOB_TYPE_DOC)
      .define(GROUP_ID_CONFIG, Type.STRING, null, new ConfigDef.NonEmptyString() {
            @Override
            public void ensureValid(String name, Object value) {
              if (value != null) {
                super.ensureValid(name, value);
              }
            }
          }, Importance.HIGH, GROUP_ID_DOC)
      .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, null, Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
      .define(CONCURRENCY_CONFIG, Type.INT, DEFAULT_CONCURRENCY, ConfigDef.Range.between(1, 100_000),
          Importance.HIGH, CONCURRENCY_DOC)
      .define(ORDERING_CONFIG, Type.STRING, DEFAULT_ORDERING,
          ConfigDef.CaseInsensitiveValidString.in("partition", "key", "none"), Importance.HIGH, ORDERING_DOC)
      .define(MAX_INFLIGHT_PER_PARTITION_CONFIG, Type.INT, DEFAULT_MAX_INFLIGHT_PER_PARTITION,
          ConfigDef.Range.between(1, 1_000_000), Importance.MEDIUM, MAX_INFLIGHT_PER_PARTITION_DOC)
      .define(JOB_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_JOB_TIMEOUT_MS, ConfigDef.Range.atLeast(1),
          Importance.HIGH, JOB_TIMEOUT_MS_DOC)
      .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_COMMIT_INTERVAL_MS, ConfigDef.Range.atLeast(1),
          Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
      .define(COMMIT_MAX_RECORDS_CONFIG, Type.INT, DEFAULT_COMMIT_MAX_RECORDS, ConfigDef.Range.atLeast(1),
          Importance.LOW, COMMIT_MAX_RECORDS_DOC)
      .define(SHUTDOWN_DRAIN_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_SHUTDOWN_DRAIN_TIMEOUT_MS,
          ConfigDef.Range.atLeast(0), Importance.MEDIUM, SHUTDOWN_DRAIN_TIMEOUT_MS_DOC)
      .define(REVOCATION_AWAIT_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_REVOCATION_AWAIT_TIMEOUT_MS,
          ConfigDef.Range.atLeast(0), Importance.MEDIUM, REVOCATION_AWAIT_TIMEOUT_MS_DOC)
      .define(COMMIT_METADATA_MAX_BYTES_CONFIG, Type.INT, DEFAULT_COMMIT_METADATA_MAX_BYTES,
          ConfigDef.Range.between(0, 1 << 20), Importance.LOW, COMMIT_METADATA_MAX_BYTES_DOC)
      .define(HANDOFF_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_HANDOFF_TIMEOUT_MS, ConfigDef.Range.atLeast(1),
          Importance.LOW, HANDOFF_TIMEOUT_MS_DOC)
      .define(HANDOFF_BACKOFF_MS_CONFIG, Type.LONG, DEFAULT_HANDOFF_BACKOFF_MS, ConfigDef.Range.atLeast(1),
          Importance.LOW, HANDOFF_BACKOFF_MS_DOC)
      .define(HANDOFF_BACKOFF_MAX_MS_CONFIG, Type.LONG, DEFAULT_HANDOFF_BACKOFF_MAX_MS, ConfigDef.Range.atLeast(1),
          Importance.LOW, HANDOFF_BACKOFF_MAX_MS_DOC)
      .define(REGISTRY_BACKOFF_MS_CONFIG, Type.LONG, DEFAULT_REGISTRY_BACKOFF_MS, ConfigDef.Range.atLeast(1),
          Importance.LOW, REGISTRY_BACKOFF_MS_DOC)
      .define(REGISTRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, DEFAULT_REGISTRY_BACKOFF_MAX_MS, ConfigDef.Range.atLeast(1),
          Importance.LOW, REGISTRY_BACKOFF_MAX_MS_DOC)
      .define(POLL_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_POLL_TIMEOUT_MS, ConfigDef.Range.between(1, 60_000),
          Importance.LOW, POLL_TIMEOUT_MS_DOC)
      .define(ERROR_STACK_MAX_BYTES_CONFIG, Type.INT, DEFAULT_ERROR_STACK_MAX_BYTES,
          ConfigDef.Range.between(256, 1_000_000), Importance.LOW, ERROR_STACK_MAX_BYTES_DOC)
      .define(DONE_EVENTS_ENABLED_CONFIG, Type.BOOLEAN, DEFAULT_DONE_EVENTS_ENABLED, Importance.MEDIUM,
          DONE_EVENTS_ENABLED_DOC)
      .define(DONE_RESULT_MAX_BYTES_CONFIG, Type.INT, DEFAULT_DONE_RESULT_MAX_BYTES,
          ConfigDef.Range.between(0, 65_536), Importance.LOW, DONE_RESULT_MAX_BYTES_DOC);

  /**
   * The worker's own keys, never passed to its clients: every key defined above except
   * {@code group.id}, which the worker defines only to give it a default.
   */
  private static final Set<String> WORKER_ONLY_KEYS = workerOnlyKeys();

  private static Set<String> workerOnlyKeys() {
    Set<String> keys = new java.util.HashSet<>(CONFIG.names());
    keys.remove(GROUP_ID_CONFIG);
    return Set.copyOf(keys);
  }

  public JobWorkerConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
    requireAtLeast(HANDOFF_BACKOFF_MAX_MS_CONFIG, HANDOFF_BACKOFF_MS_CONFIG);
    requireAtLeast(REGISTRY_BACKOFF_MAX_MS_CONFIG, REGISTRY_BACKOFF_MS_CONFIG);
    // Fail on client settings that would break the delivery contract now, not at first commit.
    consumerProperties();
    producerProperties();
  }

  /** The definitions, for documentation and tooling. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public String jobType() {
    return getString(JOB_TYPE_CONFIG);
  }

  public JobTopics topics() {
    return JobTopics.of(jobType());
  }

  /** The consumer group: {@code group.id} when set, else {@code jobpipe.<type>}. */
  public String groupId() {
    String group = getString(GROUP_ID_CONFIG);
    return group != null ? group : topics().workerGroup();
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL_CONFIG);
  }

  public int concurrency() {
    return getInt(CONCURRENCY_CONFIG);
  }

  public Ordering ordering() {
    return Ordering.parse(getString(ORDERING_CONFIG));
  }

  public int maxInflightPerPartition() {
    return getInt(MAX_INFLIGHT_PER_PARTITION_CONFIG);
  }

  public Duration jobTimeout() {
    return Duration.ofMillis(getLong(JOB_TIMEOUT_MS_CONFIG));
  }

  public Duration commitInterval() {
    return Duration.ofMillis(getLong(COMMIT_INTERVAL_MS_CONFIG));
  }

  public int commitMaxRecords() {
    return getInt(COMMIT_MAX_RECORDS_CONFIG);
  }

  public int commitMetadataMaxBytes() {
    return getInt(COMMIT_METADATA_MAX_BYTES_CONFIG);
  }

  public Duration shutdownDrainTimeout() {
    return Duration.ofMillis(getLong(SHUTDOWN_DRAIN_TIMEOUT_MS_CONFIG));
  }

  public Duration revocationAwaitTimeout() {
    return Duration.ofMillis(getLong(REVOCATION_AWAIT_TIMEOUT_MS_CONFIG));
  }

  public Duration handoffTimeout() {
    return Duration.ofMillis(getLong(HANDOFF_TIMEOUT_MS_CONFIG));
  }

  public Duration handoffBackoff() {
    return Duration.ofMillis(getLong(HANDOFF_BACKOFF_MS_CONFIG));
  }

  public Duration handoffBackoffMax() {
    return Duration.ofMillis(getLong(HANDOFF_BACKOFF_MAX_MS_CONFIG));
  }

  public Duration registryBackoff() {
    return Duration.ofMillis(getLong(REGISTRY_BACKOFF_MS_CONFIG));
  }

  public Duration registryBackoffMax() {
    return Duration.ofMillis(getLong(REGISTRY_BACKOFF_MAX_MS_CONFIG));
  }

  public Duration pollTimeout() {
    return Duration.ofMillis(getLong(POLL_TIMEOUT_MS_CONFIG));
  }

  public int errorStackMaxBytes() {
    return getInt(ERROR_STACK_MAX_BYTES_CONFIG);
  }

  public boolean doneEventsEnabled() {
    return getBoolean(DONE_EVENTS_ENABLED_CONFIG);
  }

  public int doneResultMaxBytes() {
    return getInt(DONE_RESULT_MAX_BYTES_CONFIG);
  }

  /**
   * Properties of the worker's consumer: byte arrays, manual commits, the Kafka 4 consumer group
   * protocol ({@code group.protocol=consumer}, overridable with {@code classic} for brokers older
   * than 4.0), {@code auto.offset.reset=earliest} so jobs published before the group first started
   * still run, {@code isolation.level=read_committed} so a retry forward whose transaction the
   * router aborted never runs.
   */
  public Map<String, Object> consumerProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "jobpipe-worker-" + jobType());
    props.putAll(ClientConfigs.consumer(originals(), WORKER_ONLY_KEYS::contains));
    Object autoCommit = props.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
    if (autoCommit != null && Boolean.parseBoolean(autoCommit.toString().trim())) {
      throw new ConfigException(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, autoCommit,
          "the worker commits only finished jobs; auto-commit would commit unfinished ones");
    }
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /**
   * Properties of the consumer that reads {@code jobs.T.control}: the worker's connection and
   * security settings, no group (it reads the whole topic), its own client id.
   */
  public Map<String, Object> controlConsumerProperties() {
    Map<String, Object> props = ControlTopicReader.consumerProperties(consumerProperties());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, props.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-control");
    return props;
  }


  /** Largest failure or dead letter the handoff producer sends (64 MiB), unless overridden. */
  static final int HANDOFF_MAX_REQUEST_SIZE = 64 * 1024 * 1024;

  /** Properties of the producer that writes failures, dead letters and done records: acks=all, idempotent. */
  public Map<String, Object> producerProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "jobpipe-worker-" + jobType() + "-handoff");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    // a record its topic accepted must fit on jobs.T.failed / .dlq too: the client's 1 MiB default
    // would wedge the partition behind a large job that can never be handed over; the topics'
    // max.message.bytes stays the limit that counts
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, HANDOFF_MAX_REQUEST_SIZE);
    props.putAll(ClientConfigs.producer(originals(), WORKER_ONLY_KEYS::contains));
    // a failure counts as handed over only once all replicas have it
    ClientConfigs.requireNoLoss(props, "the worker's failure handoff");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  private void requireAtLeast(String maxKey, String minKey) {
    if (getLong(maxKey) < getLong(minKey)) {
      throw new ConfigException(maxKey, getLong(maxKey), "must be at least " + minKey + " (" + getLong(minKey) + ")");
    }
  }

  private static final class JobTypeValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        throw new ConfigException(name, null, "a job type is required");
      }
      try {
        JobTopics.validateType(value.toString());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, "must match " + JobTopics.TYPE_PATTERN.pattern());
      }
    }

    @Override
    public String toString() {
      return "a job type matching " + JobTopics.TYPE_PATTERN.pattern();
    }
  }

  @Override
  public String toString() {
    return "JobWorkerConfig[type=" + jobType() + ", group=" + groupId() + ", concurrency=" + concurrency()
        + ", ordering=" + ordering().configValue() + ", maxInflightPerPartition=" + maxInflightPerPartition()
        + ", jobTimeout=" + jobTimeout().toMillis() + "ms]";
  }
}
