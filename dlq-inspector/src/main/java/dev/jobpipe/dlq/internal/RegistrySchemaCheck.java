package dev.jobpipe.dlq.internal;

import dev.jobpipe.dlq.DlqException;
import dev.jobpipe.dlq.SchemaCheck;
import dev.jobpipe.schemas.registry.RegisteredSchema;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.serde.AvroCodec;
import dev.jobpipe.schemas.serde.UndecodableJobException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * {@link SchemaCheck} against the registry: the writer schema of each value must be readable by the
 * latest schema of the subject (Avro's reader/writer compatibility), and the bytes must decode
 * with it. The latest schema is fetched once per check instance, so one replay judges every letter
 * against the same version; verdicts are cached per writer schema id.
 */
public final class RegistrySchemaCheck implements SchemaCheck {

  private final SchemaRegistryClient registry;
  private final AvroCodec codec;
  private final String subject;
  private final Map<Integer, Optional<String>> verdicts = new HashMap<>();
  private RegisteredSchema latest;

  public RegistrySchemaCheck(SchemaRegistryClient registry, AvroCodec codec, String subject) {
    this.registry = registry;
    this.codec = codec;
    this.subject = subject;
  }

  @Override
  public Optional<String> problem(byte[] value) {
    if (value == null) {
      return Optional.of("the record has no value");
    }
    RegisteredSchema current = latest();
    int id;
    try {
      id = AvroCodec.schemaId(value);
    } catch (UndecodableJobException e) {
      return Optional.of("not a Confluent wire-format value: " + e.detail());
    }
    Optional<String> verdict = verdicts.computeIfAbsent(id, i -> judge(i, current));
    if (verdict.isPresent()) {
      return verdict;
    }
    try {
      codec.decode(value, current.schema());
      return Optional.empty();
    } catch (UndecodableJobException e) {
      return Optional.of("does not decode with the latest schema (id " + current.id() + "): " + e.detail());
    }
  }

  private Optional<String> judge(int writerId, RegisteredSchema current) {
    if (writerId == current.id()) {
      return Optional.empty();
    }
    Schema writer;
    try {
      writer = registry.schemaById(writerId);
    } catch (SchemaRegistryException e) {
      return Optional.of("writer schema id " + writerId + " is unknown to the registry: " + e.getMessage());
    }
    SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current.schema(), writer);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return Optional.empty();
    }
    return Optional.of("writer schema id " + writerId + " cannot be read by the latest schema of " + subject
        + " (id " + current.id() + ", version " + current.version() + "): "
        + result.getResult().getIncompatibilities().stream()
            .map(i -> i.getType() + " at " + i.getLocation() + (i.getMessage() == null ? "" : " (" + i.getMessage() + ")"))
            .reduce((a, b) -> a + "; " + b).orElse(result.getDescription()));
  }

  private RegisteredSchema latest() {
    if (latest == null) {
      try {
        latest = registry.latest(subject);
      } catch (SchemaRegistryException e) {
        if (e.httpStatus() == 404) {
          throw new DlqException("no schema is registered under " + subject
              + ": cannot check payloads before replaying", e);
        }
        throw e;
      }
    }
    return latest;
  }
}
