package dev.jobpipe.schemas.streams;

import org.apache.kafka.streams.KafkaStreams;

/**
 * When a Kafka Streams application of jobpipe counts as ready: while {@code RUNNING}, and through a
 * {@code REBALANCING} that follows a {@code RUNNING} (a running instance's rebalance, e.g. a new
 * job type's topics or an instance joining, is no outage); not while it first starts and restores.
 * One per {@link KafkaStreams} client, fed every new state by its state listener.
 */
public final class StreamsReadiness {

  private volatile boolean ran;

  /** Takes {@code state}, the client's new state, and says whether the client is ready in it. */
  public boolean ready(KafkaStreams.State state) {
    if (state == KafkaStreams.State.RUNNING) {
      ran = true;
    }
    return state == KafkaStreams.State.RUNNING || (state == KafkaStreams.State.REBALANCING && ran);
  }
}
