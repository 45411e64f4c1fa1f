package dev.jobpipe.cli.command;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Marker;

/**
 * Kafka's {@code NetworkClient} logs an ERROR ("Connection to node ... failed authentication due
 * to: ...") at every reconnect whose credentials the broker refuses, about once a second for as
 * long as they stay wrong; a long-running process says so once instead. A worker logs its own line
 * naming the refusal (and goes not-ready), so it keeps none of Kafka's; the other services keep
 * the first, which names the broker and the SASL mechanism. Every other line passes untouched.
 */
final class RefusedLoginFilter extends TurboFilter {

  static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
  static final String AUTHENTICATION_FAILED = "failed authentication";

  private final boolean keepFirst;
  private final AtomicBoolean shown = new AtomicBoolean();

  /** @param keepFirst whether the first refusal passes (the process has no line of its own saying it) */
  RefusedLoginFilter(boolean keepFirst) {
    this.keepFirst = keepFirst;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || !NETWORK_CLIENT.equals(logger.getName()) || !format.contains(AUTHENTICATION_FAILED)) {
      return FilterReply.NEUTRAL;
    }
    return keepFirst && shown.compareAndSet(false, true) ? FilterReply.NEUTRAL : FilterReply.DENY;
  }
}
