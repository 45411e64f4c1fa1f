package dev.jobpipe.console.it;

import dev.jobpipe.consumer.JobHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericRecord;

/**
 * The test handler: records when each job started, and does what the payload's {@code mode} says:
 * {@code ok} returns, {@code block} sleeps until interrupted (then throws the
 * {@code InterruptedException}), {@code swallow} returns when interrupted, {@code other} throws an
 * {@code IllegalStateException} when interrupted.
 */
final class JobRecorder implements JobHandler<GenericRecord> {

  record Start(String id, long nanos) {}

  private final List<Start> starts = new ArrayList<>();
  final Set<String> interrupted = ConcurrentHashMap.newKeySet();

  @Override
  public void handle(dev.jobpipe.consumer.Job<GenericRecord> job) throws Exception {
    synchronized (starts) {
      starts.add(new Start(job.id(), System.nanoTime()));
    }
    String mode = job.payload().get("mode").toString();
    if (mode.equals("ok")) {
      return;
    }
    try {
      Thread.sleep(120_000);
    } catch (InterruptedException e) {
      interrupted.add(job.id());
      switch (mode) {
        case "swallow" -> {
          return;
        }
        case "other" -> throw new IllegalStateException("gave up when interrupted");
        default -> throw e;
      }
    }
  }

  List<Start> starts() {
    synchronized (starts) {
      return new ArrayList<>(starts);
    }
  }

  int count() {
    synchronized (starts) {
      return starts.size();
    }
  }

  boolean ran(String id) {
    return starts().stream().anyMatch(s -> s.id().equals(id));
  }
}
