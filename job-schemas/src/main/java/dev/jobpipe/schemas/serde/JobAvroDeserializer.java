package dev.jobpipe.schemas.serde;

import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} reading Confluent wire-format Avro values: generic records by default,
 * instances of the generated classes with {@code specific.avro.reader=true} (resolved against the
 * class's schema, so a consumer reads data of older and newer writers), or records of a fixed
 * reader schema when built with one.
 *
 * <p>Unlike most deserializers, a null value is an error here: on a job topic it is not a job.
 * Every undecodable value raises {@link UndecodableJobException} naming the topic; the consumer
 * wraps it in a {@link org.apache.kafka.common.errors.RecordDeserializationException} with the
 * partition and offset, and {@link UndecodableJobException#find} puts the three together. A
 * registry outage raises the retriable
 * {@link dev.jobpipe.schemas.registry.RegistryUnavailableException} instead.
 */
public class JobAvroDeserializer implements Deserializer<Object> {

  private AvroCodec codec;
  private SchemaRegistryClient ownedRegistry;
  private Schema readerSchema;
  private boolean specificReader;

  /** For Kafka, which calls {@link #configure} next. */
  public JobAvroDeserializer() {}

  /** A deserializer around a codec the caller owns, resolving every value into {@code readerSchema} (null: as written). */
  public JobAvroDeserializer(AvroCodec codec, Schema readerSchema) {
    this.codec = codec;
    this.readerSchema = readerSchema;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    boolean ownsCodec = codec == null || ownedRegistry != null;
    JobAvroSerdeConfig config = ownsCodec ? new JobAvroSerdeConfig(configs) : JobAvroSerdeConfig.withoutRegistry(configs);
    specificReader = config.specificAvroReader();
    if (ownsCodec) {
      close(); // configured again: drop the client of the earlier configuration
      ownedRegistry = SchemaRegistryClient.create(config.registryConfig());
      codec = new AvroCodec(ownedRegistry, false);
    }
  }

  @Override
  public Object deserialize(String topic, byte[] data) {
    if (codec == null) {
      throw new IllegalStateException("JobAvroDeserializer is not configured");
    }
    try {
      if (readerSchema != null) {
        return codec.decode(data, readerSchema).value();
      }
      return (specificReader ? codec.decodeSpecific(data) : codec.decode(data)).value();
    } catch (UndecodableJobException e) {
      throw e.withTopic(topic);
    }
  }

  @Override
  public void close() {
    if (ownedRegistry != null) {
      ownedRegistry.close();
    }
  }
}
