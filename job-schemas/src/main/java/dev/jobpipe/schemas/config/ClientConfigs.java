package dev.jobpipe.schemas.config;

import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * How every jobpipe component turns its one settings map into the configs of its Kafka clients, the
 * way Kafka Streams does ({@code StreamsConfig.getMainConsumerConfigs}): first the keys the client
 * knows that are not the component's own, then the {@code consumer.} / {@code producer.} /
 * {@code admin.} prefixed overrides (prefix removed), then what the component must own, which the
 * caller puts last. The no-loss rule for producers that carry jobs ({@code acks=all} with
 * idempotence) and the registry's keys are here too, so each is written once.
 */
public final class ClientConfigs {

  public static final String CONSUMER_PREFIX = "consumer.";
  public static final String PRODUCER_PREFIX = "producer.";
  public static final String ADMIN_PREFIX = "admin.";

  private ClientConfigs() {}

  /**
   * The keys of {@code originals} that {@code clientKeys} contains and {@code own} does not, then the
   * {@code prefix}ed keys with the prefix removed (an override wins over the common value).
   */
  public static Map<String, Object> compose(
      Map<String, ?> originals, Set<String> clientKeys, Predicate<String> own, String prefix) {
    Map<String, Object> props = new HashMap<>();
    originals.forEach((key, value) -> {
      if (clientKeys.contains(key) && !own.test(key)) {
        props.put(key, value);
      }
    });
    originals.forEach((key, value) -> {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        props.put(key.substring(prefix.length()), value);
      }
    });
    return props;
  }

  /** Consumer settings of {@code originals}; {@code own} names the component's keys, never passed on. */
  public static Map<String, Object> consumer(Map<String, ?> originals, Predicate<String> own) {
    return compose(originals, ConsumerConfig.configNames(), own, CONSUMER_PREFIX);
  }

  /** Producer settings of {@code originals}; see {@link #consumer}. */
  public static Map<String, Object> producer(Map<String, ?> originals, Predicate<String> own) {
    return compose(originals, ProducerConfig.configNames(), own, PRODUCER_PREFIX);
  }

  /** Admin client settings of {@code originals}; see {@link #consumer}. */
  public static Map<String, Object> admin(Map<String, ?> originals, Predicate<String> own) {
    return compose(originals, AdminClientConfig.configNames(), own, ADMIN_PREFIX);
  }

  /** The Schema Registry client's settings of {@code originals} ({@link SchemaRegistryConfig}'s keys). */
  public static Map<String, Object> registry(Map<String, ?> originals) {
    Set<String> keys = SchemaRegistryConfig.configDef().names();
    Map<String, Object> props = new HashMap<>();
    originals.forEach((key, value) -> {
      if (keys.contains(key)) {
        props.put(key, value);
      }
    });
    return props;
  }

  /**
   * Makes {@code producer} a no-loss producer: {@code acks=all} and idempotence. A value that says
   * otherwise throws a {@link ConfigException} naming the key, with {@code why} (who needs it and
   * what would be lost), rather than being overridden silently.
   */
  public static Map<String, Object> requireNoLoss(Map<String, Object> producer, String who) {
    Object acks = producer.get(ProducerConfig.ACKS_CONFIG);
    if (acks != null) {
      String value = String.valueOf(acks).trim().toLowerCase(Locale.ROOT);
      if (!value.equals("all") && !value.equals("-1")) {
        throw new ConfigException(ProducerConfig.ACKS_CONFIG, acks,
            who + " needs acks=all: anything less can lose a record the broker acknowledged");
      }
    }
    Object idempotence = producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
    if (idempotence != null && !Boolean.parseBoolean(String.valueOf(idempotence).trim())) {
      throw new ConfigException(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotence,
          who + " needs an idempotent producer: retried sends must not duplicate or reorder records");
    }
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return producer;
  }
}
