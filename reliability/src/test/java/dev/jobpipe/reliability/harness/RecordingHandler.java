package dev.jobpipe.reliability.harness;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.RetryableJobException;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.reliability.harness.Behavior.Outcome;
import org.apache.avro.generic.GenericRecord;

/**
 * The handler every reliability worker runs ({@code jobpipe worker --handler
 * dev.jobpipe.reliability.harness.RecordingHandler}): records each execution in this process's
 * execution log and then succeeds, fails, hangs or fails terminally as the job id's
 * {@link Behavior} says. Payload-agnostic ({@link GenericRecord}), so any schema version of any
 * type decodes. Configured by the {@link HandlerSettings} system properties of the worker JVM.
 */
public final class RecordingHandler implements JobHandler<GenericRecord> {

  private final Recording recording;

  /** The constructor the worker calls: the JVM's recording, configured by system properties. */
  public RecordingHandler() {
    this(Recording.get());
  }

  RecordingHandler(Recording recording) {
    this.recording = recording;
  }

  @Override
  public void handle(Job<GenericRecord> job) throws Exception {
    Outcome outcome = recording.execute(job.id(), job.attempt());
    switch (outcome) {
      case OK -> { }
      case FAIL -> throw new RetryableJobException("reliability: planned failure of attempt " + job.attempt());
      case TERMINAL -> throw new TerminalJobException("reliability: planned terminal failure");
      case HANG -> throw new IllegalStateException("reliability: a hang returned without being interrupted after "
          + "the configured hang time; the worker's job timeout did not fire");
    }
  }
}
