package dev.jobpipe.console.web.internal;

import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.schemas.control.ControlTopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every type's desired state, followed with one consumer over all {@code jobs.T.control} topics
 * (assigned, no group; new types picked up every {@link #TOPIC_RECHECK}), folded per type by the
 * control plane's own {@link ControlState.Fold}. So the overview shows pause and rate state of 100
 * types without reading 100 topics per page view. Runs on its own thread.
 *
 * <p>Not the worker's {@code ControlFollower} (job-consumer), on purpose: a worker follows its one
 * type's topic and must read it to the end before its first job (a paused type runs nothing at
 * start), so it gates on {@link ControlTopicReader#readToEnd} and retries that read; this follower
 * discovers every type's topic as it appears and shows what it has read so far, with no gate. What
 * they share is shared: the record fold ({@link ControlState.Fold}), the topic-to-type rule
 * ({@link JobTopics#typeOfControl}) and the consumer settings
 * ({@link ControlTopicReader#consumerProperties}).
 */
public final class ControlStatesFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlStatesFollower.class);
  static final Duration TOPIC_RECHECK = Duration.ofSeconds(5);

  private final Consumer<byte[], byte[]> consumer;
  private final Map<String, ControlState.Fold> folds = new HashMap<>();
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final Thread thread;
  private volatile Map<String, ControlState> states = Map.of();
  private volatile boolean running = true;
  private long lastLookup;

  public ControlStatesFollower(Map<String, Object> clientProperties) {
    this.consumer = new KafkaConsumer<>(ControlTopicReader.consumerProperties(clientProperties));
    this.thread = new Thread(this::run, "jobpipe-console-control");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Every type with a control topic, and its state as far as read. */
  public Map<String, ControlState> states() {
    return states;
  }

  private void run() {
    while (running) {
      try {
        if (System.nanoTime() - lastLookup > TOPIC_RECHECK.toNanos() || assigned.isEmpty()) {
          lookUp();
        }
        if (assigned.isEmpty()) {
          Thread.sleep(200);
          continue;
        }
        boolean changed = false;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String type = JobTopics.typeOfControl(r.topic()).orElse(null);
          if (type != null) {
            changed |= folds.computeIfAbsent(type, t -> new ControlState.Fold()).apply(r.key(), r.value());
          }
        }
        if (changed) {
          publish();
        }
      } catch (WakeupException e) {
        // close() asked
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("console: following the control topics failed, retrying: {}", e.toString());
        sleepQuietly();
      }
    }
  }

  private void lookUp() {
    lastLookup = System.nanoTime();
    List<TopicPartition> found = new ArrayList<>();
    for (Map.Entry<String, List<PartitionInfo>> e : consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
      String type = JobTopics.typeOfControl(e.getKey()).orElse(null);
      if (type != null) {
        folds.computeIfAbsent(type, t -> new ControlState.Fold());
        e.getValue().forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
      }
    }
    if (!assigned.containsAll(found) || !found.containsAll(assigned)) {
      List<TopicPartition> added = found.stream().filter(tp -> !assigned.contains(tp)).toList();
      assigned.clear();
      assigned.addAll(found);
      consumer.assign(assigned);
      consumer.seekToBeginning(added);
      publish();
    }
  }

  private void publish() {
    Map<String, ControlState> out = new HashMap<>();
    folds.forEach((type, fold) -> out.put(type, fold.state()));
    states = Map.copyOf(out);
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops following; idempotent, bounded by the consumer's close. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
