package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobpipe.consumer.JobLogContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class WorkerLoggingTest {

  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @AfterEach
  void restore() throws Exception {
    System.setErr(originalErr);
    MDC.clear();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  private String logOneJobLine(WorkerLogging.Format format) {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    WorkerLogging.configure(format);
    MDC.put(JobLogContext.JOB_ID, "job-7");
    MDC.put(JobLogContext.JOB_TYPE, "email.send");
    MDC.put(JobLogContext.ATTEMPT, "2");
    MDC.put(JobLogContext.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
    LoggerFactory.getLogger("com.example.SendEmail").info("sent");
    LoggerFactory.getLogger("org.apache.kafka.clients.Metadata").info("kafka chatter");
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textLinesCarryTheJobContext() {
    String out = logOneJobLine(WorkerLogging.Format.TEXT);
    assertThat(out).contains("INFO", "com.example.SendEmail", "sent", "jobId=job-7", "jobType=email.send", "attempt=2",
        "traceId=4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(out).doesNotContain("kafka chatter");
  }

  @Test
  void jsonLinesCarryTheJobContextAsFields() throws Exception {
    String out = logOneJobLine(WorkerLogging.Format.JSON);
    JsonNode line = new ObjectMapper().readTree(out.lines().filter(l -> l.contains("\"sent\"")).findFirst().orElseThrow());
    assertThat(line.get("message").asText()).isEqualTo("sent");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get(JobLogContext.JOB_ID).asText()).isEqualTo("job-7");
    assertThat(line.get(JobLogContext.JOB_TYPE).asText()).isEqualTo("email.send");
    assertThat(line.get(JobLogContext.ATTEMPT).asText()).isEqualTo("2");
    assertThat(line.get(JobLogContext.TRACE_ID).asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }
}
