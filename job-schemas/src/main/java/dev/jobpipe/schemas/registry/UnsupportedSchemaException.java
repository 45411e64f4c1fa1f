package dev.jobpipe.schemas.registry;

/**
 * The registry knows the schema but it is not one jobpipe can use: a JSON Schema or Protobuf
 * schema, or Avro text that does not parse (for example one with references to other subjects).
 * Retrying cannot help; a value written with such a schema is undecodable for jobpipe.
 */
public class UnsupportedSchemaException extends SchemaRegistryException {
  public UnsupportedSchemaException(String message) {
    super(message, 200, -1);
  }
}
