package dev.jobpipe.producer;

import dev.jobpipe.schemas.config.ClientConfigs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Settings of {@link JobPublisher}, validated in one place; an error names the key.
 *
 * <p>Besides the keys defined here, any Kafka producer key (SASL, TLS, {@code client.id},
 * {@code buffer.memory}, ...) is passed to the producer, the connection keys also to the admin
 * client that checks topics; the keys of {@link SchemaRegistryConfig} ({@code schema.registry.*},
 * {@code basic.auth.user.info}) configure the registry client; a {@code producer.} or {@code admin.}
 * prefix targets one client only. Settings that would allow loss are refused: {@code acks} can only be
 * {@code all}, {@code enable.idempotence} only {@code true}; the serializers and
 * {@code transactional.id} are the publisher's own.
 */
public final class JobPublisherConfig extends AbstractConfig {

  public static final String BOOTSTRAP_SERVERS_CONFIG = ProducerConfig.BOOTSTRAP_SERVERS_CONFIG;
  private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port...].";

  /** Where payload schemas are registered; with every other key of {@link SchemaRegistryConfig}. */
  public static final String SCHEMA_REGISTRY_URL_CONFIG = SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG;

  public static final String DELIVERY_TIMEOUT_MS_CONFIG = ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
  public static final int DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;
  private static final String DELIVERY_TIMEOUT_MS_DOC =
      "Upper bound on the time between publish() and the failure of its future when the cluster does"
          + " not acknowledge the job; the producer retries within it. Also bounds max.block.ms unless"
          + " that is set.";

  public static final String LINGER_MS_CONFIG = ProducerConfig.LINGER_MS_CONFIG;
  public static final int DEFAULT_LINGER_MS = 5;
  private static final String LINGER_MS_DOC = "How long the producer waits to fill a batch; trades latency for throughput.";

  public static final String BATCH_SIZE_CONFIG = ProducerConfig.BATCH_SIZE_CONFIG;
  public static final int DEFAULT_BATCH_SIZE = 65_536;
  private static final String BATCH_SIZE_DOC = "Batch size in bytes per partition; larger than Kafka's default for throughput.";

  public static final String COMPRESSION_TYPE_CONFIG = ProducerConfig.COMPRESSION_TYPE_CONFIG;
  public static final String DEFAULT_COMPRESSION_TYPE = "none";
  private static final String COMPRESSION_TYPE_DOC =
      "Batch compression: none, gzip, snappy, lz4 or zstd. None by default: job payloads are small"
          + " Avro records that compress little, and compression costs CPU on both ends; set lz4 or zstd"
          + " for large or repetitive payloads.";

  public static final String TOPIC_METADATA_TIMEOUT_MS_CONFIG = "topic.metadata.timeout.ms";
  public static final int DEFAULT_TOPIC_METADATA_TIMEOUT_MS = 10_000;
  private static final String TOPIC_METADATA_TIMEOUT_MS_DOC =
      "How long the first publish of a job type waits for the check that its topic exists and for the"
          + " topic's max.message.bytes; the result is cached per type.";

  /** Kafka's own default, used when max.request.size is not set. */
  static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
  private static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
  private static final int DEFAULT_MAX_BLOCK_MS = 60_000;
  private static final Set<String> OWNED =
      Set.of(
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG);

  private static final ConfigDef CONFIG =
      SchemaRegistryConfig.configDef()
          .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
              JobPublisherConfig::requireNonEmptyList,
              Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
          .define(DELIVERY_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_DELIVERY_TIMEOUT_MS,
              ConfigDef.Range.atLeast(1), Importance.HIGH, DELIVERY_TIMEOUT_MS_DOC)
          .define(LINGER_MS_CONFIG, Type.INT, DEFAULT_LINGER_MS,
              ConfigDef.Range.atLeast(0), Importance.MEDIUM, LINGER_MS_DOC)
          .define(BATCH_SIZE_CONFIG, Type.INT, DEFAULT_BATCH_SIZE,
              ConfigDef.Range.atLeast(0), Importance.MEDIUM, BATCH_SIZE_DOC)
          .define(COMPRESSION_TYPE_CONFIG, Type.STRING, DEFAULT_COMPRESSION_TYPE,
              ConfigDef.ValidString.in("none", "gzip", "snappy", "lz4", "zstd"),
              Importance.MEDIUM, COMPRESSION_TYPE_DOC)
          .define(TOPIC_METADATA_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_TOPIC_METADATA_TIMEOUT_MS,
              ConfigDef.Range.atLeast(1), Importance.LOW, TOPIC_METADATA_TIMEOUT_MS_DOC);

  private final Map<String, Object> producerProperties;
  private final Map<String, Object> adminProperties;
  private final Map<String, Object> registryProperties;
  private final int maxRequestSize;

  public JobPublisherConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
    Map<String, Object> given = originals();
    refuseLossySettings(given);
    this.producerProperties = producerProperties(given);
    this.adminProperties = adminProperties(given);
    this.registryProperties = registryProperties(given);
    Object size = given.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    this.maxRequestSize = size == null
        ? DEFAULT_MAX_REQUEST_SIZE
        : (Integer) ConfigDef.parseType(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, size, Type.INT);
  }

  /** The definitions of the keys above, e.g. for documentation. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  /** Everything the producer is built with: no-loss settings, throughput tuning, byte[] serializers. */
  public Map<String, Object> producerProperties() {
    return producerProperties;
  }

  /** Connection and security settings for the admin client that checks topics. */
  public Map<String, Object> adminProperties() {
    return adminProperties;
  }

  /** Settings for the Schema Registry client, validated with the rest. */
  public SchemaRegistryConfig registryConfig() {
    return new SchemaRegistryConfig(registryProperties);
  }

  /** The producer's {@code max.request.size}: no single record may be larger. */
  public int maxRequestSize() {
    return maxRequestSize;
  }

  public int deliveryTimeoutMs() {
    return getInt(DELIVERY_TIMEOUT_MS_CONFIG);
  }

  public int topicMetadataTimeoutMs() {
    return getInt(TOPIC_METADATA_TIMEOUT_MS_CONFIG);
  }

  private static void requireNonEmptyList(String name, Object value) {
    if (value == null || ((List<?>) value).isEmpty()) {
      throw new ConfigException(name, value, "at least one value is required");
    }
  }

  private static void refuseLossySettings(Map<String, Object> given) {
    Map<String, Object> producer = ClientConfigs.producer(given, key -> false);
    ClientConfigs.requireNoLoss(new HashMap<>(producer), "a job publisher");
    for (String key : OWNED) {
      if (producer.containsKey(key)) {
        throw new ConfigException(key, producer.get(key), "is set by the job publisher and cannot be configured");
      }
    }
  }

  private Map<String, Object> producerProperties(Map<String, Object> given) {
    Map<String, Object> props = ClientConfigs.producer(given, key -> false);
    int delivery = getInt(DELIVERY_TIMEOUT_MS_CONFIG);
    int linger = getInt(LINGER_MS_CONFIG);
    int requestTimeout;
    if (given.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
      requestTimeout = (Integer) ConfigDef.parseType(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          given.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), Type.INT);
    } else {
      requestTimeout = Math.min(DEFAULT_REQUEST_TIMEOUT_MS, delivery - linger);
    }
    if (requestTimeout < 1 || delivery < linger + requestTimeout) {
      throw new ConfigException(DELIVERY_TIMEOUT_MS_CONFIG, delivery,
          "must be larger than linger.ms (" + linger + ") plus request.timeout.ms"
              + (given.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG) ? " (" + requestTimeout + ")" : ""));
    }
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
    ClientConfigs.requireNoLoss(props, "a job publisher");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
    props.put(ProducerConfig.LINGER_MS_CONFIG, linger);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, getInt(BATCH_SIZE_CONFIG));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, getString(COMPRESSION_TYPE_CONFIG));
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(DEFAULT_MAX_BLOCK_MS, delivery));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return Map.copyOf(props);
  }

  private Map<String, Object> adminProperties(Map<String, Object> given) {
    Map<String, Object> props = ClientConfigs.admin(given, key -> false);
    int timeout = getInt(TOPIC_METADATA_TIMEOUT_MS_CONFIG);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, getList(BOOTSTRAP_SERVERS_CONFIG));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    Object clientId = given.get(ProducerConfig.CLIENT_ID_CONFIG);
    if (clientId != null) {
      props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
    }
    return Map.copyOf(props);
  }

  private Map<String, Object> registryProperties(Map<String, Object> given) {
    return Map.copyOf(ClientConfigs.registry(given));
  }
}
