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
 * {@code jobs.T} their records name.
 */
public final class SchedulerTopology {

  private SchedulerTopology() {}

  public static Topology build(SchedulerMetrics metrics, Duration interval, int batchMax, Duration misfireGrace) {
    TopicNameExtractor<byte[], OutgoingJob> toMain = (key, job, context) -> job.topic();
    Serializer<OutgoingJob> value = (topic, job) -> job == null ? null : job.value();
    Topology topology = new Topology();

    topology.addSource("scheduled", new ByteArrayDeserializer(), new ByteArrayDeserializer(), JobTopics.SCHEDULED_TOPICS);
    topology.addProcessor("schedule", () -> new ScheduleProcessor(metrics, interval, batchMax), "scheduled");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ScheduleProcessor.DUE_STORE), Serdes.Bytes(), Serdes.ByteArray()), "schedule");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ScheduleProcessor.ID_STORE), Serdes.Bytes(), Serdes.ByteArray()), "schedule");
    topology.addSink("scheduled-to-main", toMain, new ByteArraySerializer(), value, "schedule");

    topology.addSource("cron-definitions", new ByteArrayDeserializer(), new ByteArrayDeserializer(), JobTopics.CRON);
    topology.addProcessor("cron", () -> new CronProcessor(metrics, interval, misfireGrace), "cron-definitions");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CronProcessor.DEFINITION_STORE), Serdes.String(), Serdes.ByteArray()), "cron");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CronProcessor.STATE_STORE), Serdes.String(), Serdes.Long()), "cron");
    topology.addSink("cron-to-main", toMain, new ByteArraySerializer(), value, "cron");
    return topology;
  }
}
