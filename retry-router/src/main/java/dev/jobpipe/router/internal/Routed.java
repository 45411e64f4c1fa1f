package dev.jobpipe.router.internal;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A failed record's value bytes paired with the topic the router chose for it. The destination
 * travels with the value so the sink's topic extractor can read it without a marker header that
 * would leak into the output; the serde writes only the original bytes.
 */
record Routed(String topic, byte[] value) {

  /** Serializes to {@link #value()} unchanged; routed records are never read back. */
  static Serde<Routed> serde() {
    Serializer<Routed> serializer = (topic, routed) -> routed == null ? null : routed.value();
    Deserializer<Routed> deserializer = (topic, bytes) -> {
      throw new UnsupportedOperationException("routed records are write-only");
    };
    return new Serde<>() {
      @Override
      public Serializer<Routed> serializer() {
        return serializer;
      }

      @Override
      public Deserializer<Routed> deserializer() {
        return deserializer;
      }
    };
  }
}
