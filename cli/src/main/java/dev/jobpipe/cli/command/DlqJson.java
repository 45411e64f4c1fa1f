package dev.jobpipe.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobpipe.dlq.DeadLetter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One dead letter as one line of JSON, for {@code dlq list --json}: every column plus what scripts need to act. */
final class DlqJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DlqJson() {}

  static String line(DeadLetter l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jobId", l.jobId());
    m.put("attempt", l.attempt());
    m.put("reason", l.reason() == null ? null : l.reason().name());
    m.put("errorClass", l.errorClass());
    m.put("errorMessage", l.errorMessage());
    m.put("failedAt", l.failedAt().toString());
    m.put("enqueuedAt", l.enqueuedAt() == null ? null : l.enqueuedAt().toString());
    m.put("topic", l.topic());
    m.put("partition", l.partition());
    m.put("offset", l.offset());
    m.put("position", l.position());
    m.put("deadLetteredAt", l.timestamp().toString());
    m.put("origin", l.origin() == null ? null : l.origin().toString());
    m.put("replayOf", l.replayOf());
    m.put("schemaId", l.schemaId());
    m.put("convention", l.convention().name().toLowerCase(Locale.ROOT));
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
