package dev.jobpipe.producer.topics;

import java.util.List;
import org.apache.kafka.common.KafkaException;

/**
 * A topic plan asks for something Kafka cannot do in place, such as fewer partitions than a topic
 * has. Nothing was changed. Retrying the same request cannot help: change the request (or recreate
 * the topic by hand, losing its data).
 */
public class TopicPlanRefusedException extends KafkaException {

  private final List<String> refusals;

  public TopicPlanRefusedException(List<String> refusals) {
    super(String.join("; ", refusals) + " (nothing was changed)");
    this.refusals = List.copyOf(refusals);
  }

  public List<String> refusals() {
    return refusals;
  }
}
