package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.scheduler.CronSchedule;
import dev.jobpipe.scheduler.CronSchedules;
import dev.jobpipe.scheduler.CronTopic;
import dev.jobpipe.schemas.JobTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Reads and writes {@code jobpipe.cron} for the {@code jobpipe cron} verbs; every write is acknowledged by all replicas. */
final class CronTopicClient {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ConnectionOptions connection;

  CronTopicClient(ConnectionOptions connection) {
    this.connection = connection;
  }

  Map<String, CronSchedule> all() {
    try {
      return CronSchedules.read(connection.clientProperties(), TIMEOUT);
    } catch (KafkaException e) {
      throw new UserException("cannot read " + JobTopics.CRON + ": " + e.getMessage(), e);
    }
  }

  /** The schedule named {@code name}; a {@link UserException} when there is none. */
  CronSchedule get(String name) {
    CronSchedule schedule = all().get(name);
    if (schedule == null) {
      throw new UserException("no recurring schedule named '" + name + "' on " + JobTopics.CRON);
    }
    return schedule;
  }

  /** Writes the schedules (creating the topic if missing). */
  void put(List<CronSchedule> schedules) {
    try (Admin admin = Admin.create(connection.clientProperties())) {
      CronTopic.ensure(admin, Optional.empty());
    } catch (IllegalStateException | KafkaException e) {
      throw new UserException(e.getMessage(), e);
    }
    send(schedules.stream().map(s -> record(s.name(), s.toJson())).toList());
  }

  /** Writes a tombstone for {@code name}. */
  void delete(String name) {
    send(List.of(record(name, null)));
  }

  /** Writes {@code records} and waits for every acknowledgement. */
  void send(List<ProducerRecord<byte[], byte[]>> records) {
    Map<String, Object> props = new HashMap<>(connection.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      List<Future<RecordMetadata>> acks = records.stream().map(producer::send).toList();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException e) {
      throw new UserException("write refused: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new UserException("write not acknowledged within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted", e);
    } catch (KafkaException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  private static ProducerRecord<byte[], byte[]> record(String name, byte[] value) {
    return new ProducerRecord<>(JobTopics.CRON, name.getBytes(StandardCharsets.UTF_8), value);
  }
}
