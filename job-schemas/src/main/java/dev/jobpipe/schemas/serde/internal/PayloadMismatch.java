package dev.jobpipe.schemas.serde.internal;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Explains why a payload could not be written with its schema, naming the first field (as a dotted
 * path) whose value does not fit. Only runs after Avro's writer failed, so it costs nothing on the
 * success path.
 */
public final class PayloadMismatch {
  private PayloadMismatch() {}

  /** A one-line description naming the offending field, falling back to Avro's own message. */
  public static String describe(Schema schema, Object datum, GenericData data, RuntimeException failure) {
    String field = null;
    try {
      field = firstInvalid(schema, datum, schema.getName(), data);
    } catch (RuntimeException e) {
      // the payload is too malformed to walk; Avro's message below still says what broke
    }
    StringBuilder message = new StringBuilder("payload does not match schema ").append(schema.getFullName());
    if (field != null) {
      message.append(": ").append(field);
    }
    if (failure != null && failure.getMessage() != null) {
      message.append(" (").append(failure.getMessage()).append(')');
    }
    return message.toString();
  }

  private static String firstInvalid(Schema schema, Object datum, String path, GenericData data) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!(datum instanceof IndexedRecord record)) {
          return "field '" + path + "' expects a " + schema.getFullName() + " record, got " + describeValue(datum);
        }
        for (Schema.Field field : schema.getFields()) {
          Object value = record.get(field.pos());
          if (!data.validate(field.schema(), value)) {
            String deeper = firstInvalid(field.schema(), value, path + "." + field.name(), data);
            return deeper != null ? deeper
                : "field '" + path + "." + field.name() + "' expects " + typeName(field.schema()) + ", got "
                    + describeValue(value);
          }
        }
        return null;
      }
      case ARRAY -> {
        if (datum instanceof Iterable<?> items) {
          int i = 0;
          for (Object item : items) {
            if (!data.validate(schema.getElementType(), item)) {
              String deeper = firstInvalid(schema.getElementType(), item, path + "[" + i + "]", data);
              return deeper != null ? deeper
                  : "field '" + path + "[" + i + "]' expects " + typeName(schema.getElementType()) + ", got "
                      + describeValue(item);
            }
            i++;
          }
        }
        return null;
      }
      case MAP -> {
        if (datum instanceof Map<?, ?> map) {
          for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!data.validate(schema.getValueType(), entry.getValue())) {
              String key = path + "[" + entry.getKey() + "]";
              String deeper = firstInvalid(schema.getValueType(), entry.getValue(), key, data);
              return deeper != null ? deeper
                  : "field '" + key + "' expects " + typeName(schema.getValueType()) + ", got "
                      + describeValue(entry.getValue());
            }
          }
        }
        return null;
      }
      case UNION -> {
        // the value matches no branch: descend into the record branch of the same name, if any
        if (datum instanceof IndexedRecord record) {
          for (Schema branch : schema.getTypes()) {
            if (branch.getType() == Schema.Type.RECORD
                && branch.getFullName().equals(record.getSchema().getFullName())) {
              return firstInvalid(branch, datum, path, data);
            }
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static String typeName(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      return schema.getTypes().stream().map(PayloadMismatch::typeName).toList().toString();
    }
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getFullName();
      default -> schema.getType().getName();
    };
  }

  private static String describeValue(Object value) {
    if (value == null) {
      return "null";
    }
    String text = String.valueOf(value);
    if (text.length() > 60) {
      text = text.substring(0, 60) + "...";
    }
    return value.getClass().getSimpleName() + " '" + text + "'";
  }
}
