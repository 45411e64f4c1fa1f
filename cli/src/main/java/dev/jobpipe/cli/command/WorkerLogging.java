package dev.jobpipe.cli.command;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging of a worker process. The command's default configuration shows warnings only; a worker
 * is a long-running service whose start, stop and job failures belong in its log, each line
 * carrying the job's MDC (job id, type, attempt, trace id). Text for people, JSON (one object per
 * line, MDC as fields) for log pipelines. An explicit {@code -Dlogback.configurationFile} wins.
 */
final class WorkerLogging {

  /** The log line layouts {@code --log-format} offers. */
  enum Format { TEXT, JSON }

  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} %mdc - %msg%n";

  private WorkerLogging() {}

  /** Configures INFO logging to stderr in {@code format}; a no-op when a configuration file was given. */
  static void configure(Format format) {
    if (System.getProperty("logback.configurationFile") != null) {
      return;
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    Encoder<ILoggingEvent> encoder;
    if (format == Format.JSON) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.start();
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(context);
      text.setPattern(TEXT_PATTERN);
      text.start();
      encoder = text;
    }
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("worker");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    context.getLogger("org.apache.kafka").setLevel(Level.WARN);
    // the worker's own line says the broker refused its credentials (WorkerRuntime), once
    addFilter(context, new RefusedLoginFilter(false));
  }

  /**
   * Shows the Kafka clients' warnings, which the one-shot commands' configuration hides: a
   * long-running process (the router) should log a broker it cannot reach. A refused login is
   * logged once, not at every reconnect ({@link RefusedLoginFilter}).
   */
  static void showKafkaWarnings() {
    warningsOnly("org.apache.kafka");
    if (System.getProperty("logback.configurationFile") == null
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      addFilter(context, new RefusedLoginFilter(true));
    }
  }

  private static void addFilter(LoggerContext context, RefusedLoginFilter filter) {
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
  }

  /**
   * Logs warnings and errors of {@code logger} and nothing below, unless a logback configuration
   * file was given. The demo uses it for jobpipe's own loggers: it prints its own progress, which the
   * components' per-job INFO lines (a line per dead letter) would bury.
   */
  static void warningsOnly(String logger) {
    if (System.getProperty("logback.configurationFile") == null
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(logger).setLevel(Level.WARN);
    }
  }

  /** Writes out buffered log lines; before the process halts. */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
