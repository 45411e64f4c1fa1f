package dev.jobpipe.schemas.serde;

import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing Avro records (specific or generic) in the Confluent wire format
 * under the subject {@code <topic>-value} (or {@code -key}). Configured from the producer's
 * properties ({@link JobAvroSerdeConfig}) when Kafka instantiates it, or built around a shared
 * {@link AvroCodec}. A null record is written as null (a tombstone).
 *
 * <p>A payload that does not fit its schema fails with a {@link SerializationException} naming the
 * field; a registry outage with the retriable
 * {@link dev.jobpipe.schemas.registry.RegistryUnavailableException}.
 */
public class JobAvroSerializer implements Serializer<Object> {

  private AvroCodec codec;
  private SchemaRegistryClient ownedRegistry;
  private boolean isKey;

  /** For Kafka, which calls {@link #configure} next. */
  public JobAvroSerializer() {}

  /** A serializer around a codec the caller owns (and closes); the codec decides about auto-registration. */
  public JobAvroSerializer(AvroCodec codec) {
    this.codec = codec;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    if (codec == null || ownedRegistry != null) {
      JobAvroSerdeConfig config = new JobAvroSerdeConfig(configs);
      close(); // configured again: drop the client of the earlier configuration
      ownedRegistry = SchemaRegistryClient.create(config.registryConfig());
      codec = new AvroCodec(ownedRegistry, config.autoRegisterSchemas());
    }
  }

  @Override
  public byte[] serialize(String topic, Object data) {
    if (data == null) {
      return null;
    }
    if (codec == null) {
      throw new IllegalStateException("JobAvroSerializer is not configured");
    }
    try {
      return codec.encode(topic + (isKey ? "-key" : "-value"), data);
    } catch (IllegalArgumentException e) {
      throw new SerializationException("cannot serialize a record for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (ownedRegistry != null) {
      ownedRegistry.close();
    }
  }
}
