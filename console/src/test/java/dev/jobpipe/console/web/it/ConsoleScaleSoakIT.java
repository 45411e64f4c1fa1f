package dev.jobpipe.console.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.console.web.WebConsole;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Measures (asserts nothing about time) the console with 100 job types and 100,000 dead letters:
 * 99 types with 100 letters each and one with 90,100. Prints and writes to
 * {@code target/console-scale.txt}: page load times in headless Chromium (overview, the big type's
 * dead letters until the rows and until the statistics show) and API latency p50/p99 per endpoint,
 * with the load average. Run with {@code -Psoak -Dit.test=ConsoleScaleSoakIT}.
 */
class ConsoleScaleSoakIT {

  static final int TYPES = 100;
  static final int SMALL_DLQ = 100;
  static final int BIG_DLQ = 100_000 - (TYPES - 1) * SMALL_DLQ;
  static final int CALLS = 100;

  private static JobpipeStack stack;
  private static WebConsole console;
  private static String prefix;
  private static String big;
  private static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void seed() throws Exception {
    stack = JobpipeStack.shared();
    prefix = ConsoleFixtures.unique("scale");
    big = prefix + ".t00";
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = ConsoleFixtures.producer(stack)) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (int t = 0; t < TYPES; t++) {
        String type = String.format("%s.t%02d", prefix, t);
        JobTopics topics = JobTopics.of(type);
        stack.createTopic(topics.main(), 1);
        stack.createTopic(topics.dlq(), 1);
        byte[] value = ConsoleFixtures.payload(stack, type, "bad", "someone@example.com");
        int letters = t == 0 ? BIG_DLQ : SMALL_DLQ;
        for (int i = 0; i < letters; i++) {
          acks.add(producer.send(letter(type, i, value)));
        }
      }
      producer.flush();
      for (Future<RecordMetadata> f : acks) {
        f.get();
      }
    }
    line("seeded %d types and %d dead letters in %.1f s", TYPES, BIG_DLQ + (TYPES - 1) * SMALL_DLQ,
        (System.nanoTime() - start) / 1e9);
    console = ConsoleFixtures.console(stack, "http://127.0.0.1:9");
    await().atMost(Duration.ofMinutes(2)).until(() -> console != null
        && new ConsoleFixtures.Client(console.url()).bearer(ConsoleFixtures.VIEWER_TOKEN).get("/api/overview")
            .body().path("types").size() >= TYPES);
  }

  private static ProducerRecord<byte[], byte[]> letter(String type, int i, byte[] value) {
    Headers h = new RecordHeaders();
    Instant now = Instant.now();
    String id = type + "-job-" + i;
    JobHeaders.set(h, JobHeaders.JOB_ID, id);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(h, JobHeaders.ATTEMPT, 3);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, now.minusSeconds(60));
    JobHeaders.set(h, JobHeaders.ORIGIN_TOPIC, JobTopics.of(type).main());
    JobHeaders.set(h, JobHeaders.ORIGIN_PARTITION, 0);
    JobHeaders.set(h, JobHeaders.ORIGIN_OFFSET, i);
    JobHeaders.set(h, JobHeaders.ERROR_CLASS, i % 3 == 0 ? "dev.example.SmtpException" : "dev.example.QuotaException");
    JobHeaders.set(h, JobHeaders.ERROR_MESSAGE, "failure number " + i);
    JobHeaders.set(h, JobHeaders.ERROR_STACK, "dev.example.SmtpException: failure\n\tat dev.example.Handler.handle(Handler.java:42)");
    JobHeaders.set(h, JobHeaders.FAILED_AT, now);
    JobHeaders.set(h, JobHeaders.DLQ_REASON, "EXHAUSTED");
    return new ProducerRecord<>(JobTopics.of(type).dlq(), 0, null, id.getBytes(StandardCharsets.UTF_8), value, h);
  }

  @AfterAll
  static void stop() throws Exception {
    if (console != null) {
      console.close();
    }
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "console-scale.txt"), report);
  }

  private static void line(String format, Object... args) {
    String s = String.format(format, args);
    System.out.println("[console-scale] " + s);
    report.add(s);
  }

  private static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }

  @Test
  void apiLatency() throws Exception {
    ConsoleFixtures.Client c = new ConsoleFixtures.Client(console.url()).bearer(ConsoleFixtures.OPERATOR_TOKEN);
    String t = "/api/types/" + big;
    long first = System.nanoTime();
    assertThat(c.get(t + "/dead-letters/stats").body().path("total").asLong()).isEqualTo(BIG_DLQ);
    line("first GET %s/dead-letters/stats (scans %d letters): %d ms (load %s)", t, BIG_DLQ,
        (System.nanoTime() - first) / 1_000_000, load());
    long search = System.nanoTime();
    assertThat(c.get(t + "/dead-letters?text=number%2090000").body().path("letters")).isNotEmpty();
    line("GET %s/dead-letters?text=... (scans %d letters): %d ms (load %s)", t, BIG_DLQ,
        (System.nanoTime() - search) / 1_000_000, load());
    for (String path : List.of("/api/overview", t, t + "/dead-letters?limit=100", t + "/dead-letters/0/50000",
        t + "/dead-letters/stats", "/api/types/" + prefix + ".t50/dead-letters?limit=100")) {
      for (int i = 0; i < 10; i++) {
        c.get(path);
      }
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        long s = System.nanoTime();
        ConsoleFixtures.Answer a = c.get(path);
        micros.add((System.nanoTime() - s) / 1_000);
        assertThat(a.status()).as(path).isEqualTo(200);
      }
      Collections.sort(micros);
      line("GET %-60s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d calls, load %s)", path,
          micros.get(CALLS / 2) / 1000.0, micros.get(CALLS * 99 / 100 - 1) / 1000.0, micros.get(CALLS - 1) / 1000.0, CALLS,
          load());
    }
  }

  @Test
  void pageLoad() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(ConsoleBrowserIT.tool("chromium").toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000");
    WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(ConsoleBrowserIT.tool("chromedriver").toFile()).usingAnyFreePort().build(), options);
    try {
      browser.get(console.url().toString());
      await().atMost(Duration.ofMinutes(1)).until(() -> !browser.findElements(By.id("login-form")).isEmpty());
      browser.findElement(By.id("login-user")).sendKeys(ConsoleFixtures.VIEWER);
      browser.findElement(By.id("login-password")).sendKeys(ConsoleFixtures.PASSWORD);
      browser.findElement(By.id("login-submit")).click();
      await().atMost(Duration.ofMinutes(1)).until(() -> !browser.findElements(By.id("overview")).isEmpty());
      for (int round = 0; round < 3; round++) {
        long s = System.nanoTime();
        browser.get(console.url().resolve("/") + "#/");
        browser.navigate().refresh();
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofMinutes(1))
            .until(() -> browser.findElements(By.cssSelector("#overview-rows tr")).size() >= TYPES);
        line("page load: overview with %d types, %d ms (load %s)", TYPES, (System.nanoTime() - s) / 1_000_000, load());
      }
      for (int round = 0; round < 3; round++) {
        long s = System.nanoTime();
        browser.get(console.url().resolve("/") + "#/dlq/" + big);
        browser.navigate().refresh();
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofMinutes(2))
            .until(() -> browser.findElements(By.cssSelector("#dlq-rows tr[data-job-id]")).size() >= 100);
        long rows = (System.nanoTime() - s) / 1_000_000;
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofMinutes(2))
            .until(() -> browser.findElement(By.id("dlq-stats")).getText().contains("letter(s)"));
        line("page load: dead letters of the type with %d letters: rows in %d ms, statistics in %d ms (load %s)",
            BIG_DLQ, rows, (System.nanoTime() - s) / 1_000_000, load());
      }
    } finally {
      browser.quit();
    }
  }
}
