package dev.jobpipe.console.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.ledger.internal.LedgerJson;
import dev.jobpipe.ledger.internal.LedgerRoutes;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** Reading request input: JSON bodies and query parameters, with a 400 naming what is wrong. */
final class ApiBodies {

  /** Largest request body read, in bytes: selections of job ids, never payloads. */
  static final int MAX_BODY = 1 << 20;

  private ApiBodies() {}

  /** The body as a JSON object; an empty body is an empty object. */
  static JsonNode json(ServerRequest req) {
    byte[] bytes = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
    if (bytes.length > MAX_BODY) {
      throw new HttpProblem(413, "request body larger than " + MAX_BODY + " bytes");
    }
    if (bytes.length == 0) {
      return LedgerJson.MAPPER.createObjectNode();
    }
    try {
      JsonNode node = LedgerJson.MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new HttpProblem(400, "the request body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new HttpProblem(400, "the request body is not valid JSON");
    }
  }

  static Optional<String> param(ServerRequest req, String name) {
    var value = req.query().first(name);
    return value.isPresent() && !value.get().isBlank() ? Optional.of(value.get().strip()) : Optional.empty();
  }

  static String path(ServerRequest req, String name) {
    return req.path().pathParameters().get(name);
  }

  /** An ISO-8601 instant or epoch milliseconds; a 400 naming {@code name} otherwise (the ledger's rule). */
  static Instant instant(String name, String text) {
    return LedgerRoutes.instant(name, text);
  }

  /** An int within bounds; a 400 naming {@code name} otherwise. */
  static int integer(String name, String text, int min, int max) {
    try {
      int v = Integer.parseInt(text.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new HttpProblem(400, "invalid " + name + " '" + text + "': expected a number from " + min + " to " + max);
  }
}
