package dev.jobpipe.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JobPublisherConfigTest {

  private static Map<String, Object> minimal() {
    Map<String, Object> map = new HashMap<>();
    map.put("bootstrap.servers", "localhost:9092");
    map.put("schema.registry.url", "http://localhost:8081");
    return map;
  }

  private static JobPublisherConfig config(String key, Object value) {
    Map<String, Object> map = minimal();
    map.put(key, value);
    return new JobPublisherConfig(map);
  }

  @Test
  void producerIsSetForNoLossAndThroughput() {
    Map<String, Object> producer = new JobPublisherConfig(minimal()).producerProperties();
    assertThat(producer)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("delivery.timeout.ms", JobPublisherConfig.DEFAULT_DELIVERY_TIMEOUT_MS)
        .containsEntry("request.timeout.ms", 30_000)
        .containsEntry("linger.ms", JobPublisherConfig.DEFAULT_LINGER_MS)
        .containsEntry("batch.size", JobPublisherConfig.DEFAULT_BATCH_SIZE)
        .containsEntry("compression.type", JobPublisherConfig.DEFAULT_COMPRESSION_TYPE)
        .containsEntry("max.block.ms", 60_000)
        .containsEntry("key.serializer", ByteArraySerializer.class)
        .containsEntry("bootstrap.servers", List.of("localhost:9092"))
        .doesNotContainKey("schema.registry.url");
  }

  @Test
  void aShortDeliveryTimeoutBoundsRequestTimeoutAndBlocking() {
    Map<String, Object> producer = config("delivery.timeout.ms", 2000).producerProperties();
    assertThat(producer)
        .containsEntry("delivery.timeout.ms", 2000)
        .containsEntry("request.timeout.ms", 2000 - JobPublisherConfig.DEFAULT_LINGER_MS)
        .containsEntry("max.block.ms", 2000);
  }

  @Test
  void clientKeysReachTheRightClients() {
    Map<String, Object> map = minimal();
    map.put("security.protocol", "SASL_SSL");
    map.put("buffer.memory", "67108864");
    map.put("client.id", "billing");
    map.put("schema.registry.retries", "5");
    map.put("basic.auth.user.info", "u:p");
    JobPublisherConfig config = new JobPublisherConfig(map);
    assertThat(config.producerProperties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("buffer.memory", "67108864").containsEntry("client.id", "billing");
    assertThat(config.adminProperties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("client.id", "billing-admin").doesNotContainKey("buffer.memory")
        .containsEntry("default.api.timeout.ms", JobPublisherConfig.DEFAULT_TOPIC_METADATA_TIMEOUT_MS);
    assertThat(config.registryConfig().urls()).extracting(Object::toString).containsExactly("http://localhost:8081");
    assertThat(config.registryConfig().getInt("schema.registry.retries")).isEqualTo(5);
    assertThat(config.registryConfig().basicAuthUserInfo()).isEqualTo("u:p");
    assertThat(config.registryConfig().originals()).doesNotContainKey("security.protocol");
  }

  @Test
  void maxRequestSizeIsReadFromTheProducerKey() {
    assertThat(new JobPublisherConfig(minimal()).maxRequestSize()).isEqualTo(1_048_576);
    assertThat(config("max.request.size", "2000000").maxRequestSize()).isEqualTo(2_000_000);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "acks|1|acks",
      "acks|0|acks",
      "enable.idempotence|false|enable.idempotence",
      "key.serializer|org.apache.kafka.common.serialization.StringSerializer|key.serializer",
      "value.serializer|org.apache.kafka.common.serialization.StringSerializer|value.serializer",
      "transactional.id|tx-1|transactional.id",
      "delivery.timeout.ms|0|delivery.timeout.ms",
      "delivery.timeout.ms|soon|delivery.timeout.ms",
      "linger.ms|-1|linger.ms",
      "batch.size|-5|batch.size",
      "compression.type|brotli|compression.type",
      "topic.metadata.timeout.ms|0|topic.metadata.timeout.ms",
      "bootstrap.servers|''|bootstrap.servers",
      "schema.registry.url|''|schema.registry.url",
      "schema.registry.url|ftp://r|schema.registry.url",
      "schema.registry.retries|-1|schema.registry.retries",
      "max.request.size|big|max.request.size"
  })
  void invalidValuesAreRefusedNamingTheKey(String key, String value, String named) {
    assertThatThrownBy(() -> config(key, value)).isInstanceOf(ConfigException.class).hasMessageContaining(named);
  }

  @Test
  void acksAllAndIdempotenceTrueAreAccepted() {
    assertThat(config("acks", "all").producerProperties()).containsEntry("acks", "all");
    assertThat(config("acks", "-1").producerProperties()).containsEntry("acks", "all");
    assertThat(config("enable.idempotence", "true").producerProperties()).containsEntry("enable.idempotence", true);
  }

  @Test
  void missingRequiredKeysAreNamed() {
    assertThatThrownBy(() -> new JobPublisherConfig(Map.of("schema.registry.url", "http://r:8081")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(() -> new JobPublisherConfig(Map.of("bootstrap.servers", "k:9092")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
  }

  @Test
  void deliveryTimeoutMustCoverLingerAndAnExplicitRequestTimeout() {
    Map<String, Object> map = minimal();
    map.put("delivery.timeout.ms", 5000);
    map.put("request.timeout.ms", 30000);
    assertThatThrownBy(() -> new JobPublisherConfig(map)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("delivery.timeout.ms").hasMessageContaining("request.timeout.ms (30000)");
    assertThatThrownBy(() -> {
      Map<String, Object> m = minimal();
      m.put("delivery.timeout.ms", 10);
      m.put("linger.ms", 10);
      new JobPublisherConfig(m);
    }).isInstanceOf(ConfigException.class).hasMessageContaining("delivery.timeout.ms");
  }
}
