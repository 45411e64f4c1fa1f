package dev.jobpipe.bench.contender;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The consumer settings every comparison contender shares: Kafka's defaults plus what a fair run needs. */
final class ClientProps {
  private ClientProps() {}

  /**
   * byte[] records, manual commits, from the beginning of the topic, in a group of the run's own,
   * with the group protocol given ({@code consumer} is the Kafka 4 protocol jobpipe's worker uses).
   */
  static Map<String, Object> consumer(ConsumeSpec spec, String groupProtocol) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, spec.group());
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-" + spec.contender());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }
}
