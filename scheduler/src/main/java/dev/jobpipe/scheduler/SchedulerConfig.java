package dev.jobpipe.scheduler;

import dev.jobpipe.schemas.config.ClientConfigs;
import dev.jobpipe.schemas.streams.StreamsProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of one {@link JobScheduler} process. Keys not defined here (SASL, TLS, client
 * tuning) are passed through to the Kafka clients that know them, as Kafka's own tools do with
 * {@code --command-config}.
 */
public final class SchedulerConfig extends AbstractConfig {

  public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

  public static final String APPLICATION_ID_CONFIG = "application.id";
  public static final String DEFAULT_APPLICATION_ID = "jobpipe-scheduler";
  private static final String APPLICATION_ID_DOC = "Kafka Streams application id; instances with the same id"
      + " share the scheduled topics' partitions and the cron definitions. Also names the stores' changelog"
      + " topics, which `jobpipe schedule list` reads.";

  public static final String STATE_DIR_CONFIG = "state.dir";
  private static final String STATE_DIR_DOC = "Directory of the RocksDB stores of pending jobs and cron state;"
      + " Kafka Streams' default when unset.";

  public static final String INSTANCE_ID_CONFIG = "instance.id";
  private static final String INSTANCE_ID_DOC = "Stable name of this process among the scheduler instances (e.g."
      + " the pod name): static group membership, so a restarted instance takes its partitions back at once."
      + " When unset, a crashed instance's partitions move after the session timeout.";

  public static final String PUNCTUATE_INTERVAL_MS_CONFIG = "punctuate.interval.ms";
  public static final long DEFAULT_PUNCTUATE_INTERVAL_MS = 10L;
  private static final String PUNCTUATE_INTERVAL_MS_DOC = "Longest a stream thread waits for input before it"
      + " looks at the clock again (its poll time), and so the most an idle scheduler adds to a job's lateness."
      + " Each task's wall-clock punctuation is armed for the earliest due time (or fire time) it holds and"
      + " forwards what is due at the first look after it; a smaller value costs more idle polls.";

  public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
  public static final long DEFAULT_COMMIT_INTERVAL_MS = 100L;
  private static final String COMMIT_INTERVAL_MS_DOC = "Exactly-once commit interval of what the scheduler"
      + " read (new scheduled jobs, cancels, definitions); a task that forwards jobs commits at once, so"
      + " forwarded jobs do not wait for it, and a task that read nothing and forwarded nothing does not commit.";

  public static final String FORWARD_BATCH_MAX_CONFIG = "forward.batch.max";
  public static final int DEFAULT_FORWARD_BATCH_MAX = 5_000;
  private static final String FORWARD_BATCH_MAX_DOC = "Most due jobs one task forwards in one punctuation (one"
      + " transaction); a larger backlog, e.g. after an outage, is drained over the next punctuations.";

  public static final String STORE_MEMORY_MAX_BYTES_CONFIG = "store.memory.max.bytes";
  public static final long DEFAULT_STORE_MEMORY_MAX_BYTES = 64L << 20;
  private static final String STORE_MEMORY_MAX_BYTES_DOC = "Off-heap memory of all RocksDB stores of the"
      + " schedulers in this JVM (block cache, index and filter blocks, memtables), shared by every store"
      + " whatever the partition count. Pending jobs beyond it stay on disk.";

  public static final String STANDBY_REPLICAS_CONFIG = "num.standby.replicas";
  public static final int DEFAULT_STANDBY_REPLICAS = 1;
  private static final String STANDBY_REPLICAS_DOC = "Standby replicas of each store on other instances, so a"
      + " failover resumes from a warm copy instead of restoring the changelog.";

  public static final String STREAM_THREADS_CONFIG = "stream.threads";
  private static final String STREAM_THREADS_DOC = "Kafka Streams threads of this instance.";

  public static final String TOPIC_REFRESH_MS_CONFIG = "topic.refresh.ms";
  public static final long DEFAULT_TOPIC_REFRESH_MS = 5_000L;
  private static final String TOPIC_REFRESH_MS_DOC = "How often the jobs.*.scheduled pattern is matched"
      + " against the cluster's topics, so a new job type is scheduled without a restart.";

  public static final String CRON_MISFIRE_GRACE_MS_CONFIG = "cron.misfire.grace.ms";
  public static final long DEFAULT_CRON_MISFIRE_GRACE_MS = 60_000L;
  private static final String CRON_MISFIRE_GRACE_MS_DOC = "A cron fire found this much or less after its time"
      + " is on time and always fires; an older one (the scheduler was down or paused) is a misfire,"
      + " handled by the schedule's misfire policy.";

  public static final String CRON_OVERLAP_SKIP_ENABLED_CONFIG = "cron.overlap.skip.enabled";
  private static final String CRON_OVERLAP_SKIP_ENABLED_DOC = "Read every jobs.T.done, jobs.T.dlq and"
      + " jobs.T.control for the ends of recurring fires, which the overlap policy skip needs: the scheduler's"
      + " work then grows with the throughput of every job type. With false, nothing of them is read and a"
      + " schedule with overlap skip fires like one with overlap allow (logged when its definition is read).";

  public static final String TOPICS_CREATE_CONFIG = "topics.create";
  private static final String TOPICS_CREATE_DOC = "Create the jobpipe.cron topic and the application's"
      + " <application.id>-cron-fire-ends topic (partitioned like jobpipe.cron) at start when they are missing.";

  public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication.factor";
  private static final String TOPICS_REPLICATION_FACTOR_DOC = "Replication factor of created topics (jobpipe.cron"
      + " and the internal changelogs); -1 for the broker default.";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
          ConfigDef.ValidList.anyNonDuplicateValues(false, false), Importance.HIGH, CommonClientConfigs.BOOTSTRAP_SERVERS_DOC)
      .define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyStringWithoutControlChars(),
          Importance.HIGH, APPLICATION_ID_DOC)
      .define(STATE_DIR_CONFIG, Type.STRING, null, Importance.MEDIUM, STATE_DIR_DOC)
      .define(INSTANCE_ID_CONFIG, Type.STRING, null, Importance.MEDIUM, INSTANCE_ID_DOC)
      .define(PUNCTUATE_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_PUNCTUATE_INTERVAL_MS, Range.between(1, 10_000),
          Importance.MEDIUM, PUNCTUATE_INTERVAL_MS_DOC)
      .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_COMMIT_INTERVAL_MS, Range.atLeast(1),
          Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
      .define(FORWARD_BATCH_MAX_CONFIG, Type.INT, DEFAULT_FORWARD_BATCH_MAX, Range.atLeast(1), Importance.LOW,
          FORWARD_BATCH_MAX_DOC)
      .define(STORE_MEMORY_MAX_BYTES_CONFIG, Type.LONG, DEFAULT_STORE_MEMORY_MAX_BYTES, Range.atLeast(4L << 20),
          Importance.MEDIUM, STORE_MEMORY_MAX_BYTES_DOC)
      .define(STANDBY_REPLICAS_CONFIG, Type.INT, DEFAULT_STANDBY_REPLICAS, Range.atLeast(0), Importance.MEDIUM,
          STANDBY_REPLICAS_DOC)
      .define(STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.LOW, STREAM_THREADS_DOC)
      .define(TOPIC_REFRESH_MS_CONFIG, Type.LONG, DEFAULT_TOPIC_REFRESH_MS, Range.atLeast(100), Importance.LOW,
          TOPIC_REFRESH_MS_DOC)
      .define(CRON_MISFIRE_GRACE_MS_CONFIG, Type.LONG, DEFAULT_CRON_MISFIRE_GRACE_MS, Range.atLeast(0),
          Importance.LOW, CRON_MISFIRE_GRACE_MS_DOC)
      .define(CRON_OVERLAP_SKIP_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.LOW, CRON_OVERLAP_SKIP_ENABLED_DOC)
      .define(TOPICS_CREATE_CONFIG, Type.BOOLEAN, true, Importance.LOW, TOPICS_CREATE_DOC)
      .define(TOPICS_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) -1, Importance.LOW, TOPICS_REPLICATION_FACTOR_DOC);

  private final String instanceId;

  /** Parses and validates {@code props}; a {@link ConfigException} names the first bad key. */
  public SchedulerConfig(Map<?, ?> props) {
    super(CONFIG, props, false);
    this.instanceId = StreamsProperties.instanceId(INSTANCE_ID_CONFIG, getString(INSTANCE_ID_CONFIG));
  }

  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  public String instanceId() {
    return instanceId;
  }

  /** The stream threads' poll time: the longest an idle scheduler waits before looking for due jobs. */
  public Duration punctuateInterval() {
    return Duration.ofMillis(getLong(PUNCTUATE_INTERVAL_MS_CONFIG));
  }

  public int forwardBatchMax() {
    return getInt(FORWARD_BATCH_MAX_CONFIG);
  }

  public Duration cronMisfireGrace() {
    return Duration.ofMillis(getLong(CRON_MISFIRE_GRACE_MS_CONFIG));
  }

  /** Whether the scheduler reads the ends of jobs, so that overlap skip holds a schedule while its fire runs. */
  public boolean overlapSkipEnabled() {
    return getBoolean(CRON_OVERLAP_SKIP_ENABLED_CONFIG);
  }

  public boolean createTopics() {
    return getBoolean(TOPICS_CREATE_CONFIG);
  }

  public Optional<Short> topicReplicationFactor() {
    short rf = getShort(TOPICS_REPLICATION_FACTOR_CONFIG);
    return rf < 0 ? Optional.empty() : Optional.of(rf);
  }

  /** Properties of the Kafka Streams instance: exactly-once v2, short polls for punctual punctuations. */
  public Map<String, Object> streamsProperties() {
    return StreamsProperties.passThrough(originals(), CONFIG.names()::contains)
        .set(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG))
        .set(StreamsConfig.APPLICATION_ID_CONFIG, applicationId())
        .exactlyOnce(getLong(COMMIT_INTERVAL_MS_CONFIG))
        .set(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(STREAM_THREADS_CONFIG))
        .set(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(STANDBY_REPLICAS_CONFIG))
        // a stream thread checks its punctuators between polls: an idle poll must not outlast the interval
        .set(StreamsConfig.POLL_MS_CONFIG, getLong(PUNCTUATE_INTERVAL_MS_CONFIG))
        .topicRefresh(getLong(TOPIC_REFRESH_MS_CONFIG))
        // a transaction begun right after a commit meets CONCURRENT_TRANSACTIONS and is retried after this
        // backoff; Kafka's 100 ms default would make a forward that follows another one 100 ms late
        .byDefault(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5)
        .byDefault(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1)
        .boundedRocksDb(getLong(STORE_MEMORY_MAX_BYTES_CONFIG), STORE_WRITE_BUFFER_SHARE)
        .stateDir(getString(STATE_DIR_CONFIG))
        .staticMember(getString(INSTANCE_ID_CONFIG) != null ? instanceId : null)
        .replicationFactor(topicReplicationFactor())
        .toMap();
  }

  /** Share of {@value #STORE_MEMORY_MAX_BYTES_CONFIG} the memtables may take; the rest caches blocks. */
  static final double STORE_WRITE_BUFFER_SHARE = 0.25;

  /** Properties of the admin client that creates the cron topic. */
  public Map<String, Object> adminProperties() {
    Map<String, Object> props = ClientConfigs.admin(originals(), CONFIG.names()::contains);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationId() + "-admin-" + instanceId);
    return props;
  }
}
