package dev.jobpipe.producer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns JSON into a payload record of an Avro schema, for the {@code jobpipe publish} command and
 * for services that receive jobs as JSON. Strict, so a typo fails here rather than in a worker:
 * unknown fields, missing fields without a default and values of the wrong JSON kind are errors
 * whose message names the field path ({@code field 'size.width': expected int, got string}).
 *
 * <p>Accepted forms: plain JSON values; unions either as a plain value (the first branch it fits) or
 * in Avro's JSON encoding, an object with the branch's type name as its single key
 * ({@code {"string": "x"}}); enums as their symbol; maps as objects; {@code bytes} and {@code fixed}
 * as strings of code points 0-255, as in Avro's JSON encoding. Logical types take their underlying
 * representation (e.g. a {@code timestamp-millis} is a number of milliseconds). Thread-safe.
 */
public final class JsonPayloads {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonPayloads() {}

  /** Parses one JSON document; {@link InvalidPayloadException} saying where the syntax is wrong. */
  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getColumnNr() < 1 ? "" : " at column " + at.getColumnNr();
      throw new InvalidPayloadException("invalid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Parses {@code json} and converts it to a record of {@code schema}. */
  public static GenericRecord fromJson(String json, Schema schema) {
    return fromJson(parse(json), schema);
  }

  /**
   * Converts {@code json} to a record of {@code schema}, a record schema. Throws
   * {@link InvalidPayloadException} naming the first field that does not fit.
   */
  public static GenericRecord fromJson(JsonNode json, Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("a payload schema must be a record, got " + schema.getType().getName());
    }
    if (json == null || json.isMissingNode()) {
      throw new InvalidPayloadException("payload: expected a JSON object, got nothing", null);
    }
    return (GenericRecord) convert(json, schema, "");
  }

  private static Object convert(JsonNode node, Schema schema, String path) {
    return switch (schema.getType()) {
      case RECORD -> record(node, schema, path);
      case UNION -> union(node, schema, path);
      case ENUM -> enumSymbol(node, schema, path);
      case ARRAY -> array(node, schema, path);
      case MAP -> map(node, schema, path);
      case STRING -> {
        require(node.isTextual(), node, schema, path);
        yield node.textValue();
      }
      case BYTES -> ByteBuffer.wrap(latin1(node, schema, path));
      case FIXED -> {
        byte[] bytes = latin1(node, schema, path);
        if (bytes.length != schema.getFixedSize()) {
          throw error(path, "expected " + schema.getFixedSize() + " bytes for fixed " + schema.getName()
              + ", got " + bytes.length);
        }
        yield new GenericData.Fixed(schema, bytes);
      }
      case INT -> {
        require(node.isIntegralNumber(), node, schema, path);
        if (!node.canConvertToInt()) {
          throw error(path, "expected int, got number " + node.asText() + " (out of int range)");
        }
        yield node.intValue();
      }
      case LONG -> {
        require(node.isIntegralNumber(), node, schema, path);
        if (!node.canConvertToLong()) {
          throw error(path, "expected long, got number " + node.asText() + " (out of long range)");
        }
        yield node.longValue();
      }
      case FLOAT -> {
        require(node.isNumber(), node, schema, path);
        yield node.floatValue();
      }
      case DOUBLE -> {
        require(node.isNumber(), node, schema, path);
        yield node.doubleValue();
      }
      case BOOLEAN -> {
        require(node.isBoolean(), node, schema, path);
        yield node.booleanValue();
      }
      case NULL -> {
        require(node.isNull(), node, schema, path);
        yield null;
      }
    };
  }

  private static GenericRecord record(JsonNode node, Schema schema, String path) {
    require(node.isObject(), node, schema, path);
    GenericData.Record record = new GenericData.Record(schema);
    for (Field field : schema.getFields()) {
      String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      JsonNode value = node.get(field.name());
      if (value != null) {
        record.put(field.pos(), convert(value, field.schema(), fieldPath));
      } else if (field.hasDefaultValue()) {
        record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
      } else {
        throw error(fieldPath, "missing, and " + schema.getName() + " has no default for it");
      }
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (schema.getField(name) == null) {
        throw error(path.isEmpty() ? name : path + "." + name, "not a field of " + schema.getName());
      }
    }
    return record;
  }

  private static Object union(JsonNode node, Schema schema, String path) {
    List<Schema> branches = schema.getTypes();
    if (node.isObject() && node.size() == 1) {
      // Avro's JSON encoding of a union value: {"<branch type name>": value}
      String name = node.fieldNames().next();
      for (Schema branch : branches) {
        if (branch.getType() != Schema.Type.NULL && (name.equals(branch.getFullName()) || name.equals(branch.getName()))) {
          return convert(node.get(name), branch, path);
        }
      }
    }
    InvalidPayloadException firstFit = null;
    for (Schema branch : branches) {
      if (!fitsKind(node, branch)) {
        continue;
      }
      try {
        return convert(node, branch, path);
      } catch (InvalidPayloadException e) {
        if (firstFit == null) {
          firstFit = e;
        }
      }
    }
    if (firstFit != null) {
      throw firstFit;
    }
    throw error(path, "expected " + describe(schema) + ", got " + kind(node));
  }

  private static GenericData.EnumSymbol enumSymbol(JsonNode node, Schema schema, String path) {
    if (!node.isTextual() || !schema.hasEnumSymbol(node.textValue())) {
      throw error(path, "expected one of " + schema.getEnumSymbols() + ", got "
          + (node.isTextual() ? "'" + node.textValue() + "'" : kind(node)));
    }
    return new GenericData.EnumSymbol(schema, node.textValue());
  }

  private static GenericData.Array<Object> array(JsonNode node, Schema schema, String path) {
    require(node.isArray(), node, schema, path);
    GenericData.Array<Object> array = new GenericData.Array<>(node.size(), schema);
    for (int i = 0; i < node.size(); i++) {
      array.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]"));
    }
    return array;
  }

  private static Map<String, Object> map(JsonNode node, Schema schema, String path) {
    require(node.isObject(), node, schema, path);
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String entryPath = path + "[\"" + entry.getKey() + "\"]";
      map.put(entry.getKey(), convert(entry.getValue(), schema.getValueType(), entryPath));
    }
    return map;
  }

  private static byte[] latin1(JsonNode node, Schema schema, String path) {
    require(node.isTextual(), node, schema, path);
    String text = node.textValue();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xFF) {
        throw error(path, "expected " + describe(schema) + " as characters \\u0000-\\u00ff, got '"
            + text.charAt(i) + "' at index " + i);
      }
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean fitsKind(JsonNode node, Schema schema) {
    return switch (schema.getType()) {
      case RECORD, MAP -> node.isObject();
      case ARRAY -> node.isArray();
      case STRING, ENUM, BYTES, FIXED -> node.isTextual();
      case INT, LONG -> node.isIntegralNumber();
      case FLOAT, DOUBLE -> node.isNumber();
      case BOOLEAN -> node.isBoolean();
      case NULL -> node.isNull();
      case UNION -> true;
    };
  }

  private static void require(boolean ok, JsonNode node, Schema schema, String path) {
    if (!ok) {
      throw error(path, "expected " + describe(schema) + ", got " + kind(node));
    }
  }

  private static String describe(Schema schema) {
    return switch (schema.getType()) {
      case RECORD -> "record " + schema.getName() + " (a JSON object)";
      case ENUM -> "one of " + schema.getEnumSymbols();
      case MAP -> "map (a JSON object)";
      case FIXED -> "fixed " + schema.getName();
      case UNION -> {
        List<String> names = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
          names.add(branch.getType() == Schema.Type.RECORD || branch.getType() == Schema.Type.ENUM
              || branch.getType() == Schema.Type.FIXED ? branch.getName() : branch.getType().getName());
        }
        yield "one of " + names;
      }
      default -> schema.getType().getName();
    };
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      case OBJECT, POJO -> "object";
      case ARRAY -> "array";
      case BINARY -> "binary";
      case MISSING -> "nothing";
    };
  }

  private static InvalidPayloadException error(String path, String detail) {
    return new InvalidPayloadException(path.isEmpty() ? "payload: " + detail : "field '" + path + "': " + detail, null);
  }
}
