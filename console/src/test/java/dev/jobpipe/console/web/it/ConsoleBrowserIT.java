package dev.jobpipe.console.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.console.web.WebConsole;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.ledger.JobLedger;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.ledger.JobState;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.testkit.JobpipeStack;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console driven in real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; skipped when they are missing unless the build requires them with
 * {@code -Djobpipe.require.tools=chromium}), against a real worker, router and ledger on the
 * embedded stack: log in, see a type's numbers move while the worker runs, pause and resume the
 * type, replay a dead letter after the handler is fixed and see the job succeed, find a job by id. Screenshots of the pages go
 * to {@code target/screenshots/}. One browser session for the class; the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

  private static final Duration LONG = Duration.ofSeconds(90);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static JobpipeStack stack;
  private static Path stateDir;
  private static final List<AutoCloseable> closing = new ArrayList<>();
  private static WebConsole console;
  private static JobLedgerClient ledgerClient;
  private static KafkaProducer<byte[], byte[]> producer;
  private static WebDriver browser;
  private static String type;
  /** The handler's bug: while true, a job in mode "bad" fails for good. */
  private static final AtomicBoolean broken = new AtomicBoolean(true);

  @BeforeAll
  static void start() throws Exception {
    Path chromium = tool("chromium");
    Path driver = tool("chromedriver");
    stack = JobpipeStack.shared();
    stateDir = Files.createTempDirectory("console-browser-it");
    type = ConsoleFixtures.unique("console.ui");
    JobTopics topics = JobTopics.of(type);
    for (String t : List.of(topics.main(), topics.failed(), topics.done(), topics.dlq(), topics.retry(Duration.ofSeconds(1)),
        topics.control())) {
      stack.createTopic(t, t.equals(topics.main()) ? 2 : 1);
    }
    producer = keep(ConsoleFixtures.producer(stack));

    Map<String, Object> ledgerProps = new HashMap<>(stack.clientProperties());
    ledgerProps.put(JobLedgerConfig.APPLICATION_ID_CONFIG, ConsoleFixtures.unique("console-it-ledger"));
    ledgerProps.put(JobLedgerConfig.HTTP_PORT_CONFIG, 0);
    ledgerProps.put(JobLedgerConfig.HTTP_HOST_CONFIG, "127.0.0.1");
    ledgerProps.put(JobLedgerConfig.HTTP_ADVERTISED_HOST_CONFIG, "127.0.0.1");
    ledgerProps.put(JobLedgerConfig.TOPIC_REFRESH_MS_CONFIG, 500L);
    ledgerProps.put(JobLedgerConfig.PARTITIONS_CONFIG, 2);
    ledgerProps.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("ledger").toString());
    ledgerProps.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    ledgerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
    ledgerProps.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    JobLedger ledger = keep(new JobLedger(ledgerProps));
    ledger.start();
    ledgerClient = keep(new JobLedgerClient(ledger.url()));

    Map<String, Object> routerProps = new HashMap<>(stack.clientProperties());
    routerProps.put(RouterConfig.APPLICATION_ID_CONFIG, ConsoleFixtures.unique("console-it-router"));
    routerProps.put(RouterConfig.STATE_DIR_CONFIG, stateDir.resolve("router").toString());
    routerProps.put(RouterConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    routerProps.put(RouterConfig.TOPIC_REFRESH_MS_CONFIG, 500L);
    RetryRouter router = keep(RetryRouter.builder(new RouterConfig(routerProps))
        .policies(RetryPolicies.parse(Map.of("policy.default.tiers", "1s"))).build());
    router.start();

    // the schema exists before the worker is built (it checks its payload class against it)
    publish("warm-up", "ok");
    JobWorker worker = keep(JobWorker.builder(type, GenericRecord.class, job -> {
          if (job.payload().get("mode").toString().equals("bad") && broken.get()) {
            throw new TerminalJobException("the upstream rejected " + job.id());
          }
          job.result().set("done " + job.id());
        })
        .config(stack.clientProperties())
        .schemaRegistryUrl(stack.registryUrl())
        .commitInterval(Duration.ofMillis(100))
        .build());
    worker.start();

    console = keep(ConsoleFixtures.console(stack, ledger.url().toString()));
    await().atMost(LONG).until(() -> ledger.state() == KafkaStreams.State.RUNNING);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1400,1000", "--user-data-dir=" + stateDir.resolve("chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(0));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (console != null) {
      assertThat(console.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }
  }

  private static <T extends AutoCloseable> T keep(T c) {
    closing.add(c);
    return c;
  }

  /** The executable on PATH; skips the class when missing, fails when the build requires it. */
  static Path tool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    boolean required = Arrays.asList(System.getProperty("jobpipe.require.tools", "").split(",")).contains("chromium");
    String message = name + " is not on PATH (apt-get install -y chromium chromium-driver)";
    if (required) {
      throw new AssertionError(message + ", and this build requires it (jobpipe.require.tools)");
    }
    Assumptions.abort(message + "; the browser tests are skipped (required in CI)");
    throw new IllegalStateException("unreachable");
  }

  private static void publish(String jobId, String mode) throws Exception {
    Headers h = new RecordHeaders();
    JobHeaders.set(h, JobHeaders.JOB_ID, jobId);
    JobHeaders.set(h, JobHeaders.JOB_TYPE, type);
    JobHeaders.set(h, JobHeaders.ATTEMPT, 1);
    JobHeaders.set(h, JobHeaders.ENQUEUED_AT, Instant.now());
    producer.send(new ProducerRecord<>(JobTopics.of(type).main(), null, jobId.getBytes(StandardCharsets.UTF_8),
        ConsoleFixtures.payload(stack, type, mode, jobId + "@example.com"), h)).get();
  }

  private static void open(String hash) {
    browser.get(console.url().resolve("/") + hash);
  }

  private static Optional<WebElement> find(By by) {
    List<WebElement> found = browser.findElements(by);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static WebElement waitFor(By by) {
    await().atMost(LONG).ignoreExceptions().until(() -> find(by).map(WebElement::isDisplayed).orElse(false));
    return browser.findElement(by);
  }

  /** The element's text; empty while it is missing or being replaced (the pages re-render every 2 s). */
  private static String text(By by) {
    try {
      return find(by).map(WebElement::getText).orElse("");
    } catch (StaleElementReferenceException e) {
      return "";
    }
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static long number(String text) {
    String digits = text.replaceAll("[^0-9.]", "");
    return digits.isEmpty() ? -1 : (long) Double.parseDouble(digits);
  }

  @Test
  @Order(1)
  void anOperatorLogsIn() throws Exception {
    open("#/");
    waitFor(By.id("login-form"));
    screenshot("login");
    browser.findElement(By.id("login-user")).sendKeys(ConsoleFixtures.OPERATOR);
    browser.findElement(By.id("login-password")).sendKeys("wrong");
    browser.findElement(By.id("login-submit")).click();
    await().atMost(LONG).until(() -> text(By.id("login-error")).contains("wrong password"));
    browser.findElement(By.id("login-password")).clear();
    browser.findElement(By.id("login-password")).sendKeys(ConsoleFixtures.PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    waitFor(By.id("overview"));
    assertThat(text(By.id("who"))).contains(ConsoleFixtures.OPERATOR).contains("operator");
    await().atMost(LONG).until(() -> find(By.cssSelector("tr[data-type='" + type + "']")).isPresent());
  }

  @Test
  @Order(2)
  void aTypesNumbersMoveWhileItsWorkerRuns() throws Exception {
    open("#/type/" + type);
    By succeededTotal = By.cssSelector("#card-succeeded-total .value");
    waitFor(succeededTotal);
    long before = number(text(succeededTotal));
    for (int i = 0; i < 20; i++) {
      publish("ok-" + i, "ok");
    }
    await().atMost(LONG).until(() -> number(text(succeededTotal)) >= before + 20);
    await().atMost(LONG).until(() -> number(text(By.cssSelector("#card-members .value"))) >= 1);
    screenshot("type");
    open("#/");
    By row = By.cssSelector("tr[data-type='" + type + "'] td[data-col='lag']");
    waitFor(row);
    screenshot("overview");
  }

  @Test
  @Order(3)
  void theTypeIsPausedAndResumedWithConfirmation() throws Exception {
    open("#/type/" + type);
    waitFor(By.cssSelector("[data-state='running'], [data-state='unknown']"));
    waitFor(By.id("pause")).click();
    waitFor(By.id("confirm-title"));
    assertThat(text(By.id("confirm-title"))).isEqualTo("Pause " + type);
    browser.findElement(By.id("confirm-yes")).click();
    waitFor(By.id("control-ok"));
    await().atMost(LONG).until(() -> find(By.cssSelector("[data-state='paused']")).isPresent()
        && text(By.id("main")).contains("last control change by " + ConsoleFixtures.OPERATOR));
    screenshot("type-paused");
    await().atMost(LONG).ignoreExceptions().until(() -> browser.findElement(By.id("resume")).isEnabled());
    browser.findElement(By.id("resume")).click();
    waitFor(By.id("confirm-yes")).click();
    await().atMost(LONG).until(() -> find(By.cssSelector("[data-state='running']")).isPresent());
  }

  @Test
  @Order(4)
  void aDeadLetterIsReplayedAfterTheHandlerFixAndSucceeds() throws Exception {
    publish("bad-1", "bad");
    await().atMost(LONG).ignoreExceptions()
        .until(() -> ledgerClient.state("bad-1").map(JobView::state).orElse(null) == JobState.DEAD);
    open("#/dlq/" + type);
    By letterRow = By.cssSelector("tr[data-job-id='bad-1'] a");
    await().atMost(LONG).ignoreExceptions().until(() -> {
      browser.navigate().refresh();
      return find(letterRow).isPresent();
    });
    screenshot("dead-letters");
    browser.findElement(letterRow).click();
    waitFor(By.id("letter-payload"));
    assertThat(text(By.id("letter-payload"))).contains("bad-1@example.com");
    assertThat(text(By.id("letter-stack"))).contains("TerminalJobException");
    screenshot("dead-letter");

    broken.set(false); // the handler is fixed
    browser.findElement(By.id("replay-one")).click();
    waitFor(By.id("dry-run-count"));
    assertThat(text(By.id("dry-run-count"))).startsWith("1 letter(s) will be replayed");
    browser.findElement(By.id("confirm-yes")).click();
    waitFor(By.id("replay-ok"));
    assertThat(text(By.id("replay-ok"))).contains("Replayed 1 job(s)");
    browser.findElement(By.id("replayed-job-link")).click();
    await().atMost(LONG).ignoreExceptions().until(() -> {
      browser.navigate().refresh();
      return find(By.cssSelector("#job-fields")).isPresent()
          && find(By.cssSelector("[data-job-state='SUCCEEDED']")).isPresent();
    });
    assertThat(text(By.id("job-fields"))).contains("done bad-1");
  }

  @Test
  @Order(5)
  void aJobIsFoundById() throws Exception {
    await().atMost(LONG).ignoreExceptions()
        .until(() -> ledgerClient.state("ok-7").map(JobView::state).orElse(null) == JobState.SUCCEEDED);
    open("#/jobs");
    waitFor(By.id("job-id")).sendKeys("ok-7");
    browser.findElement(By.id("job-find")).click();
    await().atMost(LONG).until(() -> text(By.id("job-title")).equals("ok-7"));
    waitFor(By.cssSelector("[data-job-state='SUCCEEDED']"));
    screenshot("job");
    open("#/jobs?type=" + type);
    await().atMost(LONG).until(() -> text(By.id("jobs-rows")).contains("ok-7"));
    screenshot("jobs");
  }

  @Test
  @Order(6)
  void theSchedulesPageSaysWhatIsMissing() throws Exception {
    open("#/schedules");
    await().atMost(LONG).until(() -> text(By.id("main")).contains("One-off jobs waiting"));
    assertThat(text(By.id("main"))).contains("no scheduler");
    screenshot("schedules");
  }
}
