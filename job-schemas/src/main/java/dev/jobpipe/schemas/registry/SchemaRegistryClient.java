package dev.jobpipe.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobpipe.schemas.compat.CompatibilityMode;
import dev.jobpipe.schemas.registry.internal.RegistryTransport;
import dev.jobpipe.schemas.registry.internal.RegistryTransport.Response;
import dev.jobpipe.schemas.registry.internal.SingleFlightCache;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Client of the Confluent Schema Registry REST API (also served by Apicurio under
 * {@code /apis/ccompat/v7}, Karapace and Redpanda). Ours rather than Confluent's because
 * Confluent's jars are not on Maven Central. Thread-safe; ids and schemas are cached so each is
 * fetched once per process, and concurrent callers asking for the same id share one request.
 *
 * <p>Errors: {@link RegistryUnavailableException} (retriable) after connection failures or 5xx
 * answers outlast the configured retries; {@link SchemaRegistryException} on 4xx, naming the subject
 * or id and carrying the registry's message.
 */
public final class SchemaRegistryClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Confluent error codes the client interprets. */
  static final int SUBJECT_NOT_FOUND = 40401;
  static final int VERSION_NOT_FOUND = 40402;
  static final int SCHEMA_NOT_FOUND = 40403;

  private final RegistryTransport transport;
  private final SingleFlightCache<Integer, Schema> schemasById = new SingleFlightCache<>();
  private final SingleFlightCache<SubjectSchema, Integer> registeredIds = new SingleFlightCache<>();

  private SchemaRegistryClient(RegistryTransport transport) {
    this.transport = transport;
  }

  /** A client for {@code baseUrl} with default timeouts and retries. */
  public static SchemaRegistryClient create(String baseUrl) {
    return create(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, baseUrl));
  }

  /** A client configured from {@link SchemaRegistryConfig} keys (url, timeouts, retries, auth). */
  public static SchemaRegistryClient create(Map<String, ?> configs) {
    return create(new SchemaRegistryConfig(configs));
  }

  /** A client for an already validated configuration. */
  public static SchemaRegistryClient create(SchemaRegistryConfig config) {
    return new SchemaRegistryClient(new RegistryTransport(config));
  }

  /** For tests that must not sleep between retries. */
  static SchemaRegistryClient create(SchemaRegistryConfig config, RegistryTransport.Sleeper sleeper) {
    return new SchemaRegistryClient(new RegistryTransport(config, sleeper));
  }

  /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    return registeredIds.get(key, this::doRegister);
  }

  /** The id of {@code schema} under {@code subject} if registered there, without registering it. */
  public Optional<Integer> lookup(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    return Optional.ofNullable(registeredIds.get(key, this::doLookup));
  }

  /** The schema with global id {@code id}; {@link SchemaRegistryException} (404) when unknown. */
  public Schema schemaById(int id) {
    return schemasById.get(id, this::fetchSchema);
  }

  /** The latest version under {@code subject}; {@link SchemaRegistryException} (404) when none. */
  public RegisteredSchema latest(String subject) {
    Objects.requireNonNull(subject, "subject");
    Response response = transport.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    if (!response.ok()) {
      throw error(response, response.status() == 404
          ? "subject '" + subject + "' has no registered versions"
          : "reading the latest version of subject '" + subject + "' failed");
    }
    JsonNode body = parse(response);
    int id = body.path("id").asInt();
    Schema schema = parseSchema(body, "the latest version of subject '" + subject + "'");
    schemasById.prime(id, schema);
    return new RegisteredSchema(subject, id, body.path("version").asInt(), schema);
  }

  /** Whether {@code schema} is compatible with the latest version of {@code subject}, with the registry's reasons. */
  public CompatibilityResult testCompatibility(String subject, Schema schema) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    Response response = transport.send("POST",
        "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true", schemaBody(schema));
    if (response.status() == 404) {
      int code = errorCode(response);
      if (code == SUBJECT_NOT_FOUND || code == VERSION_NOT_FOUND || code == -1) {
        return new CompatibilityResult(true, List.of("subject '" + subject + "' has no versions yet"));
      }
    }
    if (!response.ok()) {
      throw error(response, "checking compatibility of a schema for subject '" + subject + "' failed");
    }
    JsonNode body = parse(response);
    List<String> messages = new ArrayList<>();
    body.path("messages").forEach(m -> messages.add(m.asText()));
    return new CompatibilityResult(body.path("is_compatible").asBoolean(false), List.copyOf(messages));
  }

  /**
   * Sets the compatibility mode the registry enforces when a new version is registered under
   * {@code subject} ({@code PUT /config/{subject}}); the registry then rejects an incompatible
   * {@link #register} with a 409.
   */
  public void setCompatibility(String subject, CompatibilityMode mode) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(mode, "mode");
    ObjectNode body = JSON.createObjectNode();
    body.put("compatibility", mode.name());
    Response response = transport.send("PUT", "/config/" + encode(subject), body.toString());
    if (!response.ok()) {
      throw error(response, "setting compatibility " + mode + " on subject '" + subject + "' failed");
    }
  }

  /** The base URL this client talks to (with the Apicurio prefix once it has been discovered). */
  public String baseUrl() {
    return transport.currentBaseUrl();
  }

  @Override
  public void close() {
    transport.close();
  }

  private Integer doRegister(SubjectSchema key) {
    Response response = transport.send("POST", "/subjects/" + encode(key.subject()) + "/versions",
        schemaBody(key.schema()));
    if (!response.ok()) {
      String what = switch (response.status()) {
        case 409 -> "schema for subject '" + key.subject() + "' is incompatible";
        case 422 -> "schema for subject '" + key.subject() + "' is invalid";
        default -> "registering a schema under subject '" + key.subject() + "' failed";
      };
      throw error(response, what);
    }
    int id = requireId(parse(response), response, "registering under subject '" + key.subject() + "'");
    schemasById.prime(id, key.schema());
    return id;
  }

  private Integer doLookup(SubjectSchema key) {
    Response response = transport.send("POST", "/subjects/" + encode(key.subject()), schemaBody(key.schema()));
    if (response.status() == 404) {
      return null;
    }
    if (!response.ok()) {
      throw error(response, "looking up a schema under subject '" + key.subject() + "' failed");
    }
    int id = requireId(parse(response), response, "looking up under subject '" + key.subject() + "'");
    schemasById.prime(id, key.schema());
    return id;
  }

  private Schema fetchSchema(Integer id) {
    Response response = transport.send("GET", "/schemas/ids/" + id, null);
    if (!response.ok()) {
      throw error(response, response.status() == 404
          ? "schema id " + id + " is not known to the registry"
          : "reading schema id " + id + " failed");
    }
    return parseSchema(parse(response), "schema id " + id);
  }

  private Schema parseSchema(JsonNode body, String what) {
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw new UnsupportedSchemaException(what + " is a " + type + " schema; jobpipe reads Avro only");
    }
    JsonNode text = body.get("schema");
    if (text == null || !text.isTextual()) {
      throw new UnsupportedSchemaException(what + ": the registry's answer has no schema text");
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new UnsupportedSchemaException(what + " is not a parsable Avro schema: " + e.getMessage());
    }
  }

  private static int requireId(JsonNode body, Response response, String what) {
    JsonNode id = body.get("id");
    if (id == null || !id.canConvertToInt()) {
      throw new SchemaRegistryException(what + ": the registry's answer has no id: " + abbreviate(response.body()),
          response.status(), -1);
    }
    return id.asInt();
  }

  private static String schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private static JsonNode parse(Response response) {
    try {
      return JSON.readTree(response.body() == null ? "" : response.body());
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException("the registry at " + response.url() + " answered HTTP " + response.status()
          + " with a body that is not JSON: " + abbreviate(response.body()), response.status(), -1);
    }
  }

  private static SchemaRegistryException error(Response response, String what) {
    String registryMessage = abbreviate(response.body());
    int code = -1;
    try {
      JsonNode body = JSON.readTree(response.body() == null ? "" : response.body());
      if (body != null && body.isObject()) {
        code = body.path("error_code").asInt(-1);
        if (body.hasNonNull("message")) {
          registryMessage = body.get("message").asText();
        }
      }
    } catch (JsonProcessingException e) {
      // not JSON: keep the raw (abbreviated) body as the registry's message
    }
    String message = what + ": " + (registryMessage.isEmpty() ? "HTTP " + response.status() : registryMessage)
        + " (HTTP " + response.status() + (code >= 0 ? ", error code " + code : "") + ")";
    return new SchemaRegistryException(message, response.status(), code);
  }

  private static int errorCode(Response response) {
    try {
      JsonNode body = JSON.readTree(response.body() == null ? "" : response.body());
      return body == null ? -1 : body.path("error_code").asInt(-1);
    } catch (JsonProcessingException e) {
      return -1;
    }
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500) + "...";
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private record SubjectSchema(String subject, Schema schema) {
    SubjectSchema {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(schema, "schema");
    }
  }
}
