package dev.jobpipe.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.serde.DecodedPayload;
import dev.jobpipe.schemas.serde.UndecodableJobException;
import java.util.function.Function;
import org.apache.avro.generic.GenericData;

/**
 * A dead letter's payload as an operator reads it: JSON decoded with the writer schema the value
 * names, or why it could not be decoded (an UNDECODABLE letter is exactly one that cannot).
 *
 * @param schemaId the writer schema id from the wire-format header; null when the value has none
 * @param schemaName full name of the writer schema; null when not decoded
 * @param json the payload as pretty-printed JSON; null when not decoded
 * @param problem why the payload could not be decoded; null when it was
 */
public record PayloadView(Integer schemaId, String schemaName, String json, String problem) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public boolean decoded() {
    return json != null;
  }

  /**
   * Decodes {@code value} with {@code decoder} (an {@code AvroCodec::decode}). A registry outage
   * ({@link dev.jobpipe.schemas.registry.RegistryUnavailableException}) propagates: it says nothing
   * about the letter.
   */
  public static PayloadView of(byte[] value, Integer schemaId, Function<byte[], DecodedPayload> decoder) {
    if (value == null) {
      return new PayloadView(null, null, null, "the record has no value (null)");
    }
    DecodedPayload payload;
    try {
      payload = decoder.apply(value);
    } catch (UndecodableJobException e) {
      return new PayloadView(schemaId, null, null, "not decodable (" + e.kind() + "): " + e.detail());
    } catch (SchemaRegistryException e) {
      return new PayloadView(schemaId, null, null, "the registry cannot resolve schema id " + schemaId + ": " + e.getMessage());
    }
    return new PayloadView(payload.schemaId(), payload.writerSchema().getFullName(), toJson(payload.value()), null);
  }

  /** Avro's JSON-like rendering, re-indented by Jackson when it parses (it does for every ordinary payload). */
  static String toJson(Object avroValue) {
    String text = GenericData.get().toString(avroValue);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
