package dev.jobpipe.schemas.serde.internal;

import java.io.IOException;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * How to read values of one writer schema id into one reader schema, decided once and cached: the
 * datum reader (thread-safe once built), or why the pair cannot be read at all.
 *
 * @param incompatibility null when the writer can be read with the reader schema, else the reason
 */
public record ReadPlan(int writerId, Schema writerSchema, Schema readerSchema, DatumReader<Object> reader,
    String incompatibility) {

  /** A plan that reads {@code writer} as-is, as generic records. */
  public static ReadPlan asWritten(int writerId, Schema writer) {
    return build(writerId, writer, writer, GenericData.get());
  }

  /**
   * A plan that resolves {@code writer} into {@code reader}: into instances of the generated class
   * when {@code specificData} is given, else generic records.
   */
  public static ReadPlan resolving(int writerId, Schema writer, Schema reader, SpecificData specificData) {
    SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
      String reasons = compatibility.getResult().getIncompatibilities().stream()
          .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
          .collect(Collectors.joining("; "));
      return new ReadPlan(writerId, writer, reader, null,
          "writer schema id " + writerId + " (" + writer.getFullName() + ") cannot be read as "
              + reader.getFullName() + ": " + reasons);
    }
    return build(writerId, writer, reader, specificData != null ? specificData : GenericData.get());
  }

  /**
   * Builds Avro's precompiled ("fast") reader eagerly when it is enabled, as the plain datum
   * readers would do lazily on first read: built here, it is complete before the plan is published
   * to other threads through the plan cache.
   */
  private static ReadPlan build(int writerId, Schema writer, Schema reader, GenericData data) {
    DatumReader<Object> datumReader;
    if (data.isFastReaderEnabled()) {
      try {
        datumReader = data.getFastReaderBuilder().createDatumReader(writer, reader);
      } catch (IOException | RuntimeException e) {
        return new ReadPlan(writerId, writer, reader, null, "writer schema id " + writerId + " (" + writer.getFullName()
            + ") cannot be resolved into " + reader.getFullName() + ": " + e.getMessage());
      }
    } else if (data instanceof SpecificData specific) {
      datumReader = new SpecificDatumReader<>(writer, reader, specific);
    } else {
      datumReader = new GenericDatumReader<>(writer, reader, data);
    }
    return new ReadPlan(writerId, writer, reader, datumReader, null);
  }
}
