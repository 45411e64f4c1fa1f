package dev.jobpipe.cli.demo;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One progress line a second until every published job is settled: published, succeeded (and the
 * rate), jobs waiting in each retry tier, dead letters, and the workers' lag. Lag and tier
 * occupancy come from the broker (end offsets against committed offsets), not from the components.
 */
final class DemoProgress {
  private static final Duration TICK = Duration.ofSeconds(1);

  private final Admin admin;
  private final PrintWriter out;
  private final DemoLedger ledger;
  private final String forwarderGroup;
  private final long began;
  private final Map<String, List<TopicPartition>> partitionsByTopic = new HashMap<>();

  DemoProgress(Admin admin, PrintWriter out, DemoLedger ledger, MeterRegistry metrics, String forwarderGroup, long began)
      throws Exception {
    this.admin = admin;
    this.out = out;
    this.ledger = ledger;
    this.forwarderGroup = forwarderGroup;
    this.began = began;
    Set<String> topics = new java.util.TreeSet<>();
    for (String type : DemoWorkload.TYPES) {
      JobTopics t = JobTopics.of(type);
      topics.add(t.main());
      topics.add(t.dlq());
      Demo.TIERS.forEach(tier -> topics.add(t.retry(tier)));
    }
    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
    described.forEach((name, d) -> partitionsByTopic.put(name,
        d.partitions().stream().map(p -> new TopicPartition(name, p.partition())).toList()));
  }

  /** Where the DLQ topics end now: the watcher reads only letters written after this. */
  Map<TopicPartition, Long> dlqEndOffsets() throws Exception {
    return endOffsets(DemoWorkload.TYPES.stream().map(t -> JobTopics.of(t).dlq()).toList());
  }

  /**
   * Prints progress until publishing is done and all jobs are settled, or {@code timeout} passes;
   * true when settled. A failed publish ends the wait with its exception.
   */
  boolean untilSettled(Duration timeout, CompletableFuture<Void> publishing) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastSucceeded = 0;
    long lastTick = System.nanoTime();
    while (true) {
      if (publishing.isCompletedExceptionally()) {
        publishing.join();
      }
      boolean settled = publishing.isDone() && ledger.allSettled();
      long now = System.nanoTime();
      long succeeded = ledger.succeededCount();
      double rate = (succeeded - lastSucceeded) / Math.max(1e-3, (now - lastTick) / 1e9);
      lastSucceeded = succeeded;
      lastTick = now;
      out.println(line(succeeded, rate));
      out.flush();
      if (settled) {
        return true;
      }
      if (now > deadline) {
        return false;
      }
      Thread.sleep(TICK.toMillis());
    }
  }

  private String line(long succeeded, double rate) throws Exception {
    Map<String, Long> tiers = new LinkedHashMap<>();
    Map<TopicPartition, Long> forwarded = committed(forwarderGroup);
    for (Duration tier : Demo.TIERS) {
      List<String> topics = DemoWorkload.TYPES.stream().map(t -> JobTopics.of(t).retry(tier)).toList();
      tiers.put(RetryDelays.format(tier), backlog(endOffsets(topics), forwarded));
    }
    long lag = 0;
    for (String type : DemoWorkload.TYPES) {
      lag += backlog(endOffsets(List.of(JobTopics.of(type).main())), committed("jobpipe." + type));
    }
    String retrying = tiers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
    return String.format("%6.1fs  published %,6d  succeeded %,6d (%,6.0f/s)  retrying %s  dead-lettered %,4d  lag %,6d",
        (System.nanoTime() - began) / 1e9, ledger.publishedCount(), succeeded, rate, retrying,
        ledger.deadLetteredCount(), lag);
  }

  private static long backlog(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed) {
    long sum = 0;
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      sum += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
    }
    return sum;
  }

  private Map<TopicPartition, Long> endOffsets(List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    topics.forEach(t -> partitionsByTopic.getOrDefault(t, List.of()).forEach(tp -> request.put(tp, OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  private Map<TopicPartition, Long> committed(String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    committed.forEach((tp, om) -> {
      if (om != null) {
        offsets.put(tp, om.offset());
      }
    });
    return offsets;
  }
}
