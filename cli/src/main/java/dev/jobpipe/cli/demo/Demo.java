package dev.jobpipe.cli.demo;

import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.examples.EmailSendHandler;
import dev.jobpipe.examples.ImageResizeHandler;
import dev.jobpipe.examples.ReportGenerateHandler;
import dev.jobpipe.observability.MetricsServer;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import dev.jobpipe.producer.JobReceipt;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.producer.topics.TopicLayout;
import dev.jobpipe.producer.topics.TopicPlan;
import dev.jobpipe.producer.topics.TopicPlanner;
import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.router.RetryPolicy;
import dev.jobpipe.router.RetryRouter;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs the whole pipeline in this process against a real cluster: topics for the three example
 * types, one worker per type, the retry router, the scheduler, the job ledger, a few thousand jobs
 * (some failing once, some always, some terminally, some undecodable), live progress until every
 * job is settled, then a summary that accounts for each published job. The ledger outlives
 * {@link #run()} so that {@link #showJobs} can end the demo with what it says; {@link #close()}
 * stops it.
 */
public final class Demo implements AutoCloseable {

  /** Short tiers so the demo settles in seconds; production defaults are 5s,30s,5m. */
  static final List<Duration> TIERS = RetryDelays.parseList("1s,2s,4s");
  static final int MAX_ATTEMPTS = TIERS.size() + 1;
  static final int PARTITIONS = 3;
  static final String ROUTER_APPLICATION_ID = "jobpipe-demo-router";

  /** What to run against and how much. */
  public record Settings(Map<String, Object> clientProperties, String registryUrl, int jobs, Duration timeout) {
    String bootstrapServers() {
      return String.valueOf(clientProperties.get("bootstrap.servers"));
    }
  }

  private final Settings settings;
  private final PrintWriter out;
  private final DemoLedger ledger = new DemoLedger();
  private final PrometheusMeterRegistry metrics = MetricsServer.newRegistry();
  private DemoJobStates jobStates;
  private Path ledgerState;

  public Demo(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs the demo to the end and returns its account of every job. */
  public DemoSummary run() throws Exception {
    long began = System.nanoTime();
    Path stateDir = Files.createTempDirectory("jobpipe-demo-router");
    Path schedulerState = Files.createTempDirectory("jobpipe-demo-scheduler");
    List<AutoCloseable> running = new ArrayList<>();
    try (Admin admin = Admin.create(settings.clientProperties())) {
      applyTopics(admin);
      ledgerState = Files.createTempDirectory("jobpipe-demo-ledger");
      jobStates = new DemoJobStates(settings.clientProperties(), ledgerState, metrics);
      jobStates.start();
      DemoProgress progress = new DemoProgress(admin, out, ledger, metrics, ROUTER_APPLICATION_ID + "-forwarder", began);
      running.add(new DeadLetterWatcher(newByteConsumer(), progress.dlqEndOffsets(), ledger));
      running.add(startRouter(stateDir));
      DemoSchedules schedules = new DemoSchedules(settings.clientProperties(), settings.registryUrl(), schedulerState,
          metrics, out);
      running.add(schedules);
      running.add(startWorker(DemoWorkload.EMAIL, new EmailSendHandler(job -> {
        ledger.succeeded(job.id(), job.attempt());
        schedules.ran(job);
      })));
      running.add(startWorker(DemoWorkload.IMAGE, new ImageResizeHandler(job -> ledger.succeeded(job.id(), job.attempt()))));
      running.add(startWorker(DemoWorkload.REPORT, new ReportGenerateHandler(job -> ledger.succeeded(job.id(), job.attempt()))));
      out.printf("started: router (tiers %s, %d attempts), one worker per type, job ledger on %s%n", tierLabels(),
          MAX_ATTEMPTS, jobStates.url());
      schedules.start();
      CompletableFuture<Void> publishing = CompletableFuture.runAsync(this::publish);
      boolean settled = progress.untilSettled(settings.timeout(), publishing);
      schedules.report(Duration.ofSeconds(30));
      return new DemoSummary(ledger.tally(DemoWorkload.TYPES), ledger.duplicateSuccesses(), settled,
          Duration.ofNanos(System.nanoTime() - began));
    } finally {
      for (int i = running.size() - 1; i >= 0; i--) {
        closeQuietly(running.get(i));
      }
      deleteRecursively(stateDir);
      deleteRecursively(schedulerState);
    }
  }

  /**
   * Ends the demo: {@code show} (job id, ledger URL) runs {@code jobpipe jobs show} for one
   * succeeded and one dead job of this run, once the ledger has folded them. After {@link #run()}.
   */
  public void showJobs(BiConsumer<String, URI> show) {
    if (jobStates != null) {
      jobStates.show(ledger, out, show);
    }
  }

  /** Stops the job ledger and deletes its state; idempotent. */
  @Override
  public void close() {
    if (jobStates != null) {
      jobStates.close();
      deleteRecursively(ledgerState);
      jobStates = null;
    }
  }

  private void applyTopics(Admin admin) {
    TopicPlanner planner = new TopicPlanner(admin, Duration.ofSeconds(30));
    List<TopicLayout> layouts = DemoWorkload.TYPES.stream()
        .map(type -> TopicLayout.of(type).withPartitions(PARTITIONS).withTiers(TIERS)).toList();
    TopicPlan plan = planner.apply(planner.plan(layouts));
    out.printf("topics: %s%n", plan.isEmpty() ? "already in place" : plan.changes().size() + " created or changed");
  }

  private RetryRouter startRouter(Path stateDir) {
    Map<String, Object> props = new HashMap<>(settings.clientProperties());
    props.put(RouterConfig.APPLICATION_ID_CONFIG, ROUTER_APPLICATION_ID);
    props.put(RouterConfig.STATE_DIR_CONFIG, stateDir.toString());
    RetryPolicy policy = new RetryPolicy(MAX_ATTEMPTS, TIERS, RetryPolicy.DEFAULT_JITTER, Set.of(), Optional.empty());
    RetryRouter router = RetryRouter.builder(new RouterConfig(props))
        .policies(RetryPolicies.of(policy, Map.of()))
        .meterRegistry(metrics)
        .build();
    router.start();
    return router;
  }

  private JobWorker startWorker(String type, JobHandler<?> handler) {
    JobWorker worker = JobWorker.builder(type, handler)
        .config(settings.clientProperties())
        .schemaRegistryUrl(settings.registryUrl())
        .concurrency(64)
        .meterRegistry(metrics)
        .build();
    worker.start();
    return worker;
  }

  private void publish() {
    try {
      publishJobs();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  private void publishJobs() throws Exception {
    Map<String, Object> props = new HashMap<>(settings.clientProperties());
    props.put(JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, settings.registryUrl());
    long began = System.nanoTime();
    List<JobRequest> jobs = DemoWorkload.jobs(settings.jobs());
    try (JobPublisher publisher = JobPublisher.create(props)) {
      List<CompletableFuture<JobReceipt>> receipts = publisher.publishAll(jobs);
      for (int i = 0; i < receipts.size(); i++) {
        ledger.published(receipts.get(i).get(60, TimeUnit.SECONDS).jobId(), jobs.get(i).type());
      }
    }
    int undecodable = publishUndecodable();
    double seconds = (System.nanoTime() - began) / 1e9;
    out.printf("published: %,d jobs in %.2f s, plus %d undecodable records written by a plain producer%n",
        jobs.size(), seconds, undecodable);
  }

  /**
   * Records no decoder can read, as a foreign or buggy client might write them: a wrong magic byte
   * and an unknown schema id, one of each per type. They carry job ids so the ledger can follow
   * them into the DLQ.
   */
  private int publishUndecodable() throws Exception {
    Map<String, Object> props = new HashMap<>(settings.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    int sent = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String type : DemoWorkload.TYPES) {
        byte[] badMagic = "{\"json\":\"not avro\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] unknownId = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654_321).putInt(42).array();
        for (byte[] value : List.of(badMagic, unknownId)) {
          String id = UUID.randomUUID().toString();
          ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(JobTopics.of(type).main(), value);
          JobHeaders.set(record.headers(), JobHeaders.JOB_ID, id);
          JobHeaders.set(record.headers(), JobHeaders.JOB_TYPE, type);
          producer.send(record).get(60, TimeUnit.SECONDS);
          ledger.published(id, type);
          sent++;
        }
      }
    }
    return sent;
  }

  private KafkaConsumer<byte[], byte[]> newByteConsumer() {
    Map<String, Object> props = new HashMap<>(settings.clientProperties());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static String tierLabels() {
    return String.join(",", TIERS.stream().map(RetryDelays::format).toList());
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // shutting down: the summary is already computed
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
