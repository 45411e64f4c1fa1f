package dev.jobpipe.router.internal;

import dev.jobpipe.schemas.JobIds;
import dev.jobpipe.router.Failure;
import dev.jobpipe.router.RoutingDecider;
import dev.jobpipe.router.RoutingDecision;
import dev.jobpipe.schemas.JobHeaders;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.RetryDelays;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one failed record: drops it when its (job id, attempt) was already routed within the
 * dedupe window, else asks the {@link RoutingDecider} and forwards the untouched key, value and
 * headers plus {@code jobpipe.not.before} (retry) or {@code jobpipe.dlq.reason} (dead letter).
 */
final class RoutingProcessor implements Processor<byte[], byte[], byte[], Routed> {

  private static final Logger log = LoggerFactory.getLogger(RoutingProcessor.class);

  private final RoutingDecider decider;
  private final Clock clock;
  private final Duration dedupeWindow;
  private final RouterMetrics metrics;
  private final String storeName;

  private ProcessorContext<byte[], Routed> context;
  private WindowStore<String, Long> routed;

  RoutingProcessor(RoutingDecider decider, Clock clock, Duration dedupeWindow, RouterMetrics metrics, String storeName) {
    this.decider = decider;
    this.clock = clock;
    this.dedupeWindow = dedupeWindow;
    this.metrics = metrics;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<byte[], Routed> context) {
    this.context = context;
    this.routed = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    Optional<String> type = JobTopics.typeOfFailed(topic).filter(t -> JobTopics.TYPE_PATTERN.matcher(t).matches());
    if (type.isEmpty()) {
      log.warn("skipping a record of {}: not the failed topic of a valid job type", topic);
      return;
    }
    Headers headers = new RecordHeaders(record.headers().toArray());
    Failure failure = Failure.fromHeaders(type.get(), headers);
    long now = clock.millis();
    Optional<String> dedupeKey = dedupeKey(failure, headers);
    if (dedupeKey.isPresent() && seen(dedupeKey.get(), now)) {
      log.info("dropping duplicate failure of job {} type {} attempt {}",
          failure.jobId().orElse("?"), failure.type(), failure.attempt());
      return;
    }
    JobTopics topics = JobTopics.of(failure.type());
    RoutingDecision decision = decider.decide(failure);
    String destination;
    switch (decision) {
      case RoutingDecision.Retry retry -> {
        JobHeaders.set(headers, JobHeaders.NOT_BEFORE, retry.notBefore());
        destination = topics.retry(retry.tier());
        metrics.retried(failure.type(), RetryDelays.format(retry.tier()));
        log.debug("job {} type {} attempt {} retries via {} at {}",
            failure.jobId().orElse("?"), failure.type(), failure.attempt(), destination, retry.notBefore());
      }
      case RoutingDecision.DeadLetter dead -> {
        JobHeaders.set(headers, JobHeaders.DLQ_REASON, dead.reason().name());
        destination = topics.dlq();
        metrics.deadLettered(failure.type(), dead.reason());
        log.info("job {} type {} attempt {} dead-lettered as {}: {}",
            failure.jobId().orElse("?"), failure.type(), failure.attempt(), dead.reason(), dead.detail());
      }
    }
    dedupeKey.ifPresent(key -> routed.put(key, now, now));
    context.forward(new Record<>(record.key(), new Routed(destination, record.value()), now, headers));
  }

  private boolean seen(String key, long now) {
    try (WindowStoreIterator<Long> it = routed.fetch(key, now - dedupeWindow.toMillis(), now)) {
      return it.hasNext();
    }
  }

  /**
   * {@code type|attempt|id}; the id is the job id, else the origin coordinates the worker derives
   * it from. Type and attempt cannot contain {@code |}, so keys never collide. Empty when the
   * record names neither (nothing to dedupe by).
   */
  static Optional<String> dedupeKey(Failure failure, Headers headers) {
    Optional<String> id = failure.jobId().or(() -> JobIds.fromOrigin(headers));
    return id.map(jobId -> failure.type() + "|" + failure.attempt() + "|" + jobId);
  }
}
