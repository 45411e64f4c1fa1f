package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.console.web.WebConsole;
import dev.jobpipe.console.web.WebConsoleConfig;
import dev.jobpipe.observability.MetricsServer;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe console}: runs the web console until SIGTERM/SIGINT: pages and a JSON API over
 * every job type's queue, retry tiers, dead letters, jobs (through the ledger) and schedules.
 * {@code --hash-password} turns a password read from standard input into a users-file hash.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = {
      "Run the web console (pages and JSON API; /metrics and /health on the same port) until SIGTERM or SIGINT.",
      "Users: --users FILE and/or env JOBPIPE_CONSOLE_USERS, entries NAME:ROLE:HASH (ROLE viewer or operator;"
          + " HASH bcrypt of a password, or sha256:HEX of a bearer token)."
    })
public final class ConsoleCommand implements Callable<Integer> {

  /** Environment variable with inline users entries (lines or commas). */
  static final String USERS_ENV = "JOBPIPE_CONSOLE_USERS";

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  LedgerUrlOption ledger;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + WebConsoleConfig.DEFAULT_HTTP_PORT,
      description = "HTTP port (0 picks a free one; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = WebConsoleConfig.DEFAULT_HTTP_HOST,
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--users", paramLabel = "FILE", defaultValue = "${env:JOBPIPE_CONSOLE_USERS_FILE}",
      description = "Users file, one NAME:ROLE:HASH per line (env JOBPIPE_CONSOLE_USERS_FILE).")
  Path users;

  @Option(names = "--insecure-no-auth",
      description = "Local development only: no login, everyone is an operator.")
  boolean insecureNoAuth;

  @Option(names = "--mask", paramLabel = "TYPE:FIELD", split = ",",
      description = "Payload field shown as *** to viewers (repeatable; FIELD may be a dotted path).")
  List<String> mask = new ArrayList<>();

  @Option(names = "--worker-metrics", paramLabel = "URL", split = ",",
      description = "A worker's /metrics endpoint (repeatable): jobs in flight and p50/p99 of job duration and wait come from there.")
  List<String> workerMetrics = new ArrayList<>();

  @Option(names = "--scheduler-application-id", paramLabel = "ID",
      defaultValue = dev.jobpipe.scheduler.SchedulerConfig.DEFAULT_APPLICATION_ID,
      description = "The scheduler whose pending jobs the schedules page shows (default ${DEFAULT-VALUE}).")
  String schedulerApplicationId;

  @Option(names = "--router-application-id", paramLabel = "ID",
      defaultValue = dev.jobpipe.router.RouterConfig.DEFAULT_APPLICATION_ID,
      description = "The retry router whose forwarders tell the retry-tier occupancy (default ${DEFAULT-VALUE}).")
  String routerApplicationId;

  @Option(names = "--hash-password",
      description = "Read a password (or, with --token, a bearer token) from standard input, print its users-file hash, exit.")
  boolean hashPassword;

  @Option(names = "--token", description = "With --hash-password: hash a bearer token (sha256:HEX) instead of a password.")
  boolean token;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (hashPassword) {
      String secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (secret == null || secret.isEmpty()) {
        throw new UserException("no password on standard input", ExitCodes.USAGE, null);
      }
      out.println(token ? WebConsole.hashToken(secret) : WebConsole.hashPassword(secret));
      out.flush();
      return ExitCodes.OK;
    }
    WorkerLogging.showKafkaWarnings();
    PrometheusMeterRegistry registry = MetricsServer.newRegistry();
    WebConsole console = create(config(System.getenv(USERS_ENV)), registry);
    try (StopSignal stop = StopSignal.install(); console) {
      start(console);
      if (insecureNoAuth) {
        spec.commandLine().getErr().println("WARNING: the console runs WITHOUT AUTHENTICATION (--insecure-no-auth):"
            + " anyone who reaches " + console.url() + " is an operator. Local development only.");
        spec.commandLine().getErr().flush();
      }
      out.printf("console running: %s%n", console.url());
      out.flush();
      String why = stop.requested().join();
      out.println("console stopping (" + why + ")");
      out.flush();
    }
    return ExitCodes.OK;
  }

  static WebConsole create(WebConsoleConfig config, PrometheusMeterRegistry registry) {
    return new WebConsole(config, registry, registry::scrape);
  }

  static void start(WebConsole console) {
    try {
      console.start();
    } catch (ConfigException e) {
      throw new UserException("invalid console configuration: " + e.getMessage(), ExitCodes.USAGE, e);
    } catch (RuntimeException e) {
      // Helidon reports a port in use as an UncheckedIOException
      throw new UserException("console cannot start: " + e.getMessage(), e);
    }
  }

  /** The console's settings from the options; {@code inlineUsers} from the environment, or null. */
  WebConsoleConfig config(String inlineUsers) {
    Map<String, Object> props = new LinkedHashMap<>(connection.clientProperties());
    props.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, connection.schemaRegistry());
    props.put(WebConsoleConfig.HTTP_HOST_CONFIG, host);
    props.put(WebConsoleConfig.HTTP_PORT_CONFIG, port);
    props.put(WebConsoleConfig.LEDGER_URL_CONFIG, ledger.uri().toString());
    props.put(WebConsoleConfig.AUTH_INSECURE_NO_AUTH_CONFIG, insecureNoAuth);
    if (users != null) {
      props.put(WebConsoleConfig.AUTH_USERS_FILE_CONFIG, users.toString());
    }
    if (inlineUsers != null && !inlineUsers.isBlank()) {
      props.put(WebConsoleConfig.AUTH_USERS_CONFIG, inlineUsers);
    }
    props.put(WebConsoleConfig.MASK_FIELDS_CONFIG, String.join(",", mask));
    props.put(WebConsoleConfig.METRICS_URLS_CONFIG, String.join(",", workerMetrics));
    props.put(WebConsoleConfig.SCHEDULER_APPLICATION_ID_CONFIG, schedulerApplicationId);
    props.put(WebConsoleConfig.ROUTER_APPLICATION_ID_CONFIG, routerApplicationId);
    try {
      return new WebConsoleConfig(props);
    } catch (ConfigException e) {
      throw new UserException(describe(e), ExitCodes.USAGE, e);
    }
  }

  /** The one-line error of a bad setting, naming the option rather than the config key where there is one. */
  private static String describe(ConfigException e) {
    String m = e.getMessage();
    if (m.contains(WebConsoleConfig.AUTH_USERS_FILE_CONFIG) && m.contains("no users")) {
      return "no users: give --users FILE or env " + USERS_ENV + " (or, for local development only, --insecure-no-auth)";
    }
    return "invalid console configuration: " + m;
  }
}
