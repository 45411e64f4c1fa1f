package dev.jobpipe.console;

import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.config.ClientConfigs;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of a {@link JobControl}, validated in one place. Besides the keys below, every Kafka
 * client setting ({@code bootstrap.servers}, SASL/TLS, {@code producer.}/{@code consumer.}/{@code admin.}
 * prefixed overrides) is passed to its clients.
 */
public final class JobControlConfig extends AbstractConfig {

  public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

  public static final String USER_CONFIG = "control.user";
  private static final String USER_DOC = "Who changes are recorded as made by, when a call names no one;"
      + " default <user.name>@<host name>.";

  public static final String CANCEL_EXPIRY_MS_CONFIG = "cancel.expiry.ms";
  /** Seven days: as long as a job is kept in its main topic ({@code TopicSpec.MAIN_RETENTION}). */
  public static final long DEFAULT_CANCEL_EXPIRY_MS = Duration.ofDays(7).toMillis();
  private static final String CANCEL_EXPIRY_MS_DOC = "How long a cancellation holds: a cancelled job met by a"
      + " worker within this time (also after a retry delay or as a scheduled job coming due) is skipped;"
      + " after it the entry is ignored and deleted by the next cancellation written.";

  public static final String TIMEOUT_MS_CONFIG = "control.timeout.ms";
  public static final long DEFAULT_TIMEOUT_MS = 30_000L;
  private static final String TIMEOUT_MS_DOC = "Longest a write (until the broker acknowledged it) or a read of"
      + " the control topic and the group's state may take before it fails.";

  public static final String ROUTER_APPLICATION_ID_CONFIG = "router.application.id";
  private static final String ROUTER_APPLICATION_ID_DOC = "Application id of the retry router, whose forwarder"
      + " group's offsets tell how many retries wait in each tier (status).";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(ROUTER_APPLICATION_ID_CONFIG, Type.STRING, RouterConfig.DEFAULT_APPLICATION_ID,
          new ConfigDef.NonEmptyString(), Importance.LOW, ROUTER_APPLICATION_ID_DOC)
      .define(USER_CONFIG, Type.STRING, null, Importance.MEDIUM, USER_DOC)
      .define(CANCEL_EXPIRY_MS_CONFIG, Type.LONG, DEFAULT_CANCEL_EXPIRY_MS, ConfigDef.Range.atLeast(1_000),
          Importance.MEDIUM, CANCEL_EXPIRY_MS_DOC)
      .define(TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_TIMEOUT_MS, ConfigDef.Range.atLeast(100), Importance.LOW,
          TIMEOUT_MS_DOC);

  public JobControlConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
    Object servers = originals.get(BOOTSTRAP_SERVERS_CONFIG);
    if (servers == null || String.valueOf(servers).isBlank()) {
      throw new ConfigException(BOOTSTRAP_SERVERS_CONFIG, servers, "the Kafka cluster to control is required");
    }
    String user = getString(USER_CONFIG);
    if (user != null && (user.isBlank() || user.chars().anyMatch(Character::isISOControl))) {
      throw new ConfigException(USER_CONFIG, user, "must be a non-empty name without control characters");
    }
  }

  /** The definitions, for documentation and tooling. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  /** Who a change is recorded as made by when the call names no one. */
  public String user() {
    String user = getString(USER_CONFIG);
    if (user != null) {
      return user;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name", "unknown") + "@" + host;
  }

  public Duration cancelExpiry() {
    return Duration.ofMillis(getLong(CANCEL_EXPIRY_MS_CONFIG));
  }

  /** The consumer group of the router's tier forwarders. */
  public String forwarderGroup() {
    return RouterConfig.forwarderGroupId(getString(ROUTER_APPLICATION_ID_CONFIG));
  }

  public Duration timeout() {
    return Duration.ofMillis(getLong(TIMEOUT_MS_CONFIG));
  }

  private boolean own(String key) {
    return CONFIG.names().contains(key);
  }

  Map<String, Object> producerProperties() {
    return ClientConfigs.producer(originals(), this::own);
  }

  Map<String, Object> consumerProperties() {
    return ClientConfigs.consumer(originals(), this::own);
  }

  Map<String, Object> adminProperties() {
    return ClientConfigs.admin(originals(), this::own);
  }
}
