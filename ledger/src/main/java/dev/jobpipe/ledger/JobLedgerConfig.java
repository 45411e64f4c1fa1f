package dev.jobpipe.ledger;

import dev.jobpipe.schemas.streams.StreamsProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of a {@link JobLedger}, validated in one place. Besides the keys below, every Kafka
 * Streams or client setting ({@code bootstrap.servers}, {@code state.dir},
 * {@code num.standby.replicas}, {@code consumer.}/{@code producer.} prefixed ones, SASL/TLS) is
 * passed to the Streams application; the ledger owns {@code application.server} (from the HTTP
 * address), {@code metadata.max.age.ms} (from {@value #TOPIC_REFRESH_MS_CONFIG}) and the serdes.
 */
public final class JobLedgerConfig extends AbstractConfig {

  public static final String APPLICATION_ID_CONFIG = StreamsConfig.APPLICATION_ID_CONFIG;
  public static final String DEFAULT_APPLICATION_ID = "jobpipe-ledger";
  private static final String APPLICATION_ID_DOC =
      "Kafka Streams application id: the consumer group and the prefix of the ledger's internal topics."
          + " Instances with the same id share the work and answer for each other.";

  public static final String HTTP_HOST_CONFIG = "http.host";
  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  private static final String HTTP_HOST_DOC = "Address the HTTP API listens on.";

  public static final String HTTP_PORT_CONFIG = "http.port";
  public static final int DEFAULT_HTTP_PORT = 9410;
  private static final String HTTP_PORT_DOC = "Port of the HTTP API; 0 picks a free one.";

  public static final String HTTP_ADVERTISED_HOST_CONFIG = "http.advertised.host";
  private static final String HTTP_ADVERTISED_HOST_DOC =
      "Host name other ledger instances reach this one at, to forward queries for the jobs it holds;"
          + " default: this machine's host name.";

  public static final String RETENTION_MS_CONFIG = "retention.ms";
  public static final long DEFAULT_RETENTION_MS = Duration.ofDays(7).toMillis();
  private static final String RETENTION_MS_DOC =
      "How long a job is kept after its terminal state (succeeded, dead, cancelled); the ledger deletes"
          + " it then. Jobs that never finish are kept.";

  public static final String RETENTION_CHECK_INTERVAL_MS_CONFIG = "retention.check.interval.ms";
  public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = 60_000L;
  private static final String RETENTION_CHECK_INTERVAL_MS_DOC = "How often expired jobs are looked for.";

  public static final String PARTITIONS_CONFIG = "partitions";
  public static final int DEFAULT_PARTITIONS = 6;
  private static final String PARTITIONS_DOC =
      "Partitions of the ledger's job-id repartition topic: the most instances that share the work."
          + " Fixed once the topic exists.";

  public static final String TOPIC_REFRESH_MS_CONFIG = "topic.refresh.ms";
  public static final long DEFAULT_TOPIC_REFRESH_MS = 30_000L;
  private static final String TOPIC_REFRESH_MS_DOC =
      "How often the ledger looks for new jobs.* topics (a new job type needs no restart).";

  public static final String ROCKSDB_MEMORY_BYTES_CONFIG = "rocksdb.memory.bytes";
  public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 64L << 20;
  private static final String ROCKSDB_MEMORY_BYTES_DOC =
      "Off-heap memory all the ledger's RocksDB stores in this JVM share: block cache, index and filter"
          + " blocks and write buffers. The state itself lives on disk; this bounds what it costs in RAM.";

  public static final String TYPES_CONFIG = "types";
  public static final String DEFAULT_TYPES = ".+";
  private static final String TYPES_DOC =
      "Regular expression of the job types the ledger follows (whole type name), e.g."
          + " 'email\\.send|billing\\..+'; default: every type, including types created later.";

  public static final String WAIT_MAX_MS_CONFIG = "wait.max.ms";
  public static final long DEFAULT_WAIT_MAX_MS = 300_000L;
  private static final String WAIT_MAX_MS_DOC = "Longest timeout GET /jobs/{id}/wait accepts.";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(),
          Importance.HIGH, APPLICATION_ID_DOC)
      .define(HTTP_HOST_CONFIG, Type.STRING, DEFAULT_HTTP_HOST, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
          HTTP_HOST_DOC)
      .define(HTTP_PORT_CONFIG, Type.INT, DEFAULT_HTTP_PORT, ConfigDef.Range.between(0, 65_535), Importance.HIGH,
          HTTP_PORT_DOC)
      .define(HTTP_ADVERTISED_HOST_CONFIG, Type.STRING, null, Importance.MEDIUM, HTTP_ADVERTISED_HOST_DOC)
      .define(RETENTION_MS_CONFIG, Type.LONG, DEFAULT_RETENTION_MS, ConfigDef.Range.atLeast(1), Importance.HIGH,
          RETENTION_MS_DOC)
      .define(RETENTION_CHECK_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_RETENTION_CHECK_INTERVAL_MS,
          ConfigDef.Range.atLeast(10), Importance.LOW, RETENTION_CHECK_INTERVAL_MS_DOC)
      .define(PARTITIONS_CONFIG, Type.INT, DEFAULT_PARTITIONS, ConfigDef.Range.between(1, 10_000), Importance.MEDIUM,
          PARTITIONS_DOC)
      .define(TOPIC_REFRESH_MS_CONFIG, Type.LONG, DEFAULT_TOPIC_REFRESH_MS, ConfigDef.Range.atLeast(100),
          Importance.LOW, TOPIC_REFRESH_MS_DOC)
      .define(ROCKSDB_MEMORY_BYTES_CONFIG, Type.LONG, DEFAULT_ROCKSDB_MEMORY_BYTES, ConfigDef.Range.atLeast(8L << 20),
          Importance.MEDIUM, ROCKSDB_MEMORY_BYTES_DOC)
      .define(TYPES_CONFIG, Type.STRING, DEFAULT_TYPES, JobLedgerConfig::validateRegex, Importance.MEDIUM, TYPES_DOC)
      .define(WAIT_MAX_MS_CONFIG, Type.LONG, DEFAULT_WAIT_MAX_MS, ConfigDef.Range.atLeast(1), Importance.LOW,
          WAIT_MAX_MS_DOC);

  private static final Set<String> LEDGER_ONLY_KEYS = Set.of(HTTP_HOST_CONFIG, HTTP_PORT_CONFIG,
      HTTP_ADVERTISED_HOST_CONFIG, RETENTION_MS_CONFIG, RETENTION_CHECK_INTERVAL_MS_CONFIG, PARTITIONS_CONFIG,
      TOPIC_REFRESH_MS_CONFIG, TYPES_CONFIG, WAIT_MAX_MS_CONFIG, ROCKSDB_MEMORY_BYTES_CONFIG);

  public JobLedgerConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
    if (originals.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
      throw new ConfigException(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, null, "the Kafka cluster to read is required");
    }
  }

  /** The definitions, for documentation and tooling. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  public String httpHost() {
    return getString(HTTP_HOST_CONFIG);
  }

  public int httpPort() {
    return getInt(HTTP_PORT_CONFIG);
  }

  /** The host other instances reach this one at. */
  public String advertisedHost() {
    String host = getString(HTTP_ADVERTISED_HOST_CONFIG);
    if (host != null) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  public Duration retention() {
    return Duration.ofMillis(getLong(RETENTION_MS_CONFIG));
  }

  public Duration retentionCheckInterval() {
    return Duration.ofMillis(getLong(RETENTION_CHECK_INTERVAL_MS_CONFIG));
  }

  public int partitions() {
    return getInt(PARTITIONS_CONFIG);
  }

  /** The off-heap budget of the RocksDB stores. */
  public long rocksDbMemoryBytes() {
    return getLong(ROCKSDB_MEMORY_BYTES_CONFIG);
  }

  /** The job types this ledger follows. */
  public Pattern types() {
    return Pattern.compile(getString(TYPES_CONFIG));
  }

  private static void validateRegex(String name, Object value) {
    if (value == null || value.toString().isEmpty()) {
      throw new ConfigException(name, value, "a regular expression of job types is required");
    }
    try {
      Pattern.compile(value.toString());
    } catch (PatternSyntaxException e) {
      throw new ConfigException(name, value, "not a regular expression: " + e.getDescription());
    }
  }

  public Duration waitMax() {
    return Duration.ofMillis(getLong(WAIT_MAX_MS_CONFIG));
  }

  /**
   * Properties of the Streams application serving HTTP on {@code advertisedPort}: common settings
   * first (one standby, at-least-once, 1 s commits, RocksDB under {@value #ROCKSDB_MEMORY_BYTES_CONFIG}),
   * then the user's, then what the ledger owns.
   */
  public Map<String, Object> streamsProperties(int advertisedPort) {
    return StreamsProperties.passThrough(originals(), LEDGER_ONLY_KEYS::contains)
        .byDefault(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
        .byDefault(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
        .byDefault(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000)
        .boundedRocksDb(rocksDbMemoryBytes(), ROCKSDB_WRITE_BUFFER_SHARE)
        .set(StreamsConfig.APPLICATION_ID_CONFIG, applicationId())
        .set(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost() + ":" + advertisedPort)
        .topicRefresh(getLong(TOPIC_REFRESH_MS_CONFIG))
        .set(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest")
        .toMap();
  }

  /** Share of {@value #ROCKSDB_MEMORY_BYTES_CONFIG} the memtables may take: the ledger is write-heavy. */
  static final double ROCKSDB_WRITE_BUFFER_SHARE = 0.5;

  @Override
  public String toString() {
    return "JobLedgerConfig[applicationId=" + applicationId() + ", http=" + httpHost() + ":" + httpPort()
        + ", retention=" + retention() + ", partitions=" + partitions() + ", types=" + getString(TYPES_CONFIG) + "]";
  }
}
