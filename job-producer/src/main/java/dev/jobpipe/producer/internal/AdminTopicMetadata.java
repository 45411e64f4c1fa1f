package dev.jobpipe.producer.internal;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * {@link TopicMetadata} from the admin API: one describe-topics and one describe-configs request,
 * sent together, bounded by a timeout.
 */
public final class AdminTopicMetadata implements TopicMetadata {

  private final Admin admin;
  private final Duration timeout;

  public AdminTopicMetadata(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  @Override
  public TopicInfo describe(String topic) {
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    KafkaFuture<TopicDescription> description = admin
        .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
        .topicNameValues().get(topic);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    KafkaFuture<Config> config = admin
        .describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs(timeoutMs))
        .values().get(resource);
    TopicDescription d = AdminCalls.await(description, timeout, "describing topic " + topic);
    Config c = AdminCalls.await(config, timeout, "describing the configs of topic " + topic);
    ConfigEntry max = c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    if (max == null || max.value() == null) {
      throw new KafkaException("topic " + topic + " reported no " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    }
    return new TopicInfo(topic, d.partitions().size(), Integer.parseInt(max.value()));
  }
}
