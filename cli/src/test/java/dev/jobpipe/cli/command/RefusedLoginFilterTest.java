package dev.jobpipe.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusedLoginFilterTest {

  private static final String REFUSED = "[Consumer clientId=w, groupId=jobpipe.email] Connection to node {} ({}) failed"
      + " authentication due to: {}";

  private static List<String> logged(boolean keepFirst) {
    LoggerContext context = new LoggerContext();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    RefusedLoginFilter filter = new RefusedLoginFilter(keepFirst);
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
    Logger network = context.getLogger(RefusedLoginFilter.NETWORK_CLIENT);
    for (int i = 0; i < 5; i++) {
      network.error(REFUSED, -1, "localhost/127.0.0.1:9092", "Authentication failed due to invalid credentials");
    }
    network.error("[Consumer clientId=w] Unexpected error from node {}", 1);
    context.getLogger("dev.jobpipe.consumer.internal.WorkerRuntime").error("the broker refused access: failed authentication");
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void aWorkerKeepsNoneOfKafkasRepeatedRefusalsAndEverythingElse() {
    assertThat(logged(false)).containsExactly("[Consumer clientId=w] Unexpected error from node 1",
        "the broker refused access: failed authentication");
  }

  @Test
  void anotherServiceKeepsTheFirstRefusalOnly() {
    List<String> lines = logged(true);
    assertThat(lines).hasSize(3);
    assertThat(lines.getFirst()).contains("Connection to node -1 (localhost/127.0.0.1:9092) failed authentication");
  }
}
