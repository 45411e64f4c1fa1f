package dev.jobpipe.deploy.local;

import dev.jobpipe.deploy.local.internal.BearerTokens;
import dev.jobpipe.deploy.local.internal.Certificates;
import dev.jobpipe.deploy.local.internal.Dirs;
import dev.jobpipe.deploy.local.internal.SecretFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The security of a local stack started secure: Kafka clients authenticate with SASL/SCRAM-SHA-512
 * over TLS, the broker authorizes with the {@code StandardAuthorizer} ({@value #ADMIN} is its only
 * super user), and the registry accepts only signed bearer tokens.
 *
 * <p>Everything lives in one directory, made on first use and reused after: a CA and the broker's
 * certificate (made with {@code keytool}), a random password per user in {@value #CREDENTIALS_FILE},
 * the token signing key, and per user a Kafka client config {@code USER.properties} (SASL, TLS
 * trust, registry token) to pass as {@code --command-config}. Every secret file is readable by its
 * owner only; nothing here logs or prints a secret, and {@link #toString()} names the directory only.
 *
 * <p>Users: {@value #ADMIN} (creates topics and ACLs) and one per component ({@link #COMPONENTS}),
 * each with no rights until ACLs grant them ({@code jobpipe acls --apply}).
 */
public final class StackSecurity {
  /** The super user: the broker's own inter-broker and controller identity, and the operator's. */
  public static final String ADMIN = "admin";
  /** One user per component, so each runs with exactly the ACLs of its own principal. */
  public static final List<String> COMPONENTS = List.of("publisher", "worker", "router", "inspector", "scheduler", "ledger", "console");
  /** The SASL mechanism of the client listener. */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  static final String CREDENTIALS_FILE = "credentials.properties";
  private static final String TOKEN_KEY_FILE = "token-signing-key.pem";
  private static final String STORE_PASSWORD = "store.password";
  private static final String PASSWORD_PREFIX = "password.";
  private static final Duration TOKEN_VALIDITY = Duration.ofDays(90);

  private final Path dir;
  private final Map<String, String> secrets;
  private final BearerTokens tokens;
  private final Map<String, String> tokenByUser = new LinkedHashMap<>();

  private StackSecurity(Path dir, Map<String, String> secrets, BearerTokens tokens) {
    this.dir = dir;
    this.secrets = secrets;
    this.tokens = tokens;
    Instant now = Instant.now();
    users().forEach(user -> tokenByUser.put(user, tokens.token(user, now, TOKEN_VALIDITY)));
  }

  /**
   * The security material in {@code dir}: what is there is reused, what is missing is made (a
   * password per user, the certificates, the token key); the client configs are rewritten with
   * fresh tokens.
   */
  public static StackSecurity ensure(Path dir) {
    Path d = Dirs.create(dir.toAbsolutePath().normalize());
    Map<String, String> secrets = readSecrets(d.resolve(CREDENTIALS_FILE));
    boolean changed = secrets.putIfAbsent(STORE_PASSWORD, SecretFiles.newPassword()) == null;
    for (String user : Stream.concat(Stream.of(ADMIN), COMPONENTS.stream()).toList()) {
      changed |= secrets.putIfAbsent(PASSWORD_PREFIX + user, SecretFiles.newPassword()) == null;
    }
    if (changed) {
      SecretFiles.writeProperties(d.resolve(CREDENTIALS_FILE),
          "passwords of the local secure stack (jobpipe dev up --secure); owner-only", secrets);
    }
    if (changed || !Certificates.present(d)) {
      Certificates.create(d, secrets.get(STORE_PASSWORD));
    }
    StackSecurity security = new StackSecurity(d, secrets, BearerTokens.at(d.resolve(TOKEN_KEY_FILE)));
    security.users().forEach(security::writeClientConfig);
    return security;
  }

  private static Map<String, String> readSecrets(Path file) {
    Map<String, String> secrets = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return secrets;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    p.stringPropertyNames().stream().sorted().forEach(k -> secrets.put(k, p.getProperty(k)));
    return secrets;
  }

  /** The directory of the material. */
  public Path dir() {
    return dir;
  }

  /** {@value #ADMIN} and the {@link #COMPONENTS}. */
  public List<String> users() {
    return Stream.concat(Stream.of(ADMIN), COMPONENTS.stream()).toList();
  }

  /** The Kafka principal of {@code user}, e.g. {@code User:worker}. */
  public static String principal(String user) {
    return "User:" + user;
  }

  /** The CA certificate clients trust (PEM). */
  public Path caCertificate() {
    return dir.resolve(Certificates.CA_PEM);
  }

  /** The Kafka client config of {@code user}, for {@code --command-config}. */
  public Path clientConfig(String user) {
    requireUser(user);
    return dir.resolve(user + ".properties");
  }

  /**
   * Kafka client properties authenticating as {@code user} (no {@code bootstrap.servers}), with the
   * registry token: what {@link #clientConfig(String)} holds.
   */
  public Map<String, String> clientProperties(String user) {
    Map<String, String> p = new LinkedHashMap<>(kafkaClientProperties(user, password(user)));
    p.put("bearer.auth.credentials.source", "STATIC_TOKEN");
    p.put("bearer.auth.token", tokenByUser.get(user));
    return p;
  }

  /** SASL over TLS, trusting the stack's CA: what every client of the broker needs before its login. */
  Map<String, String> tlsClientProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("security.protocol", "SASL_SSL");
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", caCertificate().toString());
    return p;
  }

  private Map<String, String> kafkaClientProperties(String user, String password) {
    Map<String, String> p = tlsClientProperties();
    p.put("sasl.mechanism", SCRAM_MECHANISM);
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user + "\" password=\"" + password + "\";");
    return p;
  }

  /** The registry token of {@code user}: the value of {@code bearer.auth.token}. */
  public String token(String user) {
    requireUser(user);
    return tokenByUser.get(user);
  }

  /** Every secret in use (passwords, store password, tokens): what must never appear in a log. */
  public List<String> secrets() {
    return Stream.concat(secrets.values().stream(), tokenByUser.values().stream()).toList();
  }

  String password(String user) {
    requireUser(user);
    return secrets.get(PASSWORD_PREFIX + user);
  }

  String storePassword() {
    return secrets.get(STORE_PASSWORD);
  }

  Path serverKeyStore() {
    return dir.resolve(Certificates.SERVER_STORE);
  }

  /** The registry's verification key (public). */
  String tokenPublicKey() {
    return tokens.publicKeyBase64();
  }

  private void writeClientConfig(String user) {
    SecretFiles.writeProperties(clientConfig(user), "Kafka client and registry credentials of " + principal(user)
        + " on the local secure stack; pass as --command-config", clientProperties(user));
  }

  private void requireUser(String user) {
    if (!users().contains(Objects.requireNonNull(user, "user"))) {
      throw new IllegalArgumentException("no user " + user + " on the local secure stack; users: " + users());
    }
  }

  @Override
  public String toString() {
    return "StackSecurity[" + dir + "]";
  }
}
