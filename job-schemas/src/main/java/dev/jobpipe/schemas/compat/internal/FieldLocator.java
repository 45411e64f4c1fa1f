package dev.jobpipe.schemas.compat.internal;

import org.apache.avro.Schema;

/**
 * Turns the JSON pointer that Avro's {@code SchemaCompatibility} reports (e.g.
 * {@code /fields/3/type/items}) into a dotted field path of the reading schema (e.g.
 * {@code Order.lines[].sku}), because "field 3" helps nobody. Union branch indexes in the pointer
 * belong to the writer and are skipped.
 */
public final class FieldLocator {
  private FieldLocator() {}

  /** The dotted path of {@code pointer} in {@code reader}, starting with the record's name. */
  public static String path(Schema reader, String pointer) {
    StringBuilder path = new StringBuilder(reader.getName());
    Schema current = reader;
    String[] tokens = pointer == null ? new String[0] : pointer.split("/");
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i].replace("~1", "/").replace("~0", "~");
      switch (token) {
        case "", "type" -> { }
        case "fields" -> {
          Schema record = recordOf(current);
          if (record == null || i + 1 >= tokens.length) {
            return path.toString();
          }
          int index = parseIndex(tokens[++i]);
          if (index < 0 || index >= record.getFields().size()) {
            return path.toString();
          }
          Schema.Field field = record.getFields().get(index);
          path.append('.').append(field.name());
          current = field.schema();
        }
        case "items" -> {
          Schema array = branchOf(current, Schema.Type.ARRAY);
          if (array == null) {
            return path.toString();
          }
          path.append("[]");
          current = array.getElementType();
        }
        case "values" -> {
          Schema map = branchOf(current, Schema.Type.MAP);
          if (map == null) {
            return path.toString();
          }
          path.append("{}");
          current = map.getValueType();
        }
        default -> {
          if (parseIndex(token) < 0) {
            return path.toString(); // name, size, symbols: the problem is at the current node
          }
        }
      }
    }
    return path.toString();
  }

  private static Schema recordOf(Schema schema) {
    return branchOf(schema, Schema.Type.RECORD);
  }

  private static Schema branchOf(Schema schema, Schema.Type type) {
    if (schema.getType() == type) {
      return schema;
    }
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() == type) {
          return branch;
        }
      }
    }
    return null;
  }

  private static int parseIndex(String token) {
    if (token.isEmpty() || token.length() > 6) {
      return -1;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(token);
  }
}
