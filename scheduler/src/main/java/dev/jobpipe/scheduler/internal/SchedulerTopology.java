package dev.jobpipe.scheduler.internal;

import dev.jobpipe.schemas.JobTopics;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The scheduler's two sub-topologies: every {@code jobs.*.scheduled} topic (pattern, so new types
 * are picked up) into the {@link ScheduleProcessor} and its two persistent stores, and
 * {@code jobpipe.cron} into the {@link CronProcessor} and its stores. Both write to the
 * {@code jobs.T} their records name. A third reads every {@code jobs.T.done}, {@code .dlq} and
 * {@code .control} for the ends of recurring fires ({@link FireEndProcessor}) and passes them to
 * the cron processor through the {@link #fireEndsTopic fire-ends topic}, for the overlap policy.
 */
public final class SchedulerTopology {

  private SchedulerTopology() {}

  /**
   * The topic, named by the application id, that carries the ends of recurring fires (key =
   * schedule name, value = fire id) to the cron tasks; it has as many partitions as
   * {@code jobpipe.cron}, so that an end reaches the task that owns its schedule.
   */
  public static String fireEndsTopic(String applicationId) {
    return applicationId + "-cron-fire-ends";
  }

  /** The topology with overlap skip honoured (the ends of jobs read). */
  public static Topology build(String applicationId, SchedulerMetrics metrics, int batchMax, Duration misfireGrace) {
    return build(applicationId, metrics, batchMax, misfireGrace, true);
  }

  /**
   * The topology; without {@code overlapSkip} nothing of {@code jobs.T.done}, {@code .dlq} or
   * {@code .control} is read, and skip schedules fire like allow ones.
   */
  public static Topology build(String applicationId, SchedulerMetrics metrics, int batchMax, Duration misfireGrace,
      boolean overlapSkip) {
    String fireEnds = fireEndsTopic(applicationId);
    TopicNameExtractor<byte[], OutgoingJob> toMain = (key, job, context) -> job.topic();
    Serializer<OutgoingJob> value = (topic, job) -> job == null ? null : job.value();
    Topology topology = new Topology();

    topology.addSource("scheduled", new ByteArrayDeserializer(), new ByteArrayDeserializer(), JobTopics.SCHEDULED_TOPICS);
    topology.addProcessor("schedule", () -> new ScheduleProcessor(metrics, batchMax), "scheduled");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ScheduleProcessor.DUE_STORE), Serdes.Bytes(), Serdes.ByteArray()), "schedule");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ScheduleProcessor.ID_STORE), Serdes.Bytes(), Serdes.ByteArray()), "schedule");
    topology.addSink("scheduled-to-main", toMain, new ByteArraySerializer(), value, "schedule");

    if (overlapSkip) {
      topology.addSource("ended-jobs", new ByteArrayDeserializer(), new ByteArrayDeserializer(), JobTopics.ENDED_TOPICS);
      topology.addProcessor("fire-ends", FireEndProcessor::new, "ended-jobs");
      topology.addSink("fire-ends-to-cron", fireEnds, new ByteArraySerializer(), new ByteArraySerializer(), "fire-ends");
    }

    topology.addSource("cron-definitions", new ByteArrayDeserializer(), new ByteArrayDeserializer(), JobTopics.CRON);
    topology.addSource("cron-fire-ends", new ByteArrayDeserializer(), new ByteArrayDeserializer(), fireEnds);
    topology.addProcessor("cron", () -> new CronProcessor(metrics, misfireGrace, fireEnds, overlapSkip),
        "cron-definitions", "cron-fire-ends");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CronProcessor.DEFINITION_STORE), Serdes.String(), Serdes.ByteArray()), "cron");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CronProcessor.STATE_STORE), Serdes.String(), Serdes.Long()), "cron");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CronProcessor.UNFINISHED_STORE), Serdes.String(), Serdes.String()), "cron");
    topology.addSink("cron-to-main", toMain, new ByteArraySerializer(), value, "cron");
    return topology;
  }
}
