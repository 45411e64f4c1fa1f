package dev.jobpipe.ledger.it;

import dev.jobpipe.ledger.JobLedger;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.observability.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileReader;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A ledger in a JVM of its own for {@link LedgerBenchIT}, so its CPU time and RSS are its own:
 * settings from the properties file named by the first argument; {@code GET /metrics} answers one
 * {@code name{outcome} value} line per event counter. Runs until killed.
 */
public final class LedgerProcessMain {

  private LedgerProcessMain() {}

  public static void main(String[] args) throws Exception {
    Properties file = new Properties();
    try (Reader in = new FileReader(args[0])) {
      file.load(in);
    }
    Map<String, Object> props = new HashMap<>();
    file.forEach((k, v) -> props.put((String) k, v));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JobLedger ledger = new JobLedger(new JobLedgerConfig(props), registry, () -> registry.find(MetricNames.LEDGER_EVENTS)
        .counters().stream()
        .map(c -> "events{" + c.getId().getTag(MetricNames.TAG_OUTCOME) + "} " + (long) c.count())
        .collect(Collectors.joining("\n", "", "\n")));
    ledger.start();
    System.out.println("ledger running: " + ledger.url());
    ledger.termination().join();
  }
}
