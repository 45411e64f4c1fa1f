package dev.jobpipe.schemas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-process stand-in for a Confluent Schema Registry on the JDK's HTTP server, for unit tests
 * of the client and codec: it serves the endpoints the client uses, logs every request, and can be
 * told to fail, stall or serve under Apicurio's prefix.
 */
public final class FakeRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
  private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
  private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");
  private static final Pattern CONFIG = Pattern.compile("/config/([^/]+)");
  private static final Pattern COMPAT = Pattern.compile("/compatibility/subjects/([^/]+)/versions/latest");

  private final HttpServer server;
  private final String prefix;
  private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
  private final Map<Integer, String> schemaTypes = new ConcurrentHashMap<>();
  private final Map<String, List<Integer>> versions = new ConcurrentHashMap<>();
  private final Map<String, String> compatibility = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile long delayMillis;
  private volatile CountDownLatch gate;
  private volatile String lastAuthorization;

  private FakeRegistry(String prefix) throws IOException {
    this.prefix = prefix;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-registry");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** A registry serving the Confluent API at its root. */
  public static FakeRegistry start() {
    return start("");
  }

  /** A registry serving the Confluent API under {@code prefix} (e.g. Apicurio's /apis/ccompat/v7) only. */
  public static FakeRegistry start(String prefix) {
    try {
      return new FakeRegistry(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server's root URL, e.g. http://127.0.0.1:4711 (without the prefix). */
  public String rootUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /** The URL of the Confluent API (root URL plus prefix). */
  public String url() {
    return rootUrl() + prefix;
  }

  /** The next {@code count} requests answer {@code status} with an error body. */
  public void failNext(int count, int status) {
    failureStatus = status;
    failuresLeft.set(count);
  }

  /** Every request waits this long before it is answered. */
  public void delay(long millis) {
    delayMillis = millis;
  }

  /** Requests wait until {@link #openGate()}; lets a test pile up concurrent callers. */
  public void closeGate() {
    gate = new CountDownLatch(1);
  }

  public void openGate() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  /** Stores a schema directly, as another client would have; returns its id. */
  public int preload(String subject, Schema schema) {
    return register(subject, schema.toString(), "AVRO");
  }

  /** Stores a schema of another type (e.g. PROTOBUF) under a fresh id. */
  public int preloadOfType(String subject, String text, String type) {
    return register(subject, text, type);
  }

  /** Every request so far as "METHOD path?query" (path without the prefix). */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** How many requests so far start with {@code methodAndPath}, e.g. "GET /schemas/ids/1". */
  public long count(String methodAndPath) {
    return requests.stream().filter(r -> r.startsWith(methodAndPath)).count();
  }

  /** The compatibility level last set on {@code subject}, or null. */
  public String compatibility(String subject) {
    return compatibility.get(subject);
  }

  /** The Authorization header of the last request under the prefix, or null. */
  public String lastAuthorization() {
    return lastAuthorization;
  }

  @Override
  public void close() {
    openGate();
    server.stop(0);
  }

  private int register(String subject, String text, String type) {
    for (Map.Entry<Integer, String> e : schemas.entrySet()) {
      if (e.getValue().equals(text) && versions.getOrDefault(subject, List.of()).contains(e.getKey())) {
        return e.getKey();
      }
    }
    int id = nextId.getAndIncrement();
    schemas.put(id, text);
    schemaTypes.put(id, type);
    versions.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>()).add(id);
    return id;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rawPath = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      if (!rawPath.startsWith(prefix)) {
        requests.add(exchange.getRequestMethod() + " !" + rawPath);
        send(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        return;
      }
      String path = rawPath.substring(prefix.length());
      lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
      CountDownLatch g = gate;
      if (g != null) {
        g.await(10, TimeUnit.SECONDS);
      }
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        send(exchange, failureStatus, "{\"error_code\":" + failureStatus + "0,\"message\":\"injected failure\"}");
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())
          && !String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
              .equals("application/vnd.schemaregistry.v1+json")) {
        send(exchange, 415, "{\"error_code\":415,\"message\":\"unsupported media type\"}");
        return;
      }
      route(exchange, exchange.getRequestMethod(), path, requestBody);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void route(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
    Matcher m;
    if (method.equals("GET") && path.equals("/subjects")) {
      send(exchange, 200, JSON.writeValueAsString(versions.keySet()));
    } else if (method.equals("PUT") && (m = CONFIG.matcher(path)).matches()) {
      String level = JSON.readTree(body).path("compatibility").asText();
      compatibility.put(decode(m.group(1)), level);
      send(exchange, 200, JSON.createObjectNode().put("compatibility", level).toString());
    } else if (method.equals("POST") && (m = VERSIONS.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      String text = JSON.readTree(body).path("schema").asText();
      Schema schema;
      try {
        schema = new Schema.Parser().parse(text);
      } catch (RuntimeException e) {
        send(exchange, 422, error(42201, "Invalid schema: " + e.getMessage()));
        return;
      }
      List<Integer> existing = versions.getOrDefault(subject, List.of());
      if (!existing.isEmpty()) {
        Schema latest = new Schema.Parser().parse(schemas.get(existing.get(existing.size() - 1)));
        var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE && !latest.equals(schema)) {
          send(exchange, 409, error(409, "Schema being registered is incompatible with an earlier schema for subject \""
              + subject + "\", details: " + result.getDescription()));
          return;
        }
      }
      ObjectNode answer = JSON.createObjectNode();
      answer.put("id", register(subject, schema.toString(), "AVRO"));
      send(exchange, 200, answer.toString());
    } else if (method.equals("GET") && (m = LATEST.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      List<Integer> ids = versions.get(subject);
      if (ids == null || ids.isEmpty()) {
        send(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
        return;
      }
      int id = ids.get(ids.size() - 1);
      ObjectNode answer = JSON.createObjectNode();
      answer.put("subject", subject).put("id", id).put("version", ids.size()).put("schema", schemas.get(id));
      send(exchange, 200, answer.toString());
    } else if (method.equals("POST") && (m = SUBJECT.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      List<Integer> ids = versions.get(subject);
      if (ids == null) {
        send(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
        return;
      }
      Schema wanted = new Schema.Parser().parse(JSON.readTree(body).path("schema").asText());
      for (int i = 0; i < ids.size(); i++) {
        if (new Schema.Parser().parse(schemas.get(ids.get(i))).equals(wanted)) {
          ObjectNode answer = JSON.createObjectNode();
          answer.put("subject", subject).put("id", ids.get(i)).put("version", i + 1).put("schema", schemas.get(ids.get(i)));
          send(exchange, 200, answer.toString());
          return;
        }
      }
      send(exchange, 404, error(40403, "Schema not found"));
    } else if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
      int id = Integer.parseInt(m.group(1));
      String text = schemas.get(id);
      if (text == null) {
        send(exchange, 404, error(40403, "Schema " + id + " not found"));
        return;
      }
      ObjectNode answer = JSON.createObjectNode();
      answer.put("schema", text);
      if (!"AVRO".equals(schemaTypes.get(id))) {
        answer.put("schemaType", schemaTypes.get(id));
      }
      send(exchange, 200, answer.toString());
    } else if (method.equals("POST") && (m = COMPAT.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      List<Integer> ids = versions.get(subject);
      if (ids == null || ids.isEmpty()) {
        send(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
        return;
      }
      Schema schema = new Schema.Parser().parse(JSON.readTree(body).path("schema").asText());
      Schema latest = new Schema.Parser().parse(schemas.get(ids.get(ids.size() - 1)));
      var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
      ObjectNode answer = JSON.createObjectNode();
      boolean compatible = result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
      answer.put("is_compatible", compatible);
      var messages = answer.putArray("messages");
      if (!compatible) {
        List<String> reasons = new ArrayList<>();
        result.getResult().getIncompatibilities().forEach(i -> reasons.add(i.getType() + " " + i.getMessage()));
        reasons.forEach(messages::add);
      }
      send(exchange, 200, answer.toString());
    } else {
      send(exchange, 404, error(404, "HTTP 404 Not Found"));
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static String error(int code, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error_code", code).put("message", message);
    return node.toString();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Parses a JSON text, for assertions on request bodies. */
  public static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }
}
