package dev.jobpipe.router.internal;

import dev.jobpipe.router.RoutingDecider;
import dev.jobpipe.schemas.JobTopics;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The routing topology: every {@code jobs.*.failed} topic (a pattern, so new types join without a
 * restart) through {@link RoutingProcessor}, whose dedupe window store remembers routed
 * (job id, attempt) pairs, to the topic each record's decision names. Key and value stay bytes.
 */
public final class RoutingTopology {

  /** Name of the dedupe store; its changelog topic is {@code <application.id>-jobpipe-routed-changelog}. */
  public static final String DEDUPE_STORE = "jobpipe-routed";

  private RoutingTopology() {}

  public static Topology build(RoutingDecider decider, Clock clock, Duration dedupeWindow, RouterMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.windowStoreBuilder(
        Stores.persistentWindowStore(DEDUPE_STORE, dedupeWindow, dedupeWindow, false),
        Serdes.String(),
        Serdes.Long()));
    builder.stream(JobTopics.FAILED_TOPICS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("failed-topics"))
        .process(() -> new RoutingProcessor(decider, clock, dedupeWindow, metrics, DEDUPE_STORE), Named.as("route"), DEDUPE_STORE)
        .to((key, routed, context) -> routed.topic(), Produced.with(Serdes.ByteArray(), Routed.serde()).withName("routed-topics"));
    return builder.build();
  }
}
