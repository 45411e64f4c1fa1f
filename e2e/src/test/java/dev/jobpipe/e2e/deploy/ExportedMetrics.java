package dev.jobpipe.e2e.deploy;

import dev.jobpipe.observability.MetricNames;
import dev.jobpipe.observability.MetricsServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series jobpipe exports, with their labels, learned the way Prometheus learns them:
 * one meter of each {@link MetricNames} name is registered, with the kind and tags the design gives
 * it, in the registry the processes use ({@link MetricsServer#newRegistry()}), and the scrape is
 * parsed. So {@code _total}, {@code _bucket}, {@code _count}, {@code _sum} and {@code _max} are
 * whatever Micrometer really renders, not a guess. {@code up} is Prometheus' own per-target series.
 */
final class ExportedMetrics {

  /** Labels Prometheus adds to every scraped series. */
  static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  /** How each meter name of the design is registered (kind and tag keys), by constant value. */
  private static final Map<String, BiConsumer<MeterRegistry, String>> KINDS = Map.ofEntries(
      Map.entry(MetricNames.JOBS, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_TYPE, "t", MetricNames.TAG_OUTCOME, MetricNames.Outcome.SUCCEEDED).register(r).increment()),
      Map.entry(MetricNames.JOB_DURATION, (r, n) -> Timer.builder(n)
          .tags(MetricNames.TAG_TYPE, "t").register(r).record(Duration.ofMillis(5))),
      Map.entry(MetricNames.JOB_WAIT, (r, n) -> Timer.builder(n)
          .tags(MetricNames.TAG_TYPE, "t").register(r).record(Duration.ofMillis(5))),
      Map.entry(MetricNames.QUEUE_LAG, (r, n) -> Gauge.builder(n, () -> 1)
          .tags(MetricNames.TAG_TYPE, "t", MetricNames.TAG_PARTITION, "0").register(r)),
      Map.entry(MetricNames.INFLIGHT, (r, n) -> Gauge.builder(n, () -> 1)
          .tags(MetricNames.TAG_TYPE, "t").register(r)),
      Map.entry(MetricNames.RETRIES, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_TYPE, "t", MetricNames.TAG_TIER, "5s").register(r).increment()),
      Map.entry(MetricNames.DEAD_LETTERS, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_TYPE, "t", MetricNames.TAG_REASON, "EXHAUSTED").register(r).increment()),
      Map.entry(MetricNames.FORWARD_LATENESS, (r, n) -> Timer.builder(n)
          .tags(MetricNames.TAG_TYPE, "t", MetricNames.TAG_TIER, "5s").register(r).record(Duration.ofMillis(5))),
      Map.entry(MetricNames.RETRY_HOLD, (r, n) -> Timer.builder(n)
          .tags(MetricNames.TAG_TYPE, "t", MetricNames.TAG_TIER, "5s").register(r).record(Duration.ofSeconds(5))),
      Map.entry(MetricNames.RETRY_TIER_LAG, (r, n) -> Gauge.builder(n, () -> 1)
          .tags(MetricNames.TAG_TYPE, "t", MetricNames.TAG_TIER, "5s").register(r)),
      Map.entry(MetricNames.ROUTER_RESTARTS, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_PART, "routing").register(r).increment()),
      Map.entry(MetricNames.WORKER_SKIPPED_DONE, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_TYPE, "t").register(r).increment()),
      Map.entry(MetricNames.WORKER_COMMIT_METADATA_UNREADABLE, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_TYPE, "t").register(r).increment()),
      Map.entry(MetricNames.WORKER_STUCK_RECORDS, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_TYPE, "t").register(r).increment()),
      Map.entry(MetricNames.WORKER_PAUSED, (r, n) -> Gauge.builder(n, () -> 1)
          .tags(MetricNames.TAG_TYPE, "t").register(r)),
      Map.entry(MetricNames.WORKER_RATE_LIMIT, (r, n) -> Gauge.builder(n, () -> 5)
          .tags(MetricNames.TAG_TYPE, "t").register(r)),
      Map.entry(MetricNames.SCHEDULER_PENDING, (r, n) -> Gauge.builder(n, () -> 1)
          .tags(MetricNames.TAG_TYPE, "t").register(r)),
      Map.entry(MetricNames.SCHEDULER_FIRE_LATENESS, (r, n) -> Timer.builder(n)
          .tags(MetricNames.TAG_TYPE, "t").register(r).record(Duration.ofMillis(5))),
      Map.entry(MetricNames.SCHEDULER_CANCELS, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_TYPE, "t", MetricNames.TAG_OUTCOME, "cancelled").register(r).increment()),
      Map.entry(MetricNames.LEDGER_EVENTS, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_OUTCOME, "applied").register(r).increment()),
      Map.entry(MetricNames.LEDGER_LAG, (r, n) -> Gauge.builder(n, () -> 1).register(r)),
      Map.entry(MetricNames.LEDGER_JOBS, (r, n) -> Gauge.builder(n, () -> 1).register(r)),
      Map.entry(MetricNames.LEDGER_EXPIRED, (r, n) -> Counter.builder(n).register(r).increment()),
      Map.entry(MetricNames.CONSOLE_REQUEST_DURATION, (r, n) -> Timer.builder(n)
          .tags(MetricNames.TAG_OUTCOME, "ok").register(r).record(Duration.ofMillis(5))),
      Map.entry(MetricNames.CONSOLE_LOGINS, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_OUTCOME, "succeeded").register(r).increment()),
      Map.entry(MetricNames.CONSOLE_ACTIONS, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_ACTION, "replay", MetricNames.TAG_OUTCOME, "succeeded").register(r).increment()),
      Map.entry(MetricNames.CONSOLE_SAMPLE_DURATION, (r, n) -> Timer.builder(n).register(r).record(Duration.ofMillis(5))),
      Map.entry(MetricNames.CRON_FIRES, (r, n) -> Counter.builder(n)
          .tags(MetricNames.TAG_NAME, "nightly", MetricNames.TAG_OUTCOME, "fired").register(r).increment()));

  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+.*");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)");

  /** One scraped series: its labels, and whether it only ever grows (a counter, or a histogram's parts). */
  record Series(Set<String> labels, boolean counter) {}

  private final Map<String, Series> seriesByName;
  private final Map<String, Set<String>> seriesByMeter;

  private ExportedMetrics(Map<String, Series> seriesByName, Map<String, Set<String>> seriesByMeter) {
    this.seriesByName = seriesByName;
    this.seriesByMeter = seriesByMeter;
  }

  /** Registers every meter of {@link MetricNames} and reads back what the scrape shows. */
  static ExportedMetrics scrape() {
    Map<String, Series> seriesByName = new TreeMap<>();
    Map<String, Set<String>> seriesByMeter = new TreeMap<>();
    for (String meter : meterNames()) {
      BiConsumer<MeterRegistry, String> kind = KINDS.get(meter);
      if (kind == null) {
        throw new IllegalStateException("MetricNames has a meter the deployment checks do not know: " + meter
            + " (add its kind and tags to ExportedMetrics, then use it in the dashboard)");
      }
      PrometheusMeterRegistry registry = MetricsServer.newRegistry();
      kind.accept(registry, meter);
      Map<String, Series> series = parse(registry.scrape());
      seriesByName.putAll(series);
      seriesByMeter.put(meter, new TreeSet<>(series.keySet()));
    }
    seriesByName.put("up", new Series(new TreeSet<>(TARGET_LABELS), false));
    return new ExportedMetrics(seriesByName, seriesByMeter);
  }

  /** The values of the public meter-name constants of {@link MetricNames} (not the tag names). */
  static Set<String> meterNames() {
    Set<String> names = new TreeSet<>();
    for (Field field : MetricNames.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
          && !field.getName().startsWith("TAG_")) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  /** Values of the {@code outcome} tag ({@link MetricNames.Outcome}). */
  static Set<String> outcomes() {
    Set<String> values = new TreeSet<>();
    for (Field field : MetricNames.Outcome.class.getFields()) {
      try {
        values.add((String) field.get(null));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return values;
  }

  /** Parses Prometheus text exposition: sample names with their label names, typed by the preceding # TYPE. */
  static Map<String, Series> parse(String scrape) {
    Map<String, Series> series = new TreeMap<>();
    String familyType = "untyped";
    for (String line : scrape.lines().toList()) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        familyType = type.group(2);
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new IllegalArgumentException("not a Prometheus sample line: " + line);
      }
      String name = sample.group(1);
      boolean counter = familyType.equals("counter")
          || (familyType.equals("histogram") && !name.endsWith("_max"));
      Set<String> labels = series.computeIfAbsent(name, k -> new Series(new TreeSet<>(TARGET_LABELS), counter)).labels();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    return series;
  }

  boolean exports(String series) {
    return seriesByName.containsKey(series);
  }

  /** Labels a series carries once scraped (its tags, {@code le} on buckets, job and instance). */
  Set<String> labels(String series) {
    return get(series).labels();
  }

  boolean isCounter(String series) {
    return get(series).counter();
  }

  private Series get(String name) {
    Series series = seriesByName.get(name);
    if (series == null) {
      throw new IllegalArgumentException("not an exported series: " + name);
    }
    return series;
  }

  Set<String> series() {
    return seriesByName.keySet();
  }

  /** The Prometheus series one meter name renders to, e.g. jobpipe.jobs -> jobpipe_jobs_total. */
  Set<String> seriesOf(String meter) {
    return seriesByMeter.get(meter);
  }

  Set<String> meters() {
    return seriesByMeter.keySet();
  }
}
