package dev.jobpipe.scheduler.internal;

import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.schemas.JobTopics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Picks, from every {@code jobs.T.done}, {@code jobs.T.dlq} and {@code jobs.T.control}, the records
 * that say a recurring schedule's fire ended (succeeded, dead, cancelled) and forwards them keyed by
 * schedule name, value = fire id, to the fire-ends topic, which is partitioned like
 * {@code jobpipe.cron} so that each end reaches the task that owns its schedule. Every other record
 * is dropped after a look at its key or id header.
 */
final class FireEndProcessor implements Processor<byte[], byte[], byte[], byte[]> {

  private ProcessorContext<byte[], byte[]> context;

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    Optional<String> id;
    if (JobTopics.typeOfControl(topic).isPresent()) {
      id = record.key() == null || record.value() == null ? Optional.empty()
          : JobTopics.cancelledJobId(new String(record.key(), StandardCharsets.UTF_8));
    } else {
      // done records are keyed by job id; dead letters keep the job's own key, and both carry the id header
      id = JobHeaders.jobId(record.headers());
    }
    id.ifPresent(jobId -> JobIds.scheduleOf(jobId).ifPresent(name -> context.forward(new Record<>(
        name.getBytes(StandardCharsets.UTF_8), jobId.getBytes(StandardCharsets.UTF_8), record.timestamp()))));
  }
}
