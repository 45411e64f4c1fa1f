package dev.jobpipe.cli.demo;

import dev.jobpipe.ledger.JobLedger;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.ledger.JobView;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The job-ledger part of the demo: an in-process {@link JobLedger} following the demo's three
 * types (HTTP on a free local port), and at the end {@code jobpipe jobs show} for one job that
 * succeeded (one that needed a retry when there is one) and one that died, as the ledger saw them.
 */
final class DemoJobStates implements AutoCloseable {

  static final String APPLICATION_ID = "jobpipe-demo-ledger";
  /** How long the ledger may take to fold a settled job's last event before the demo gives up showing it. */
  static final Duration FOLD_TIMEOUT = Duration.ofSeconds(30);

  /** Helidon logs its start-up through java.util.logging at INFO; the demo's output is its progress. */
  private static final Logger HELIDON = Logger.getLogger("io.helidon");

  private final JobLedger ledger;

  DemoJobStates(Map<String, Object> clientProperties, Path stateDir, MeterRegistry metrics) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(JobLedgerConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(JobLedgerConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    props.put(JobLedgerConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.put(JobLedgerConfig.HTTP_PORT_CONFIG, 0);
    props.put(JobLedgerConfig.TYPES_CONFIG,
        DemoWorkload.TYPES.stream().map(Pattern::quote).collect(Collectors.joining("|")));
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    this.ledger = new JobLedger(new JobLedgerConfig(props), metrics, () -> "");
  }

  void start() {
    HELIDON.setLevel(Level.WARNING);
    ledger.start();
  }

  URI url() {
    return ledger.url();
  }

  /**
   * Shows one succeeded and one dead job of this run through {@code show} (id, ledger URL), after
   * the ledger has folded their terminal state; says so instead when it has not within
   * {@link #FOLD_TIMEOUT}.
   */
  void show(DemoLedger account, PrintWriter out, BiConsumer<String, URI> show) {
    out.printf("%nThe job ledger (run in this process, %s) knows what became of every job:%n", ledger.url());
    out.flush();
    try (JobLedgerClient client = new JobLedgerClient(ledger.url())) {
      for (Optional<String> id : List.of(account.aSucceededJob(), account.aDeadJob())) {
        if (id.isEmpty()) {
          continue;
        }
        Optional<JobView> view = client.await(id.get(), FOLD_TIMEOUT);
        if (view.isEmpty() || !view.get().terminal()) {
          out.printf("(the ledger has not folded job %s within %s)%n", id.get(), FOLD_TIMEOUT);
          continue;
        }
        show.accept(id.get(), ledger.url());
      }
    }
  }

  @Override
  public void close() {
    ledger.close();
  }
}
