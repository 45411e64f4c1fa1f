package dev.jobpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(JobpipeStackExtension.class)
class JobpipeStackIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void producesAndConsumesThroughTheRealBroker(JobpipeStack stack) throws Exception {
    String topic = "it.roundtrip." + UUID.randomUUID();
    stack.createTopic(topic, 3);
    stack.createTopic(topic, 3); // idempotent

    produce(stack, topic, List.of("a", "b", "c"));

    assertThat(consume(stack, topic, 3, "classic")).containsExactlyInAnyOrder("a", "b", "c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
  void theBrokerTakesEveryCompressionCodec(String codec, JobpipeStack stack) throws Exception {
    String topic = "it.codec." + codec + "." + UUID.randomUUID();
    stack.createTopic(topic, 1);
    Map<String, Object> props = stack.clientProperties();
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, "compressed with " + codec)).get();
    }

    assertThat(consume(stack, topic, 1, "classic")).containsExactly("compressed with " + codec);
  }

  @Test
  void theKafka4ConsumerGroupProtocolWorks(JobpipeStack stack) throws Exception {
    String topic = "it.kip848." + UUID.randomUUID();
    stack.createTopic(topic, 2);
    produce(stack, topic, List.of("x", "y"));

    assertThat(consume(stack, topic, 2, "consumer")).containsExactlyInAnyOrder("x", "y");
  }

  @Test
  void registryAnswersTheConfluentApi(JobpipeStack stack) throws Exception {
    if (stack.embedded()) {
      assertThat(stack.registryUrl()).startsWith("http://localhost:").endsWith("/apis/ccompat/v7");
    }

    HttpResponse<String> subjects = get(stack.registryUrl() + "/subjects");

    assertThat(subjects.statusCode()).isEqualTo(200);
    assertThat(subjects.body()).startsWith("[");
  }

  @Test
  void registryRejectsAnIncompatibleSchemaLikeConfluentsDefault(JobpipeStack stack) throws Exception {
    String subject = "it-compat-" + UUID.randomUUID() + "-value";
    String v1 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    String incompatible = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"}]}";

    assertThat(register(stack, subject, v1).statusCode()).isEqualTo(200);
    HttpResponse<String> rejected = register(stack, subject, incompatible);

    assertThat(rejected.statusCode()).isEqualTo(409);
  }

  @Test
  void cutRegistryFailsFastAndRestoreKeepsSchemas(JobpipeStack stack) throws Exception {
    assumeTrue(stack.embedded(), "needs the embedded stack");
    String subject = "it-cut-" + UUID.randomUUID() + "-value";
    String schema = "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    assertThat(register(stack, subject, schema).statusCode()).isEqualTo(200);

    stack.cutRegistry();
    try {
      assertThat(stack.registryCut()).isTrue();
      HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      // refused at once, not a connect timeout (HttpConnectTimeoutException is a ConnectException too)
      assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).build(),
          HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class)
          .isNotInstanceOf(HttpConnectTimeoutException.class);
      // the registry itself is still up, behind the proxy
      assertThat(get(stack.registryDirectUrl() + "/subjects").body()).contains(subject);
    } finally {
      stack.restoreRegistry();
    }

    assertThat(stack.registryCut()).isFalse();
    assertThat(get(stack.registryUrl() + "/subjects").body()).contains(subject);
  }

  @Test
  void cutRegistryClosesKeptAliveConnections(JobpipeStack stack) throws Exception {
    assumeTrue(stack.embedded(), "needs the embedded stack");
    HttpClient keepAlive = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).build();
    assertThat(keepAlive.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

    stack.cutRegistry();
    try {
      assertThatThrownBy(() -> keepAlive.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    } finally {
      stack.restoreRegistry();
    }
    assertThat(keepAlive.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  @Test
  void brokerRestartKeepsPortAndData(JobpipeStack stack) throws Exception {
    assumeTrue(stack.embedded(), "needs the embedded stack");
    String topic = "it.restart." + UUID.randomUUID();
    stack.createTopic(topic, 1);
    produce(stack, topic, List.of("before"));
    String bootstrap = stack.bootstrapServers();

    stack.stopBroker();
    assertThat(stack.brokerRunning()).isFalse();
    stack.startBroker();

    assertThat(stack.brokerRunning()).isTrue();
    assertThat(stack.bootstrapServers()).isEqualTo(bootstrap);
    produce(stack, topic, List.of("after"));
    assertThat(consume(stack, topic, 2, "classic")).containsExactly("before", "after");
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> register(JobpipeStack stack, String subject, String schema) throws Exception {
    String body = "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";
    return http.send(HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects/" + subject + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void produce(JobpipeStack stack, String topic, List<String> values) throws Exception {
    Map<String, Object> props = stack.clientProperties();
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, v)).get();
      }
    }
  }

  static List<String> consume(JobpipeStack stack, String topic, int count, String protocol) {
    Map<String, Object> props = stack.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          seen.add(r.value());
        }
        return seen.size() >= count;
      });
    }
    return seen;
  }
}
