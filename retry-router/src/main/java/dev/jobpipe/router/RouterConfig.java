package dev.jobpipe.router;

import dev.jobpipe.schemas.config.ClientConfigs;
import dev.jobpipe.schemas.streams.StreamsProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of one {@link RetryRouter} process. Keys not defined here (SASL, TLS, client
 * tuning) are passed through to the Kafka clients that know them, as Kafka's own tools do with
 * {@code --command-config}.
 */
public final class RouterConfig extends AbstractConfig {

  public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

  public static final String APPLICATION_ID_CONFIG = "application.id";
  public static final String DEFAULT_APPLICATION_ID = "jobpipe-router";
  private static final String APPLICATION_ID_DOC = "Kafka Streams application id of the routing; also the"
      + " prefix of the forwarders' consumer group (<id>-forwarder) and transactional id.";

  public static final String STATE_DIR_CONFIG = "state.dir";
  private static final String STATE_DIR_DOC = "Directory of the routing's dedupe state store;"
      + " Kafka Streams' default when unset.";

  public static final String INSTANCE_ID_CONFIG = "instance.id";
  private static final String INSTANCE_ID_DOC = "Stable name of this process among the router instances"
      + " (e.g. the pod name of a StatefulSet). When set, it is the static group membership id of both"
      + " consumer groups and the forwarder's transactional id, so a restarted instance takes its"
      + " partitions back at once and fences its crashed predecessor's open transaction, and it keeps"
      + " its membership across a graceful restart. When unset, the router takes <host name>-<slot>,"
      + " the slot being the lowest free one of this application id on this host, so a router"
      + " restarted on the same host is fast too; it leaves the groups when it stops gracefully.";

  public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
  public static final long DEFAULT_COMMIT_INTERVAL_MS = 100L;
  private static final String COMMIT_INTERVAL_MS_DOC = "Exactly-once commit interval of the routing:"
      + " a routed failure becomes visible to the forwarders at most this much later.";

  public static final String TOPIC_REFRESH_MS_CONFIG = "topic.refresh.ms";
  public static final long DEFAULT_TOPIC_REFRESH_MS = 5_000L;
  private static final String TOPIC_REFRESH_MS_DOC = "How often the failed and retry topic patterns are"
      + " matched against the cluster's topics (metadata.max.age.ms of the consumers), so a new job"
      + " type's topics are picked up this long after they are created, without a restart.";

  public static final String DEDUPE_WINDOW_MS_CONFIG = "dedupe.window.ms";
  public static final long DEFAULT_DEDUPE_WINDOW_MS = Duration.ofHours(24).toMillis();
  private static final String DEDUPE_WINDOW_MS_DOC = "How long a routed (job id, attempt) is remembered:"
      + " a duplicate failure record of it arriving within this window is dropped. Must outlast the"
      + " longest time a worker may take to re-run an attempt whose failure it wrote but did not commit.";

  public static final String STREAM_THREADS_CONFIG = "stream.threads";
  private static final String STREAM_THREADS_DOC = "Kafka Streams threads of the routing.";

  public static final String FORWARDER_MAX_BATCH_CONFIG = "forwarder.max.batch";
  public static final int DEFAULT_FORWARDER_MAX_BATCH = 1_000;
  private static final String FORWARDER_MAX_BATCH_DOC = "Most due records forwarded in one transaction.";

  public static final String FORWARDER_MAX_WINDOW_CONFIG = "forwarder.max.window";
  public static final int DEFAULT_FORWARDER_MAX_WINDOW = 20_000;
  /** Keeps the encoded window (a bitmap, base64) under Kafka's default offset.metadata.max.bytes of 4096. */
  public static final int MAX_FORWARDER_WINDOW = 24_000;
  private static final String FORWARDER_MAX_WINDOW_DOC = "Most offsets of one tier partition a forwarder"
      + " reads ahead of its oldest unforwarded record. Jitter lets a later record be due before an"
      + " earlier one; reading ahead forwards each on time, and the forwarded offsets above the commit"
      + " point are committed as offset metadata (a bitmap) in the same transaction. A partition whose"
      + " window is full is paused until its head is forwarded.";

  public static final String FORWARDER_IDLE_POLL_MS_CONFIG = "forwarder.idle.poll.ms";
  public static final long DEFAULT_FORWARDER_IDLE_POLL_MS = 1_000L;
  private static final String FORWARDER_IDLE_POLL_MS_DOC = "Longest a forwarder poll waits when no held"
      + " record is due sooner; held records wake the forwarder at their due time regardless.";

  public static final String FORWARDER_TRANSACTION_TIMEOUT_MS_CONFIG = "forwarder.transaction.timeout.ms";
  public static final int DEFAULT_FORWARDER_TRANSACTION_TIMEOUT_MS = 10_000;
  private static final String FORWARDER_TRANSACTION_TIMEOUT_MS_DOC = "Transaction timeout of the forwarder:"
      + " how long a crashed forwarder's open transaction can hold back read_committed readers of jobs.T.";

  public static final String TOPICS_CREATE_CONFIG = "topics.create";
  private static final String TOPICS_CREATE_DOC = "Create missing retry tier and DLQ topics of every"
      + " job type that has a failed topic, with the failed topic's partition count, so a policy naming"
      + " a tier that `jobpipe topics apply` did not create still routes.";

  public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication.factor";
  private static final String TOPICS_REPLICATION_FACTOR_DOC = "Replication factor of created topics;"
      + " -1 for the replication factor of the job type's failed topic.";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.ValidList.anyNonDuplicateValues(false, false),
          Importance.HIGH, CommonClientConfigs.BOOTSTRAP_SERVERS_DOC)
      .define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyStringWithoutControlChars(),
          Importance.HIGH, APPLICATION_ID_DOC)
      .define(STATE_DIR_CONFIG, Type.STRING, null, Importance.MEDIUM, STATE_DIR_DOC)
      .define(INSTANCE_ID_CONFIG, Type.STRING, null, Importance.MEDIUM, INSTANCE_ID_DOC)
      .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_COMMIT_INTERVAL_MS, Range.atLeast(1),
          Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
      .define(TOPIC_REFRESH_MS_CONFIG, Type.LONG, DEFAULT_TOPIC_REFRESH_MS, Range.atLeast(100),
          Importance.MEDIUM, TOPIC_REFRESH_MS_DOC)
      .define(DEDUPE_WINDOW_MS_CONFIG, Type.LONG, DEFAULT_DEDUPE_WINDOW_MS, Range.atLeast(1_000),
          Importance.MEDIUM, DEDUPE_WINDOW_MS_DOC)
      .define(STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.LOW, STREAM_THREADS_DOC)
      .define(FORWARDER_MAX_BATCH_CONFIG, Type.INT, DEFAULT_FORWARDER_MAX_BATCH, Range.atLeast(1),
          Importance.LOW, FORWARDER_MAX_BATCH_DOC)
      .define(FORWARDER_MAX_WINDOW_CONFIG, Type.INT, DEFAULT_FORWARDER_MAX_WINDOW, Range.between(1, MAX_FORWARDER_WINDOW),
          Importance.LOW, FORWARDER_MAX_WINDOW_DOC)
      .define(FORWARDER_IDLE_POLL_MS_CONFIG, Type.LONG, DEFAULT_FORWARDER_IDLE_POLL_MS, Range.between(10, 60_000),
          Importance.LOW, FORWARDER_IDLE_POLL_MS_DOC)
      .define(FORWARDER_TRANSACTION_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_FORWARDER_TRANSACTION_TIMEOUT_MS,
          Range.atLeast(1_000), Importance.LOW, FORWARDER_TRANSACTION_TIMEOUT_MS_DOC)
      .define(TOPICS_CREATE_CONFIG, Type.BOOLEAN, true, Importance.LOW, TOPICS_CREATE_DOC)
      .define(TOPICS_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) -1, Importance.LOW, TOPICS_REPLICATION_FACTOR_DOC);

  private final String instanceId;

  /** Parses and validates {@code props}; a {@link ConfigException} names the first bad key. */
  public RouterConfig(Map<?, ?> props) {
    super(CONFIG, props, false);
    this.instanceId = StreamsProperties.instanceId(INSTANCE_ID_CONFIG, getString(INSTANCE_ID_CONFIG));
  }

  /** This configuration with {@code instance.id} set to {@code id}. */
  public RouterConfig withInstanceId(String id) {
    Map<Object, Object> props = new HashMap<>(originals());
    props.put(INSTANCE_ID_CONFIG, id);
    return new RouterConfig(props);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  /** The configured instance id, or this process's random one. */
  public String instanceId() {
    return instanceId;
  }

  public boolean staticMembership() {
    return getString(INSTANCE_ID_CONFIG) != null;
  }

  public String forwarderGroupId() {
    return forwarderGroupId(applicationId());
  }

  /** The consumer group of the tier forwarders of the router application {@code applicationId}. */
  public static String forwarderGroupId(String applicationId) {
    return applicationId + "-forwarder";
  }

  public String forwarderTransactionalId() {
    return applicationId() + "-forwarder-" + instanceId;
  }

  public Duration dedupeWindow() {
    return Duration.ofMillis(getLong(DEDUPE_WINDOW_MS_CONFIG));
  }

  public int forwarderMaxBatch() {
    return getInt(FORWARDER_MAX_BATCH_CONFIG);
  }

  public int forwarderMaxWindow() {
    return getInt(FORWARDER_MAX_WINDOW_CONFIG);
  }

  public Duration forwarderIdlePoll() {
    return Duration.ofMillis(getLong(FORWARDER_IDLE_POLL_MS_CONFIG));
  }

  public Duration topicRefresh() {
    return Duration.ofMillis(getLong(TOPIC_REFRESH_MS_CONFIG));
  }

  public boolean createTopics() {
    return getBoolean(TOPICS_CREATE_CONFIG);
  }

  public Optional<Short> topicReplicationFactor() {
    short rf = getShort(TOPICS_REPLICATION_FACTOR_CONFIG);
    return rf < 0 ? Optional.empty() : Optional.of(rf);
  }

  /** Properties of the routing's Kafka Streams instance: exactly-once v2, byte[] serdes, fast pattern refresh. */
  public Map<String, Object> streamsProperties() {
    return StreamsProperties.passThrough(originals(), CONFIG.names()::contains)
        .set(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG))
        .set(StreamsConfig.APPLICATION_ID_CONFIG, applicationId())
        .exactlyOnce(getLong(COMMIT_INTERVAL_MS_CONFIG))
        .set(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(STREAM_THREADS_CONFIG))
        .topicRefresh(getLong(TOPIC_REFRESH_MS_CONFIG))
        .stateDir(getString(STATE_DIR_CONFIG))
        .staticMember(staticMembership() ? instanceId + "-routing" : null)
        .replicationFactor(topicReplicationFactor())
        .toMap();
  }

  /** Properties of the forwarders' consumer: read_committed (routing writes transactionally), manual commits. */
  public Map<String, Object> forwarderConsumerProperties() {
    Map<String, Object> props = ClientConfigs.consumer(originals(), CONFIG.names()::contains);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
    props.put(ConsumerConfig.GROUP_ID_CONFIG, forwarderGroupId());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, getLong(TOPIC_REFRESH_MS_CONFIG));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, forwarderGroupId() + "-" + instanceId);
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000);
    if (staticMembership()) {
      props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-forwarder");
    }
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** First retry backoff of the forwarders' producer, unless overridden (see below). */
  static final long FORWARDER_RETRY_BACKOFF_MS = 5L;

  /** Properties of the forwarders' transactional producer. */
  public Map<String, Object> forwarderProducerProperties() {
    Map<String, Object> props = ClientConfigs.producer(originals(), CONFIG.names()::contains);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, forwarderTransactionalId());
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, getInt(FORWARDER_TRANSACTION_TIMEOUT_MS_CONFIG));
    ClientConfigs.requireNoLoss(props, "the retry forwarder");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, forwarderTransactionalId());
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
    // A transaction begun right after the last commit finds the coordinator still writing that one's
    // markers (CONCURRENT_TRANSACTIONS) and is retried after this backoff: Kafka's 100 ms default
    // made one forward in ten 100 ms late. The backoff still grows to retry.backoff.max.ms.
    props.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, FORWARDER_RETRY_BACKOFF_MS);
    // bounds initTransactions and a commit's wait, so a broker outage cannot stall a graceful stop for a minute
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /** Properties of the admin client that creates missing tier and DLQ topics. */
  public Map<String, Object> adminProperties() {
    Map<String, Object> props = ClientConfigs.admin(originals(), CONFIG.names()::contains);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationId() + "-admin-" + instanceId);
    return props;
  }

}
