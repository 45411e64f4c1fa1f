package dev.jobpipe.reliability.harness;

import dev.jobpipe.schemas.DlqReason;
import dev.jobpipe.schemas.JobHeaders;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of {@code jobs.T.dlq} as the reconciler sees it: the job id (the header, or the
 * origin {@code topic-partition-offset} when the job never had one), the reason and the error, and
 * where it was read from.
 */
public record DeadLetter(
    String jobId,
    int attempt,
    Optional<DlqReason> reason,
    String rawReason,
    String errorClass,
    String errorMessage,
    String originTopic,
    OptionalLong originPartition,
    OptionalLong originOffset,
    int partition,
    long offset,
    int valueSize) {

  /** Reads the headers of a raw DLQ record. */
  public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
    String originTopic = JobHeaders.string(record.headers(), JobHeaders.ORIGIN_TOPIC).orElse("");
    OptionalLong originPartition = JobHeaders.number(record.headers(), JobHeaders.ORIGIN_PARTITION);
    OptionalLong originOffset = JobHeaders.number(record.headers(), JobHeaders.ORIGIN_OFFSET);
    String jobId = JobHeaders.jobId(record.headers())
        .orElseGet(() -> originTopic + "-" + (originPartition.isPresent() ? originPartition.getAsLong() : -1)
            + "-" + (originOffset.isPresent() ? originOffset.getAsLong() : -1));
    return new DeadLetter(
        jobId,
        JobHeaders.attempt(record.headers()),
        JobHeaders.dlqReason(record.headers()),
        JobHeaders.string(record.headers(), JobHeaders.DLQ_REASON).orElse(""),
        JobHeaders.string(record.headers(), JobHeaders.ERROR_CLASS).orElse(""),
        JobHeaders.string(record.headers(), JobHeaders.ERROR_MESSAGE).orElse(""),
        originTopic,
        originPartition,
        originOffset,
        record.partition(),
        record.offset(),
        record.value() == null ? -1 : record.value().length);
  }

  /** Whether the dead letter came from {@code topic} partition/offset. */
  public boolean cameFrom(String topic, int partition, long offset) {
    return originTopic.equals(topic)
        && originPartition.isPresent() && originPartition.getAsLong() == partition
        && originOffset.isPresent() && originOffset.getAsLong() == offset;
  }
}
