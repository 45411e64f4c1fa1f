package dev.jobpipe.console.web;

import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.scheduler.SchedulerConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of a {@link WebConsole}, validated in one place. Besides the keys below, every Kafka
 * client setting ({@code bootstrap.servers}, SASL, TLS) and every schema registry setting
 * ({@code schema.registry.url}, credentials) is passed to the clients the console uses.
 *
 * <p>Users come from {@value #AUTH_USERS_FILE_CONFIG} and/or {@value #AUTH_USERS_CONFIG}, one
 * entry per line, {@code NAME:ROLE:HASH} with ROLE {@code viewer} or {@code operator} and HASH a
 * bcrypt hash of the password ({@code $2a$}, {@code $2b$}, {@code $2y$}) or {@code sha256:HEX} of a
 * bearer token. Without any user the console refuses to start unless
 * {@value #AUTH_INSECURE_NO_AUTH_CONFIG} is true.
 */
public final class WebConsoleConfig extends AbstractConfig {

  public static final String HTTP_HOST_CONFIG = "http.host";
  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  private static final String HTTP_HOST_DOC = "Address the console listens on.";

  public static final String HTTP_PORT_CONFIG = "http.port";
  public static final int DEFAULT_HTTP_PORT = 9500;
  private static final String HTTP_PORT_DOC = "Port of the pages, the JSON API, /metrics and /health; 0 picks a free one.";

  public static final String LEDGER_URL_CONFIG = "ledger.url";
  private static final String LEDGER_URL_DOC = "Base URL of the job ledger the jobs pages ask.";

  public static final String AUTH_USERS_FILE_CONFIG = "auth.users.file";
  private static final String AUTH_USERS_FILE_DOC = "File of users and tokens, one NAME:ROLE:HASH per line"
      + " (# comments allowed); read at start.";

  public static final String AUTH_USERS_CONFIG = "auth.users";
  private static final String AUTH_USERS_DOC = "Users and tokens inline, in the format of the users file"
      + " (lines or commas); e.g. from the environment variable JOBPIPE_CONSOLE_USERS.";

  public static final String AUTH_INSECURE_NO_AUTH_CONFIG = "auth.insecure.no.auth";
  private static final String AUTH_INSECURE_NO_AUTH_DOC = "Local development only: no login, everyone is an"
      + " operator. The console says so loudly at start and on every page.";

  public static final String AUTH_SESSION_TIMEOUT_MS_CONFIG = "auth.session.timeout.ms";
  public static final long DEFAULT_AUTH_SESSION_TIMEOUT_MS = Duration.ofHours(8).toMillis();
  private static final String AUTH_SESSION_TIMEOUT_MS_DOC = "How long a login session lasts without use.";

  public static final String MASK_FIELDS_CONFIG = "mask.fields";
  private static final String MASK_FIELDS_DOC = "Payload fields shown as *** to viewers, as TYPE:FIELD"
      + " entries (FIELD may be a dotted path into nested records), e.g. email.send:to,email.send:body.";

  public static final String SCHEDULER_APPLICATION_ID_CONFIG = "scheduler.application.id";
  private static final String SCHEDULER_APPLICATION_ID_DOC = "Application id of the scheduler whose pending"
      + " one-off jobs the schedules page shows.";

  public static final String ROUTER_APPLICATION_ID_CONFIG = "router.application.id";
  private static final String ROUTER_APPLICATION_ID_DOC = "Application id of the retry router: its"
      + " forwarders' consumer group tells how many retries wait in each tier.";

  public static final String SAMPLE_INTERVAL_MS_CONFIG = "sample.interval.ms";
  public static final long DEFAULT_SAMPLE_INTERVAL_MS = 5_000L;
  private static final String SAMPLE_INTERVAL_MS_DOC = "How often the console reads offsets and consumer"
      + " groups for the overview; the charts keep the last hour of samples.";

  public static final String METRICS_URLS_CONFIG = "metrics.urls";
  private static final String METRICS_URLS_DOC = "The workers' /metrics endpoints (comma-separated URLs): jobs in"
      + " flight and p50/p99 of job duration and wait come from there; Kafka cannot tell them.";

  public static final String API_TIMEOUT_MS_CONFIG = "api.timeout.ms";
  public static final long DEFAULT_API_TIMEOUT_MS = 10_000L;
  private static final String API_TIMEOUT_MS_DOC = "Longest wait for one Kafka, registry or ledger call.";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
          new ConfigDef.NonNullValidator(), Importance.HIGH, CommonClientConfigs.BOOTSTRAP_SERVERS_DOC)
      .define(HTTP_HOST_CONFIG, Type.STRING, DEFAULT_HTTP_HOST, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
          HTTP_HOST_DOC)
      .define(HTTP_PORT_CONFIG, Type.INT, DEFAULT_HTTP_PORT, ConfigDef.Range.between(0, 65_535), Importance.HIGH,
          HTTP_PORT_DOC)
      .define(LEDGER_URL_CONFIG, Type.STRING, JobLedgerClient.DEFAULT_URL.toString(), new ConfigDef.NonEmptyString(),
          Importance.MEDIUM, LEDGER_URL_DOC)
      .define(AUTH_USERS_FILE_CONFIG, Type.STRING, null, Importance.HIGH, AUTH_USERS_FILE_DOC)
      .define(AUTH_USERS_CONFIG, Type.PASSWORD, null, Importance.HIGH, AUTH_USERS_DOC)
      .define(AUTH_INSECURE_NO_AUTH_CONFIG, Type.BOOLEAN, false, Importance.HIGH, AUTH_INSECURE_NO_AUTH_DOC)
      .define(AUTH_SESSION_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_AUTH_SESSION_TIMEOUT_MS,
          ConfigDef.Range.atLeast(1_000), Importance.LOW, AUTH_SESSION_TIMEOUT_MS_DOC)
      .define(MASK_FIELDS_CONFIG, Type.LIST, List.of(), (name, value) -> {
        for (Object entry : (List<?>) value) {
          String s = entry.toString();
          int colon = s.indexOf(':');
          if (colon < 1 || colon == s.length() - 1) {
            throw new ConfigException(name, s, "expected TYPE:FIELD");
          }
        }
      }, Importance.MEDIUM, MASK_FIELDS_DOC)
      .define(SCHEDULER_APPLICATION_ID_CONFIG, Type.STRING, SchedulerConfig.DEFAULT_APPLICATION_ID,
          new ConfigDef.NonEmptyString(), Importance.LOW, SCHEDULER_APPLICATION_ID_DOC)
      .define(ROUTER_APPLICATION_ID_CONFIG, Type.STRING, RouterConfig.DEFAULT_APPLICATION_ID,
          new ConfigDef.NonEmptyString(), Importance.LOW, ROUTER_APPLICATION_ID_DOC)
      .define(SAMPLE_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_SAMPLE_INTERVAL_MS, ConfigDef.Range.between(100, 600_000),
          Importance.LOW, SAMPLE_INTERVAL_MS_DOC)
      .define(METRICS_URLS_CONFIG, Type.LIST, List.of(), (name, value) -> {
        for (Object entry : (List<?>) value) {
          try {
            URI uri = new URI(entry.toString().strip());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
              throw new URISyntaxException(entry.toString(), "not http(s)");
            }
          } catch (URISyntaxException e) {
            throw new ConfigException(name, entry, "expected an http(s) URL such as http://worker-1:9400/metrics");
          }
        }
      }, Importance.MEDIUM, METRICS_URLS_DOC)
      .define(API_TIMEOUT_MS_CONFIG, Type.LONG, DEFAULT_API_TIMEOUT_MS, ConfigDef.Range.atLeast(100), Importance.LOW,
          API_TIMEOUT_MS_DOC);

  /** Keys of the console itself, never passed to a Kafka client. */
  static final Set<String> CONSOLE_KEYS = Set.of(HTTP_HOST_CONFIG, HTTP_PORT_CONFIG, LEDGER_URL_CONFIG,
      AUTH_USERS_FILE_CONFIG, AUTH_USERS_CONFIG, AUTH_INSECURE_NO_AUTH_CONFIG, AUTH_SESSION_TIMEOUT_MS_CONFIG,
      MASK_FIELDS_CONFIG, SCHEDULER_APPLICATION_ID_CONFIG, ROUTER_APPLICATION_ID_CONFIG, SAMPLE_INTERVAL_MS_CONFIG,
      METRICS_URLS_CONFIG, API_TIMEOUT_MS_CONFIG);

  /** Throws {@link ConfigException} naming the key of the first bad value, or of the missing users. */
  public WebConsoleConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
    if (!insecureNoAuth() && getString(AUTH_USERS_FILE_CONFIG) == null && getPassword(AUTH_USERS_CONFIG) == null) {
      throw new ConfigException(AUTH_USERS_FILE_CONFIG, null, "no users: give a users file or "
          + AUTH_USERS_CONFIG + " (or, for local development only, " + AUTH_INSECURE_NO_AUTH_CONFIG + "=true)");
    }
  }

  /** The definitions, for documentation and tooling. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public String httpHost() {
    return getString(HTTP_HOST_CONFIG);
  }

  public int httpPort() {
    return getInt(HTTP_PORT_CONFIG);
  }

  public String ledgerUrl() {
    return getString(LEDGER_URL_CONFIG);
  }

  /** The users file, or null. */
  public String usersFile() {
    return getString(AUTH_USERS_FILE_CONFIG);
  }

  /** The inline users, or null; a {@link Password} so that it is never printed. */
  public Password inlineUsers() {
    return getPassword(AUTH_USERS_CONFIG);
  }

  public boolean insecureNoAuth() {
    return getBoolean(AUTH_INSECURE_NO_AUTH_CONFIG);
  }

  public Duration sessionTimeout() {
    return Duration.ofMillis(getLong(AUTH_SESSION_TIMEOUT_MS_CONFIG));
  }

  /** {@code TYPE:FIELD} entries of {@value #MASK_FIELDS_CONFIG}. */
  public List<String> maskFields() {
    return getList(MASK_FIELDS_CONFIG);
  }

  public String schedulerApplicationId() {
    return getString(SCHEDULER_APPLICATION_ID_CONFIG);
  }

  /** The consumer group of the router's tier forwarders (named by the router's own config). */
  public String forwarderGroupId() {
    Map<String, Object> props = new HashMap<>();
    props.put(RouterConfig.BOOTSTRAP_SERVERS_CONFIG, clientProperties().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    props.put(RouterConfig.APPLICATION_ID_CONFIG, getString(ROUTER_APPLICATION_ID_CONFIG));
    return new RouterConfig(props).forwarderGroupId();
  }

  /** The workers' metrics endpoints of {@value #METRICS_URLS_CONFIG}. */
  public List<URI> metricsUrls() {
    return getList(METRICS_URLS_CONFIG).stream().map(u -> URI.create(u.strip())).toList();
  }

  public Duration sampleInterval() {
    return Duration.ofMillis(getLong(SAMPLE_INTERVAL_MS_CONFIG));
  }

  public Duration apiTimeout() {
    return Duration.ofMillis(getLong(API_TIMEOUT_MS_CONFIG));
  }

  /** Kafka client and registry settings: every original that is not a console key. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    originals().forEach((key, value) -> {
      if (!CONSOLE_KEYS.contains(key)) {
        props.put(key, value);
      }
    });
    return props;
  }

  @Override
  public String toString() {
    return "WebConsoleConfig[http=" + httpHost() + ":" + httpPort() + ", ledger=" + ledgerUrl()
        + ", auth=" + (insecureNoAuth() ? "NONE (insecure)" : "users") + ", masked=" + maskFields().size() + " field(s)]";
  }
}
