package dev.jobpipe.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of {@link SchemaRegistryClient}. Key names follow Confluent's serdes where they exist
 * ({@code schema.registry.url}, {@code basic.auth.user.info}) so that one client property file
 * configures both. Every value is validated here, and an error names the key.
 */
public final class SchemaRegistryConfig extends AbstractConfig {

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  private static final String SCHEMA_REGISTRY_URL_DOC =
      "Comma-separated list of registry base URLs (http or https). A URL whose connection fails is"
          + " skipped for the next one. A URL with an empty path that serves the Confluent API under"
          + " /apis/ccompat/v7 (Apicurio) is detected on first use.";

  public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
  private static final String CONNECT_TIMEOUT_MS_DOC = "How long to wait for a TCP connection to the registry.";

  public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
  public static final int DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  private static final String REQUEST_TIMEOUT_MS_DOC =
      "How long to wait for the registry's answer to one request, per attempt.";

  public static final String RETRIES_CONFIG = "schema.registry.retries";
  public static final int DEFAULT_RETRIES = 3;
  private static final String RETRIES_DOC =
      "How many times a request is repeated after a 5xx answer or an I/O failure on every URL"
          + " before RegistryUnavailableException is thrown. 4xx answers are never retried.";

  public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
  public static final long DEFAULT_RETRY_BACKOFF_MS = 100L;
  private static final String RETRY_BACKOFF_MS_DOC =
      "Pause before the first retry; doubled on each further retry up to "
          + "schema.registry.retry.backoff.max.ms.";

  public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
  public static final long DEFAULT_RETRY_BACKOFF_MAX_MS = 2_000L;
  private static final String RETRY_BACKOFF_MAX_MS_DOC = "Upper bound of the pause between retries.";

  public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
  private static final String BASIC_AUTH_USER_INFO_DOC =
      "Credentials for HTTP basic authentication as user:password; none when unset.";

  public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
  public static final String SOURCE_USER_INFO = "USER_INFO";
  public static final String SOURCE_URL = "URL";
  private static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where basic-auth credentials come from: "
      + SOURCE_USER_INFO + " (basic.auth.user.info) or " + SOURCE_URL + " (the user:password@ part of the"
      + " registry URL, which is then never shown in messages).";

  public static final String BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG = "bearer.auth.credentials.source";
  public static final String SOURCE_STATIC_TOKEN = "STATIC_TOKEN";
  private static final String BEARER_AUTH_CREDENTIALS_SOURCE_DOC = "Where the bearer token comes from: "
      + SOURCE_STATIC_TOKEN + " (bearer.auth.token), the only source supported.";

  public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
  private static final String BEARER_AUTH_TOKEN_DOC = "Token sent as Authorization: Bearer; none when unset."
      + " Cannot be combined with basic-auth credentials.";

  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
              new UrlListValidator(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
          .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_CONNECT_TIMEOUT_MS,
              ConfigDef.Range.atLeast(1), Importance.MEDIUM, CONNECT_TIMEOUT_MS_DOC)
          .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_REQUEST_TIMEOUT_MS,
              ConfigDef.Range.atLeast(1), Importance.MEDIUM, REQUEST_TIMEOUT_MS_DOC)
          .define(RETRIES_CONFIG, Type.INT, DEFAULT_RETRIES,
              ConfigDef.Range.between(0, 100), Importance.MEDIUM, RETRIES_DOC)
          .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, DEFAULT_RETRY_BACKOFF_MS,
              ConfigDef.Range.atLeast(0), Importance.LOW, RETRY_BACKOFF_MS_DOC)
          .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, DEFAULT_RETRY_BACKOFF_MAX_MS,
              ConfigDef.Range.atLeast(0), Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC)
          .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null,
              new UserInfoValidator(), Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
          .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, SOURCE_USER_INFO,
              ConfigDef.ValidString.in(SOURCE_USER_INFO, SOURCE_URL), Importance.MEDIUM, BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
          .define(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, SOURCE_STATIC_TOKEN,
              ConfigDef.ValidString.in(SOURCE_STATIC_TOKEN), Importance.LOW, BEARER_AUTH_CREDENTIALS_SOURCE_DOC)
          .define(BEARER_AUTH_TOKEN_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BEARER_AUTH_TOKEN_DOC);

  public SchemaRegistryConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
    if (getLong(RETRY_BACKOFF_MAX_MS_CONFIG) < getLong(RETRY_BACKOFF_MS_CONFIG)) {
      throw new ConfigException(RETRY_BACKOFF_MAX_MS_CONFIG, getLong(RETRY_BACKOFF_MAX_MS_CONFIG),
          "must be at least " + RETRY_BACKOFF_MS_CONFIG + " (" + getLong(RETRY_BACKOFF_MS_CONFIG) + ")");
    }
    if (getPassword(BEARER_AUTH_TOKEN_CONFIG) != null && basicAuthUserInfo() != null) {
      // never echo either secret
      throw new ConfigException(BEARER_AUTH_TOKEN_CONFIG + " cannot be combined with basic-auth credentials ("
          + BASIC_AUTH_USER_INFO_CONFIG + " or a user:password@ registry URL): choose one");
    }
    if (getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG).equals(SOURCE_URL) && urlUserInfo() == null) {
      throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is " + SOURCE_URL
          + " but no " + SCHEMA_REGISTRY_URL_CONFIG + " has a user:password@ part");
    }
  }

  /** A copy of the definitions, for configs (such as the serdes') that extend this one. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  /** The registry URLs in the configured order, without trailing slashes or credentials. */
  public List<URI> urls() {
    return getList(SCHEMA_REGISTRY_URL_CONFIG).stream().map(SchemaRegistryConfig::toUri)
        .map(SchemaRegistryConfig::withoutUserInfo).toList();
  }

  /**
   * The basic-auth credentials as {@code user:password} from the configured source, or null when
   * none are configured.
   */
  public String basicAuthUserInfo() {
    if (SOURCE_URL.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
      return urlUserInfo();
    }
    Password password = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
    return password == null ? null : password.value();
  }

  /**
   * The value of the {@code Authorization} header every request carries ({@code Basic ...} or
   * {@code Bearer ...}), or null without credentials. A secret: never log it.
   */
  public String authorizationHeader() {
    Password token = getPassword(BEARER_AUTH_TOKEN_CONFIG);
    if (token != null) {
      return "Bearer " + token.value();
    }
    String userInfo = basicAuthUserInfo();
    return userInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private String urlUserInfo() {
    return getList(SCHEMA_REGISTRY_URL_CONFIG).stream().map(SchemaRegistryConfig::toUri)
        .map(URI::getRawUserInfo).filter(info -> info != null && info.indexOf(':') > 0)
        .map(info -> URLDecoder.decode(info, StandardCharsets.UTF_8)).findFirst().orElse(null);
  }

  private static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, uri.getHost(), e.getMessage());
    }
  }

  private static URI toUri(String url) {
    String trimmed = url.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      return new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, redact(url), "not a URL: " + e.getReason());
    }
  }

  /** {@code url} with any {@code user:password@} part masked, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?<=//)[^/@]*@", "***@");
  }

  private static final class UrlListValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> urls = (List<String>) value;
      if (urls == null || urls.isEmpty()) {
        throw new ConfigException(name, value, "at least one registry URL is required");
      }
      for (String url : urls) {
        URI uri;
        try {
          uri = toUri(url);
        } catch (ConfigException e) {
          throw new ConfigException(name + " has an entry that is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          throw new ConfigException(name, redact(url), "must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
          throw new ConfigException(name, redact(url), "has no host");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
          throw new ConfigException(name, redact(url), "must not have a query or fragment");
        }
      }
    }

    @Override
    public String toString() {
      return "non-empty list of http(s) URLs";
    }
  }

  private static final class UserInfoValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        return;
      }
      String info = ((Password) value).value();
      if (info.indexOf(':') <= 0) {
        // never echo the secret itself
        throw new ConfigException(name + " must have the form user:password");
      }
    }

    @Override
    public String toString() {
      return "user:password";
    }
  }
}
