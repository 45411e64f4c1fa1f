package dev.jobpipe.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.registry.SchemaRegistryConfig;
import dev.jobpipe.schemas.serde.UndecodableJobException.Kind;
import dev.jobpipe.testkit.JobpipeStack;
import dev.jobpipe.testkit.JobpipeStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serializer and deserializer in real Kafka clients against the real broker and registry. */
@ExtendWith(JobpipeStackExtension.class)
class KafkaSerdeIT {

  @Test
  void jobsRoundTripThroughTheBrokerAndPoisonIsLocated(JobpipeStack stack) throws Exception {
    String topic = "jobs.email-it-" + UUID.randomUUID().toString().substring(0, 8);
    stack.createTopic(topic, 1);
    Map<String, Object> producerProps = new HashMap<>(stack.clientProperties());
    producerProps.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, JobAvroSerializer.class);
    List<EmailSend> sent = List.of(
        EmailSend.newBuilder().setTo("a@x").setSubject("1").setBody("one").build(),
        EmailSend.newBuilder().setTo("b@x").setSubject("2").setBody("two").setReplyTo("r@x").build());
    long poisonOffset;
    try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps);
        KafkaProducer<String, byte[]> raw = new KafkaProducer<>(stack.clientProperties(), new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "k1", sent.get(0))).get();
      RecordMetadata poison = raw.send(new ProducerRecord<>(topic, "bad", "not avro".getBytes())).get();
      poisonOffset = poison.offset();
      producer.send(new ProducerRecord<>(topic, "k2", sent.get(1))).get();
    }

    Map<String, Object> consumerProps = new HashMap<>(stack.clientProperties());
    consumerProps.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
    consumerProps.put(JobAvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, JobAvroDeserializer.class);
    List<Object> received = new ArrayList<>();
    List<UndecodableJobException> poisoned = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerProps)) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        try {
          for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
            received.add(record.value());
          }
        } catch (RecordDeserializationException e) {
          poisoned.add(UndecodableJobException.find(e).orElseThrow());
          consumer.seek(e.topicPartition(), e.offset() + 1); // what a worker does after dead-lettering it
        }
        return received.size() == 2;
      });
    }

    assertThat(received).containsExactlyElementsOf(sent);
    assertThat(poisoned).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC_BYTE);
      assertThat(e.topic()).contains(topic);
      assertThat(e.partition()).hasValue(0);
      assertThat(e.offset()).hasValue(poisonOffset);
      assertThat(e.getMessage()).contains(topic + "-0 at offset " + poisonOffset);
    });
  }

  @Test
  void deserializerWithoutRegistryConfigFailsNamingTheKey(JobpipeStack stack) {
    Map<String, Object> consumerProps = new HashMap<>(stack.clientProperties());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "it-misconfigured");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, JobAvroDeserializer.class);

    assertThatThrownBy(() -> new KafkaConsumer<String, Object>(consumerProps).close())
        .rootCause()
        .hasMessageContaining(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG);
  }
}
