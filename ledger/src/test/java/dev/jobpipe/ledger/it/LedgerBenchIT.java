package dev.jobpipe.ledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.deploy.local.JavaCommand;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.ledger.JobDone;
import dev.jobpipe.schemas.ledger.JobDoneCodec;
import dev.jobpipe.testkit.JobpipeStack;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The ledger figures, measured, never asserted: not part of the default build. Run with
 * {@code mvn -B -o verify -pl ledger -am -Dit.test=LedgerBenchIT -Dledger.bench.jobs=1000000}
 * (add {@code -Dledger.bench.jfr=/tmp/ledger.jfr} for a profile of the ledger JVM):
 *
 * <ol>
 *   <li>ingest: {@code jobs} jobs pre-filled (one {@code jobs.T} record, headers only, and one done
 *       record each), then a fresh ledger in a child JVM folds them all: events/s, CPU ms per
 *       1,000 events, RSS;
 *   <li>{@code GET /jobs/{id}} latency for random ids on that ledger (p50/p99/p99.9);
 *   <li>terminal-state visibility: a real worker runs jobs published at a steady rate; for each,
 *       the time from the handler's return to the ledger's answer to a waiting {@code /wait}.
 * </ol>
 * Prints one {@code LEDGER-BENCH} line per figure with the load average next to it.
 */
@EnabledIfSystemProperty(named = "ledger.bench.jobs", matches = "\\d+")
class LedgerBenchIT {

  private static final Pattern COUNTER = Pattern.compile("events\\{(\\w+)} (\\d+)");

  @Test
  void ingestLookupAndVisibility() throws Exception {
    int jobs = Integer.getInteger("ledger.bench.jobs");
    JobpipeStack stack = JobpipeStack.shared();
    String type = LedgerFixtures.unique("bench.ledger");
    JobTopics topics = JobTopics.of(type);
    stack.createTopic(topics.main(), 6);
    stack.createTopic(topics.done(), 6);
    long fillBegan = System.nanoTime();
    prefill(stack, type, jobs);
    report("prefill", "%d jobs (%d records) in %.1f s", jobs, 2L * jobs, seconds(fillBegan));

    Path dir = Files.createTempDirectory("ledger-bench");
    Process child = startLedger(stack, dir);
    try {
      URI url = URI.create("http://127.0.0.1:" + port(dir));
      HttpClient http = HttpClient.newHttpClient();
      long began = System.nanoTime();
      long cpuAtStart = cpuMillis(child.pid()); // JVM start-up and class loading are not the fold's
      long[] first = {0, 0, 0}; // when, CPU ms and count at the first fold seen
      await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
        long n = folded(http, url);
        if (n > 0 && first[0] == 0) {
          first[0] = System.nanoTime();
          first[1] = cpuMillis(child.pid());
          first[2] = n;
        }
        return n >= 2L * jobs;
      });
      double foldSeconds = seconds(first[0]);
      long events = 2L * jobs - first[2];
      long cpuMs = cpuMillis(child.pid()) - first[1];
      long cpuAll = cpuMillis(child.pid()) - cpuAtStart;
      report("ingest", "%d events in %.1f s from the first fold (%.1f s from start): %.0f events/s; ledger CPU while"
              + " folding %d ms = %.1f ms per 1,000 events (%.0f events per CPU-second); CPU from the ledger's start"
              + " %d ms = %.1f ms per 1,000 events (%.0f events per CPU-second); RSS %s", events, foldSeconds,
          seconds(began), events / foldSeconds, cpuMs, cpuMs * 1000.0 / events, events * 1000.0 / cpuMs, cpuAll,
          cpuAll * 1000.0 / (2L * jobs), 2L * jobs * 1000.0 / cpuAll, rss(child.pid()));

      long cpuBefore = cpuMillis(child.pid());
      int lookups = lookups(http, url, type, jobs);
      report("lookup-cpu", "ledger CPU %.0f µs per GET (incl. warm-up)",
          (cpuMillis(child.pid()) - cpuBefore) * 1000.0 / lookups);
      report("memory", "after lookups: RSS %s", rss(child.pid()));
      visibility(stack, url);
      report("memory", "at the end: RSS %s, CPU %d ms", rss(child.pid()), cpuMillis(child.pid()));
    } finally {
      child.destroy(); // SIGTERM, so that a flight recording is written
      if (!child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor();
      }
    }
  }

  private static void prefill(JobpipeStack stack, String type, int jobs) throws Exception {
    JobTopics topics = JobTopics.of(type);
    Map<String, Object> props = new java.util.HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      byte[] value = new byte[64];
      for (int i = 0; i < jobs; i++) {
        String id = id(i);
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topics.main(), null, key, value, LedgerFixtures.jobHeaders(type, id, 1)));
        producer.send(new ProducerRecord<>(topics.done(), null, key,
            JobDoneCodec.encode(new JobDone(1, System.currentTimeMillis(), 2L, "bench-worker", null)),
            LedgerFixtures.jobHeaders(type, id, 1)));
      }
      producer.flush();
    }
  }

  private static String id(int i) {
    return "bench-" + i;
  }

  private static Process startLedger(JobpipeStack stack, Path dir) throws IOException {
    Properties props = new Properties();
    stack.clientProperties().forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
    props.setProperty(JobLedgerConfig.APPLICATION_ID_CONFIG, LedgerFixtures.unique("ledger-bench"));
    props.setProperty(JobLedgerConfig.HTTP_PORT_CONFIG, "0");
    props.setProperty(JobLedgerConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    props.setProperty(JobLedgerConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    props.setProperty(JobLedgerConfig.TOPIC_REFRESH_MS_CONFIG, "500");
    props.setProperty(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ledger.bench.set."))
        .forEach(k -> props.setProperty(k.substring("ledger.bench.set.".length()), System.getProperty(k)));
    Path file = dir.resolve("ledger.properties");
    try (Writer w = new FileWriter(file.toFile(), StandardCharsets.UTF_8)) {
      props.store(w, null);
    }
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + System.getProperty("ledger.bench.xmx", "256m"),
        "--enable-native-access=ALL-UNNAMED"));
    String jfr = System.getProperty("ledger.bench.jfr");
    if (jfr != null) {
      jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    Path log = dir.resolve("ledger.log");
    report("ledger", "log %s", log);
    return JavaCommand.main(LedgerProcessMain.class).classpath(System.getProperty("java.class.path")).jvmOptions(jvm)
        .args(file.toString()).toProcessBuilder().redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The HTTP port the child printed. */
  private static int port(Path dir) {
    Pattern running = Pattern.compile("ledger running: http://[^:]+:(\\d+)");
    int[] port = {0};
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
      Matcher m = running.matcher(Files.readString(dir.resolve("ledger.log")));
      if (m.find()) {
        port[0] = Integer.parseInt(m.group(1));
        return true;
      }
      return false;
    });
    return port[0];
  }

  /** Events the child's fold has taken (applied or ignored). */
  private static long folded(HttpClient http, URI url) throws Exception {
    String body = http.send(HttpRequest.newBuilder(url.resolve("/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    long n = 0;
    Matcher m = COUNTER.matcher(body);
    while (m.find()) {
      n += Long.parseLong(m.group(2));
    }
    return n;
  }

  /** Times GETs of random ids; returns how many were made, warm-up included. */
  private static int lookups(HttpClient http, URI url, String type, int jobs) throws Exception {
    Random random = new Random(42);
    int count = Integer.getInteger("ledger.bench.lookups", 20_000);
    for (int i = 0; i < 2_000; i++) { // warm-up
      get(http, url, id(random.nextInt(jobs)));
    }
    long[] nanos = new long[count];
    long began = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t = System.nanoTime();
      assertThat(get(http, url, id(random.nextInt(jobs)))).isEqualTo(200);
      nanos[i] = System.nanoTime() - t;
    }
    double total = seconds(began);
    Arrays.sort(nanos);
    report("lookup", "GET /jobs/{id} on %d jobs, %d random ids, one client: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms,"
            + " max %.2f ms (%.0f/s)", jobs, count, ms(pct(nanos, 50)), ms(pct(nanos, 99)), ms(pct(nanos, 99.9)),
        ms(nanos[count - 1]), count / total);
    return count + 2_000;
  }

  private static int get(HttpClient http, URI url, String id) throws Exception {
    return http.send(HttpRequest.newBuilder(url.resolve("/jobs/" + id)).GET().build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * A real worker (in this JVM, done records on) runs jobs published at {@code rate}/s; each job's
   * visibility is the time from its handler's return to the answer of a {@code /wait} issued right
   * after it was published.
   */
  private static void visibility(JobpipeStack stack, URI url) throws Exception {
    int count = Integer.getInteger("ledger.bench.visibility.jobs", 2_000);
    int rate = Integer.getInteger("ledger.bench.visibility.rate", 200);
    String type = LedgerFixtures.unique("bench.visible");
    stack.createTopic(JobTopics.of(type).main(), 6);
    stack.createTopic(JobTopics.of(type).done(), 6);
    stack.createTopic(JobTopics.of(type).failed(), 6);
    Map<String, Long> returnedAt = new ConcurrentHashMap<>();
    List<Long> visible = java.util.Collections.synchronizedList(new ArrayList<>());
    try (JobWorker worker = JobWorker.builder(type, GenericRecord.class, job -> {
          returnedAt.put(job.id(), System.currentTimeMillis()); // the handler's last act
        })
        .config(stack.clientProperties())
        .schemaRegistryUrl(stack.registryUrl())
        .build();
        KafkaProducer<byte[], byte[]> producer = LedgerFixtures.producer(stack);
        JobLedgerClient client = new JobLedgerClient(url);
        ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
      worker.start();
      List<Future<?>> waits = new ArrayList<>();
      long began = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long due = began + i * 1_000_000_000L / rate;
        long sleep = due - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        String id = "visible-" + i;
        LedgerFixtures.publish(stack, producer, type, id, "ok");
        waits.add(waiters.submit(() -> {
          JobView view = client.await(id, Duration.ofSeconds(60)).orElseThrow();
          long answered = System.currentTimeMillis();
          if (view.state() == JobState.SUCCEEDED && returnedAt.containsKey(id)) {
            visible.add(answered - returnedAt.get(id));
          }
          return null;
        }));
      }
      for (Future<?> f : waits) {
        f.get();
      }
    }
    long[] ms = visible.stream().mapToLong(Long::longValue).sorted().toArray();
    report("visibility", "handler return -> /wait answer, %d jobs at %d/s: p50 %d ms, p99 %d ms, max %d ms",
        ms.length, rate, pct(ms, 50), pct(ms, 99), ms[ms.length - 1]);
  }

  private static long pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  /** utime + stime of a process, in ms (clock ticks of 10 ms). */
  private static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
  }

  private static String rss(long pid) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) {
        sb.append(line.replaceAll("\\s+", " ")).append(' ');
      }
    }
    return sb.toString().trim();
  }

  private static void report(String figure, String format, Object... args) throws IOException {
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    System.out.println("LEDGER-BENCH " + figure + ": " + String.format(Locale.ROOT, format, args) + " [load " + load + "]");
  }
}
