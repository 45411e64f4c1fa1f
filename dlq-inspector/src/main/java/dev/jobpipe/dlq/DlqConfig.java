package dev.jobpipe.dlq;

import dev.jobpipe.schemas.config.ClientConfigs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Settings of the inspector's clients. Takes any Kafka client properties (from
 * {@code --command-config}: SASL, TLS, ...) plus its own {@code jobpipe.dlq.*} keys; the own keys
 * are validated here and stripped before the rest reaches the Kafka clients ({@link ClientConfigs}:
 * a {@code consumer.}, {@code producer.} or {@code admin.} prefix targets one client only).
 *
 * <p>An inspector is an interactive tool: an unreachable broker must be reported in seconds, not
 * after Kafka's default one-minute timeouts, so {@link #API_TIMEOUT_MS_CONFIG} bounds every
 * admin, metadata and send call unless the properties set Kafka's own timeouts explicitly.
 */
public final class DlqConfig extends AbstractConfig {

  public static final String PREFIX = "jobpipe.dlq.";

  public static final String API_TIMEOUT_MS_CONFIG = "jobpipe.dlq.api.timeout.ms";
  public static final long DEFAULT_API_TIMEOUT_MS = 5_000;
  private static final String API_TIMEOUT_MS_DOC = "How long any broker call may take before the broker "
      + "counts as unreachable: admin calls, metadata and offset lookups, reads that make no progress, "
      + "and blocking sends.";

  public static final String READ_CHUNK_SIZE_CONFIG = "jobpipe.dlq.read.chunk.size";
  public static final int DEFAULT_READ_CHUNK_SIZE = 500;
  private static final String READ_CHUNK_SIZE_DOC = "Records read per seek: a newest-first listing reads "
      + "the tail of each partition in chunks of this size until it has enough letters.";

  public static final String REPLAY_BATCH_SIZE_CONFIG = "jobpipe.dlq.replay.batch.size";
  public static final int DEFAULT_REPLAY_BATCH_SIZE = 500;
  private static final String REPLAY_BATCH_SIZE_DOC = "Records a replay sends before waiting for their "
      + "acknowledgements (and, for DLQ replays, writing their replay-log entries).";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
          new NonEmptyList(), Importance.HIGH, CommonClientConfigs.BOOTSTRAP_SERVERS_DOC)
      .define(API_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_API_TIMEOUT_MS, Range.between(100, 3_600_000),
          Importance.MEDIUM, API_TIMEOUT_MS_DOC)
      .define(READ_CHUNK_SIZE_CONFIG, Type.INT, DEFAULT_READ_CHUNK_SIZE, Range.between(1, 100_000),
          Importance.LOW, READ_CHUNK_SIZE_DOC)
      .define(REPLAY_BATCH_SIZE_CONFIG, Type.INT, DEFAULT_REPLAY_BATCH_SIZE, Range.between(1, 100_000),
          Importance.LOW, REPLAY_BATCH_SIZE_DOC);

  /** A list with at least one non-blank entry. */
  private static final class NonEmptyList implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (!(value instanceof List<?> list) || list.isEmpty() || list.stream().allMatch(v -> v.toString().isBlank())) {
        throw new ConfigException(name, value, "must name at least one broker (host:port)");
      }
    }

    @Override
    public String toString() {
      return "non-empty list";
    }
  }

  public DlqConfig(Map<String, ?> props) {
    super(CONFIG, props, false);
  }

  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public Duration apiTimeout() {
    return Duration.ofMillis(getLong(API_TIMEOUT_MS_CONFIG));
  }

  public int readChunkSize() {
    return getInt(READ_CHUNK_SIZE_CONFIG);
  }

  public int replayBatchSize() {
    return getInt(REPLAY_BATCH_SIZE_CONFIG);
  }

  /** Admin properties: short timeouts unless the caller set Kafka's own. */
  public Map<String, Object> adminProps() {
    Map<String, Object> p = ClientConfigs.admin(originals(), DlqConfig::own);
    int t = timeoutMs();
    p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, t);
    p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, t);
    p.putIfAbsent(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(t, 10_000));
    p.putIfAbsent(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) Math.min(t, 10_000));
    p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "jobpipe-dlq-admin");
    return p;
  }

  /**
   * Consumer properties for assign-and-seek reading: no group, no commits, committed reads only
   * (aborted transactional records are not letters), no topic auto-creation by a mistyped name.
   */
  public Map<String, Object> consumerProps() {
    Map<String, Object> p = ClientConfigs.consumer(originals(), DlqConfig::own);
    int t = timeoutMs();
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, t);
    p.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, t);
    p.putIfAbsent(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(t, 10_000));
    p.putIfAbsent(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) Math.min(t, 10_000));
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "jobpipe-dlq-reader");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  /** Producer properties for replays: idempotent, {@code acks=all}, sends that block or wait only briefly. */
  public Map<String, Object> producerProps() {
    Map<String, Object> p = ClientConfigs.requireNoLoss(
        ClientConfigs.producer(originals(), DlqConfig::own), "a replay (it republishes jobs)");
    int t = timeoutMs();
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) t);
    p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, t);
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(30_000, 3 * t));
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "jobpipe-dlq-replayer");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  private int timeoutMs() {
    return (int) Math.min(Integer.MAX_VALUE, getLong(API_TIMEOUT_MS_CONFIG));
  }

  /** Whether {@code key} is the inspector's own, never passed to a client. */
  private static boolean own(String key) {
    return key.startsWith(PREFIX);
  }
}
