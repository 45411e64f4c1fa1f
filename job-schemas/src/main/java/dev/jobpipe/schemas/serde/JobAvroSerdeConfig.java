package dev.jobpipe.schemas.serde;

import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of {@link JobAvroSerializer} and {@link JobAvroDeserializer}: every
 * {@link SchemaRegistryConfig} key plus the two serde switches, named as in Confluent's serdes so a
 * client property file written for those works unchanged.
 */
public final class JobAvroSerdeConfig extends AbstractConfig {

  public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
  public static final boolean DEFAULT_AUTO_REGISTER_SCHEMAS = true;
  private static final String AUTO_REGISTER_SCHEMAS_DOC =
      "Whether the serializer registers a payload's schema under <topic>-value on first use; when"
          + " false the schema must already be registered there.";

  public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
  public static final boolean DEFAULT_SPECIFIC_AVRO_READER = false;
  private static final String SPECIFIC_AVRO_READER_DOC =
      "Whether the deserializer returns instances of the generated class named by the writer schema"
          + " (resolved against that class's schema) instead of generic records.";

  private static final ConfigDef CONFIG = SchemaRegistryConfig.configDef()
      .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, DEFAULT_AUTO_REGISTER_SCHEMAS, Importance.MEDIUM,
          AUTO_REGISTER_SCHEMAS_DOC)
      .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, DEFAULT_SPECIFIC_AVRO_READER, Importance.MEDIUM,
          SPECIFIC_AVRO_READER_DOC);

  /** The switches alone, for a serde built around a codec that already has its registry client. */
  private static final ConfigDef SWITCHES = new ConfigDef()
      .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, DEFAULT_AUTO_REGISTER_SCHEMAS, Importance.MEDIUM,
          AUTO_REGISTER_SCHEMAS_DOC)
      .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, DEFAULT_SPECIFIC_AVRO_READER, Importance.MEDIUM,
          SPECIFIC_AVRO_READER_DOC);

  public JobAvroSerdeConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }

  private JobAvroSerdeConfig(ConfigDef definition, Map<?, ?> originals) {
    super(definition, originals, false);
  }

  /** The serde switches without the registry keys, which a serde around a given codec does not need. */
  public static JobAvroSerdeConfig withoutRegistry(Map<?, ?> originals) {
    return new JobAvroSerdeConfig(SWITCHES, originals);
  }

  /** The registry part of this configuration. */
  public SchemaRegistryConfig registryConfig() {
    return new SchemaRegistryConfig(originals());
  }

  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
  }

  public boolean specificAvroReader() {
    return getBoolean(SPECIFIC_AVRO_READER_CONFIG);
  }
}
