package dev.jobpipe.console.web.internal;

import dev.jobpipe.observability.MetricNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kafka cannot tell: jobs in flight and the p50/p99 of job duration and wait, read from the
 * workers' own {@code /metrics} endpoints ({@code jobpipe_inflight} and the histogram buckets of
 * {@code jobpipe_job_duration_seconds} and {@code jobpipe_job_wait_seconds}), summed over every
 * endpoint. Quantiles come from the growth of the buckets over the last minute, interpolated
 * within a bucket as Prometheus' {@code histogram_quantile} does. Without endpoints it reports nothing.
 */
public final class WorkerMetricsScraper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerMetricsScraper.class);
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+).*");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  static final String INFLIGHT = MetricNames.INFLIGHT.replace('.', '_');
  static final String DURATION_BUCKET = MetricNames.JOB_DURATION.replace('.', '_') + "_seconds_bucket";
  static final String WAIT_BUCKET = MetricNames.JOB_WAIT.replace('.', '_') + "_seconds_bucket";

  /**
   * One type's numbers; null where no endpoint reported (or too few jobs ran in the window).
   *
   * @param inFlight jobs running now over every worker
   * @param durationP50 seconds
   * @param durationP99 seconds
   * @param waitP50 seconds, enqueue (or due time) to handler start
   * @param waitP99 seconds
   */
  public record TypeFigures(Double inFlight, Double durationP50, Double durationP99, Double waitP50, Double waitP99) {}

  /** What one scrape of every endpoint read: per type, in-flight and cumulative buckets by upper bound. */
  record Scrape(Instant at, Map<String, Double> inFlight, Map<String, TreeMap<Double, Double>> duration,
      Map<String, TreeMap<Double, Double>> waits) {}

  private final List<URI> endpoints;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;
  private final Deque<Scrape> scrapes = new ArrayDeque<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jobpipe-console-worker-metrics");
    t.setDaemon(true);
    return t;
  });

  public WorkerMetricsScraper(List<URI> endpoints, Duration timeout, Clock clock) {
    this.endpoints = List.copyOf(endpoints);
    this.timeout = timeout;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Whether any endpoint is configured. */
  public boolean configured() {
    return !endpoints.isEmpty();
  }

  public void start(Duration interval) {
    if (configured()) {
      executor.scheduleWithFixedDelay(this::scrapeQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void scrapeQuietly() {
    StringBuilder all = new StringBuilder();
    for (URI endpoint : endpoints) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          all.append(r.body()).append('\n');
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.debug("console: worker metrics at {} unreadable: {}", endpoint, e.toString());
      }
    }
    add(parse(all.toString(), clock.instant()));
  }

  /** Keeps the newest scrapes and exactly one at or before the start of the window, the baseline. */
  synchronized void add(Scrape s) {
    scrapes.addLast(s);
    Instant start = s.at().minus(WINDOW);
    while (scrapes.size() > 1) {
      var it = scrapes.iterator();
      it.next();
      if (it.next().at().isAfter(start)) {
        break;
      }
      scrapes.removeFirst();
    }
  }

  /** Every type's figures from the newest scrape and the one about a window before it. */
  public synchronized Map<String, TypeFigures> figures() {
    if (scrapes.isEmpty()) {
      return Map.of();
    }
    Scrape last = scrapes.peekLast();
    Scrape first = scrapes.peekFirst();
    Map<String, TypeFigures> out = new HashMap<>();
    java.util.Set<String> types = new java.util.TreeSet<>(last.inFlight().keySet());
    types.addAll(last.duration().keySet());
    types.addAll(last.waits().keySet());
    for (String type : types) {
      TreeMap<Double, Double> d = delta(first.duration().get(type), last.duration().get(type));
      TreeMap<Double, Double> w = delta(first.waits().get(type), last.waits().get(type));
      out.put(type, new TypeFigures(last.inFlight().get(type), quantile(0.5, d), quantile(0.99, d),
          quantile(0.5, w), quantile(0.99, w)));
    }
    return out;
  }

  /** Reads the series the console needs out of Prometheus text exposition, summing over endpoints. */
  static Scrape parse(String text, Instant at) {
    Map<String, Double> inFlight = new HashMap<>();
    Map<String, TreeMap<Double, Double>> duration = new HashMap<>();
    Map<String, TreeMap<Double, Double>> waits = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1);
      boolean isInFlight = name.equals(INFLIGHT);
      Map<String, TreeMap<Double, Double>> target = name.equals(DURATION_BUCKET) ? duration : name.equals(WAIT_BUCKET) ? waits : null;
      if (!isInFlight && target == null) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String type = labels.get(MetricNames.TAG_TYPE);
      double value;
      try {
        value = Double.parseDouble(m.group(3));
      } catch (NumberFormatException e) {
        continue;
      }
      if (type == null || Double.isNaN(value)) {
        continue;
      }
      if (isInFlight) {
        inFlight.merge(type, value, Double::sum);
      } else {
        String le = labels.get("le");
        if (le != null) {
          double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
          target.computeIfAbsent(type, t -> new TreeMap<>()).merge(bound, value, Double::sum);
        }
      }
    }
    return new Scrape(at, inFlight, duration, waits);
  }

  /** Cumulative bucket counts that arrived between two scrapes (all of {@code to} when there is no earlier one). */
  static TreeMap<Double, Double> delta(TreeMap<Double, Double> from, TreeMap<Double, Double> to) {
    if (to == null) {
      return new TreeMap<>();
    }
    TreeMap<Double, Double> out = new TreeMap<>();
    to.forEach((le, count) -> out.put(le, Math.max(0, count - (from == null || from == to ? 0 : from.getOrDefault(le, 0.0)))));
    return out;
  }

  /** The {@code q} quantile of cumulative buckets, interpolated linearly within its bucket; null without observations. */
  static Double quantile(double q, TreeMap<Double, Double> buckets) {
    if (buckets.isEmpty()) {
      return null;
    }
    double total = buckets.lastEntry().getValue();
    if (total <= 0) {
      return null;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> e : buckets.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return lowerBound;
        }
        double inBucket = e.getValue() - lowerCount;
        return inBucket <= 0 ? e.getKey() : lowerBound + (e.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = e.getKey();
      lowerCount = e.getValue();
    }
    return lowerBound;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    http.close();
  }
}
