package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.dlq.DeadLetterReader;
import dev.jobpipe.dlq.DlqClients;
import dev.jobpipe.dlq.DlqConfig;
import dev.jobpipe.dlq.DlqException;
import dev.jobpipe.dlq.TopicLog;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.RegistryUnavailableException;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import dev.jobpipe.schemas.serde.AvroCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The clients one {@code dlq}/{@code replay} command uses, created on first use from the
 * connection options and closed together; and the one place where their failures become one-line
 * {@link UserException}s naming the broker or registry that failed.
 */
final class DlqSession implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /** A command body that uses a session. */
  @FunctionalInterface
  interface Body {
    int run(DlqSession session) throws Exception;
  }

  private final ConnectionOptions connection;
  private final DlqConfig config;
  private Consumer<byte[], byte[]> consumer;
  private Admin admin;
  private Producer<byte[], byte[]> producer;
  private SchemaRegistryClient registry;
  private AvroCodec codec;

  private DlqSession(ConnectionOptions connection, DlqConfig config) {
    this.connection = connection;
    this.config = config;
  }

  /** Opens a session, runs {@code body}, closes the session, and turns failures into one-line errors. */
  static int run(ConnectionOptions connection, Body body) throws Exception {
    DlqConfig config;
    try {
      config = new DlqConfig(connection.clientProperties());
    } catch (ConfigException e) {
      throw new UserException("invalid client configuration: " + e.getMessage(), ExitCodes.USAGE, e);
    }
    try (DlqSession session = new DlqSession(connection, config)) {
      return body.run(session);
    } catch (DlqException e) {
      throw new UserException(describe(connection, e), e);
    } catch (RegistryUnavailableException e) {
      throw new UserException("schema registry at " + connection.schemaRegistry() + " is unreachable: "
          + e.getMessage(), e);
    } catch (SchemaRegistryException e) {
      throw new UserException("schema registry at " + connection.schemaRegistry() + ": " + e.getMessage(), e);
    } catch (TimeoutException e) {
      throw new UserException("Kafka at " + connection.bootstrapServers() + " did not answer within "
          + config.apiTimeout().toSeconds() + "s: " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new UserException("Kafka at " + connection.bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  private static String describe(ConnectionOptions connection, DlqException e) {
    if (e.getCause() instanceof TimeoutException) {
      return "Kafka at " + connection.bootstrapServers() + " is unreachable: " + e.getMessage();
    }
    return e.getMessage();
  }

  DlqConfig config() {
    return config;
  }

  Consumer<byte[], byte[]> consumer() {
    if (consumer == null) {
      consumer = DlqClients.consumer(config);
    }
    return consumer;
  }

  Admin admin() {
    if (admin == null) {
      admin = DlqClients.admin(config);
    }
    return admin;
  }

  Producer<byte[], byte[]> producer() {
    if (producer == null) {
      producer = DlqClients.producer(config);
    }
    return producer;
  }

  /**
   * The registry client: the {@code --schema-registry} URL, timeouts as short as the Kafka
   * clients', and the registry settings of {@code --command-config} (credentials included).
   */
  SchemaRegistryClient registry() {
    if (registry == null) {
      Map<String, Object> props = connection.registryProperties();
      int timeout = (int) config.apiTimeout().toMillis();
      props.putIfAbsent(SchemaRegistryConfig.CONNECT_TIMEOUT_MS_CONFIG, timeout);
      props.putIfAbsent(SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
      props.putIfAbsent(SchemaRegistryConfig.RETRIES_CONFIG, 1);
      try {
        registry = SchemaRegistryClient.create(props);
      } catch (ConfigException e) {
        throw new UserException("invalid schema registry configuration: " + e.getMessage(), ExitCodes.USAGE, e);
      }
    }
    return registry;
  }

  AvroCodec codec() {
    if (codec == null) {
      codec = new AvroCodec(registry(), false);
    }
    return codec;
  }

  /** A view of {@code topic}; {@link DlqException} on first use when it does not exist. */
  TopicLog topic(String topic) {
    return DlqClients.topicLog(consumer(), topic, config);
  }

  /** A view of {@code topic}, checked to exist now. */
  TopicLog existingTopic(String topic) {
    TopicLog log = topic(topic);
    if (!log.exists()) {
      throw new DlqException("topic " + topic + " does not exist");
    }
    return log;
  }

  /** The reader of {@code jobs.T.dlq}, checked to exist. */
  DeadLetterReader dlq(String type) {
    return new DeadLetterReader(existingTopic(JobTopics.of(type).dlq()), config.readChunkSize());
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(CLOSE_TIMEOUT);
    }
    if (consumer != null) {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
    if (admin != null) {
      admin.close(CLOSE_TIMEOUT);
    }
    if (registry != null) {
      registry.close();
    }
  }
}
