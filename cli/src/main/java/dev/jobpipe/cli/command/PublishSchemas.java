package dev.jobpipe.cli.command;

import dev.jobpipe.cli.UserException;
import dev.jobpipe.examples.ExampleJobs;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;

/**
 * The payload schema {@code jobpipe publish} converts JSON to: the latest version registered under
 * {@code jobs.T-value}, so the command follows the type's evolution; for a type with nothing
 * registered yet, the schema of an example type ({@link ExampleJobs}).
 */
final class PublishSchemas {

  private PublishSchemas() {}

  static Schema resolve(SchemaRegistryClient registry, String type) {
    String subject = JobTopics.of(type).main() + "-value";
    Schema schema;
    try {
      schema = registry.latest(subject).schema();
    } catch (RegistryUnavailableException e) {
      throw new UserException("schema registry at " + registry.baseUrl() + " is unreachable: " + e.getMessage(), e);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() != 404) {
        throw new UserException("schema registry refused to give the schema of " + subject + ": " + e.getMessage(), e);
      }
      schema = ExampleJobs.schema(type).orElseThrow(() -> new UserException(
          "no schema for job type '" + type + "': nothing registered under " + subject
              + " and no example schema (register one, or publish once from a service)", e));
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new UserException("the schema under " + subject + " is a " + schema.getType().getName()
          + ", not a record: jobpipe payloads are records");
    }
    return schema;
  }
}
