package dev.jobpipe.schemas.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The properties of one of jobpipe's Kafka Streams applications, composed from its component's
 * settings map the way {@code ClientConfigs} composes a client's: first every key the component
 * does not define (Streams and client settings, {@code consumer.}/{@code producer.} prefixed
 * overrides, SASL/TLS) passed through, with jobpipe's defaults under them ({@link #byDefault}), then
 * what the component owns on top ({@link #set} and the named rules below). The rules the router,
 * the scheduler and the ledger share are written here once.
 */
public final class StreamsProperties {

  private final Map<String, Object> props = new HashMap<>();

  private StreamsProperties() {}

  /**
   * The keys of {@code originals} that {@code own} does not name (the component's own keys are never
   * passed on). Jobpipe's applications hold no global state, so they opt in to the future default
   * of the processing exception handler for global threads, which silences Streams' start-up warning.
   */
  public static StreamsProperties passThrough(Map<String, ?> originals, Predicate<String> own) {
    StreamsProperties p = new StreamsProperties();
    originals.forEach((key, value) -> {
      if (!own.test(key)) {
        p.props.put(key, value);
      }
    });
    p.byDefault(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return p;
  }

  /**
   * The instance id of a component that has one: the configured one ({@code key}'s value), which must
   * not be blank, or a random one for this process when none is configured (then membership is
   * dynamic: no {@link #staticMember}).
   */
  public static String instanceId(String key, String configured) {
    if (configured != null && configured.isBlank()) {
      throw new ConfigException(key, configured, "must not be blank");
    }
    return configured != null ? configured : UUID.randomUUID().toString();
  }

  /** Sets {@code key} unless the user's settings did. */
  public StreamsProperties byDefault(String key, Object value) {
    props.putIfAbsent(key, value);
    return this;
  }

  /** Sets {@code key}, whatever the user's settings said: the component owns it. */
  public StreamsProperties set(String key, Object value) {
    props.put(key, value);
    return this;
  }

  /** Exactly-once v2, committing every {@code commitIntervalMs}. */
  public StreamsProperties exactlyOnce(long commitIntervalMs) {
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    return this;
  }

  /**
   * How often the input topic patterns are matched against the cluster's topics: the main
   * consumer's {@code metadata.max.age.ms}, so a new job type is picked up without a restart.
   */
  public StreamsProperties topicRefresh(long millis) {
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), millis);
    return this;
  }

  /** The state directory when {@code stateDir} is given; otherwise Kafka Streams' default or the user's. */
  public StreamsProperties stateDir(String stateDir) {
    if (stateDir != null) {
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    }
    return this;
  }

  /**
   * Static group membership of the main consumer when {@code groupInstanceId} is given: a restarted
   * instance takes its partitions back at once instead of after a rebalance.
   */
  public StreamsProperties staticMember(String groupInstanceId) {
    if (groupInstanceId != null) {
      props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), groupInstanceId);
    }
    return this;
  }

  /** The replication factor of the internal topics when given; otherwise the broker default. */
  public StreamsProperties replicationFactor(Optional<Short> replicationFactor) {
    replicationFactor.ifPresent(rf -> props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) rf));
    return this;
  }

  /**
   * Every RocksDB store under {@code bytes} of off-heap memory, shared with the stores of this JVM's
   * applications that ask for the same budget; {@code writeBufferShare} of it may hold memtables
   * ({@link BoundedRocksDbMemory}). A user's own {@code rocksdb.config.setter} wins.
   */
  public StreamsProperties boundedRocksDb(long bytes, double writeBufferShare) {
    props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    props.put(BoundedRocksDbMemory.BYTES_CONFIG, bytes);
    props.put(BoundedRocksDbMemory.WRITE_BUFFER_SHARE_CONFIG, writeBufferShare);
    return this;
  }

  /** The composed properties (a new mutable map). */
  public Map<String, Object> toMap() {
    return new HashMap<>(props);
  }
}
