package dev.jobpipe.cli.command;

import dev.jobpipe.console.web.WebConsole;
import dev.jobpipe.console.web.WebConsoleConfig;
import dev.jobpipe.ledger.JobLedger;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.observability.MetricsServer;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What {@code jobpipe demo --keep} leaves running after the demo: a job ledger and the web console
 * on the demo's cluster, with a one-time login (user {@value #USER}, a random password that only
 * this run knows, printed once), until SIGINT/SIGTERM.
 */
final class DemoConsole {

  static final String USER = "demo";
  static final String LEDGER_APPLICATION_ID = "jobpipe-demo-ledger";

  private DemoConsole() {}

  /** Runs the ledger and the console until a stop signal; prints the URL and the login. */
  static void run(Map<String, Object> clientProperties, String registryUrl, int port, PrintWriter out) throws IOException {
    String password = oneTimePassword();
    Path stateDir = Files.createTempDirectory("jobpipe-demo-ledger");
    Map<String, Object> ledgerProps = new HashMap<>(clientProperties);
    ledgerProps.put(JobLedgerConfig.APPLICATION_ID_CONFIG, LEDGER_APPLICATION_ID + "-" + Long.toString(System.nanoTime(), 36));
    ledgerProps.put(JobLedgerConfig.HTTP_PORT_CONFIG, 0);
    ledgerProps.put(JobLedgerConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    ledgerProps.put(JobLedgerConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    ledgerProps.put(JobLedgerConfig.TOPIC_REFRESH_MS_CONFIG, 2_000L);
    ledgerProps.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    PrometheusMeterRegistry registry = MetricsServer.newRegistry();
    JobLedger ledger = new JobLedger(new JobLedgerConfig(ledgerProps), registry, registry::scrape);
    try (StopSignal stop = StopSignal.install(); ledger) {
      ledger.start();
      Map<String, Object> props = new HashMap<>(clientProperties);
      props.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
      props.put(WebConsoleConfig.HTTP_PORT_CONFIG, port);
      props.put(WebConsoleConfig.LEDGER_URL_CONFIG, ledger.url().toString());
      props.put(WebConsoleConfig.AUTH_USERS_CONFIG, USER + ":operator:" + WebConsole.hashPassword(password));
      props.put(WebConsoleConfig.SAMPLE_INTERVAL_MS_CONFIG, 2_000L);
      WebConsole console = ConsoleCommand.create(new WebConsoleConfig(props), registry);
      try (console) {
        ConsoleCommand.start(console);
        out.println();
        out.println("console: " + console.url());
        out.println("  one-time login: user " + USER + ", password " + password + " (valid until this demo stops)");
        out.println("  stop the console with Ctrl-C; the embedded stack keeps running (jobpipe dev down stops it)");
        out.flush();
        stop.requested().join();
      }
    }
  }

  private static String oneTimePassword() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
