package dev.jobpipe.bench.contender;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.consumer.JobWorkerConfig;
import dev.jobpipe.schemas.jobs.EmailSend;
import java.util.HashMap;
import java.util.Map;

/**
 * jobpipe's {@link JobWorker} with its defaults (Kafka 4 group protocol, {@code key} ordering,
 * commit-after-success, done events on), decoding each payload into the generated {@link EmailSend}
 * class; or the same with {@code done.events.enabled=false}, to show what the ledger's success
 * events cost.
 */
final class JobpipeContender implements Contender {
  private final ConsumeSpec spec;
  private final boolean doneEvents;
  private JobWorker worker;

  JobpipeContender(ConsumeSpec spec, boolean doneEvents) {
    this.spec = spec;
    this.doneEvents = doneEvents;
  }

  @Override
  public void start(Progress progress, Workload workload) {
    Map<String, Object> config = new HashMap<>();
    config.put(JobWorkerConfig.GROUP_ID_CONFIG, spec.group());
    config.put("bootstrap.servers", spec.bootstrapServers());
    config.put(JobWorkerConfig.SCHEMA_REGISTRY_URL_CONFIG, spec.registryUrl());
    config.put(JobWorkerConfig.DONE_EVENTS_ENABLED_CONFIG, doneEvents);
    if (spec.concurrency() > 0) {
      config.put(JobWorkerConfig.CONCURRENCY_CONFIG, spec.concurrency());
    }
    worker = JobWorker.builder(spec.type(), new CountingHandler(progress, workload)).config(config).build();
    worker.start();
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
  }

  /** Counts each job; the payload arrives decoded, as in any real handler. */
  static final class CountingHandler implements JobHandler<EmailSend> {
    private final Progress progress;
    private final Workload workload;

    CountingHandler(Progress progress, Workload workload) {
      this.progress = progress;
      this.workload = workload;
    }

    @Override
    public void handle(Job<EmailSend> job) throws Exception {
      progress.started();
      workload.run();
      progress.completed(1);
    }
  }
}
