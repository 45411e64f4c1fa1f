package dev.jobpipe.ledger.internal;

import java.time.Clock;
import java.time.Duration;
import dev.jobpipe.schemas.JobTopics;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * The ledger's Streams topology: every {@code jobs.*} topic of the followed types (a pattern, so a
 * type created later is picked up at the next metadata refresh) → {@link EventReader} (headers only) → repartition by
 * job id ({@value #EVENTS_REPARTITION}) → {@link FoldProcessor} over two RocksDB stores, the jobs
 * ({@value #JOBS_STORE}) and their secondary keys ({@value #INDEX_STORE}).
 */
public final class LedgerTopology {

  public static final String JOBS_STORE = "ledger-jobs";
  public static final String INDEX_STORE = "ledger-index";
  /** Name of the repartition step; its topic is {@code <application.id>-events-repartition}. */
  public static final String EVENTS_REPARTITION = "events";

  private LedgerTopology() {}

  /** The repartition topic of an application, whose partitions are the ledger's shards. */
  public static String repartitionTopic(String applicationId) {
    return applicationId + "-" + EVENTS_REPARTITION + "-repartition";
  }

  public static Topology build(int partitions, Duration retention, Duration retentionCheck, Pattern types,
      Clock clock, LedgerMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    // cached: the events of one job (enqueued, done) mostly arrive within one commit interval, so
    // the cache folds them into one RocksDB write and one changelog record
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS_STORE),
        Serdes.String(), LedgerCodec.views()).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDEX_STORE),
        Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
    builder.stream(JobTopics.allTopicsOf(types), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("jobs-topics"))
        .process(() -> new ReadEvents(types))
        .repartition(Repartitioned.<String, LedgerEvent>as(EVENTS_REPARTITION)
            .withKeySerde(Serdes.String())
            .withValueSerde(LedgerCodec.events())
            .withNumberOfPartitions(partitions))
        .process(() -> new FoldProcessor(retention, retentionCheck, clock, metrics), JOBS_STORE, INDEX_STORE);
    return builder.build();
  }

  /** Reads the event of each input record and keys it by job id. */
  private static final class ReadEvents implements Processor<byte[], byte[], String, LedgerEvent> {
    private final Pattern types;
    private ProcessorContext<String, LedgerEvent> context;

    ReadEvents(Pattern types) {
      this.types = types;
    }

    @Override
    public void init(ProcessorContext<String, LedgerEvent> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      context.recordMetadata().flatMap(m -> EventReader.read(m.topic(), m.partition(), m.offset(),
              record.timestamp(), record.key(), record.value(), record.headers()))
          .filter(event -> types.matcher(event.type()).matches())
          .ifPresent(event -> context.forward(new Record<>(event.id(), event, record.timestamp())));
    }
  }
}
