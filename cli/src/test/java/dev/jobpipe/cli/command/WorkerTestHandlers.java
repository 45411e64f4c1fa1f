package dev.jobpipe.cli.command;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.avro.generic.GenericRecord;

/** Handlers that {@code jobpipe worker} tests load by name. */
public final class WorkerTestHandlers {

  private WorkerTestHandlers() {}

  /**
   * Appends each job's id as one line to the file named by {@code -Djobpipe.test.record}, after
   * sleeping {@code -Djobpipe.test.sleep.ms}; a worker process's record of what it ran.
   */
  public static final class Recording implements JobHandler<GenericRecord> {
    private static FileChannel channel;

    @Override
    public void handle(Job<GenericRecord> job) throws InterruptedException {
      long sleep = Long.getLong("jobpipe.test.sleep.ms", 0);
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
      write(job.id() + "\n");
    }

    private static synchronized void write(String line) {
      try {
        if (channel == null) {
          channel = FileChannel.open(Path.of(System.getProperty("jobpipe.test.record")),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Does nothing. */
  public static final class NoOp implements JobHandler<GenericRecord> {
    @Override
    public void handle(Job<GenericRecord> job) {}
  }

  /** Not a handler at all. */
  public static final class NotAHandler {}

  /** A handler the worker cannot create: no no-argument constructor. */
  public static final class NeedsArguments implements JobHandler<GenericRecord> {
    public NeedsArguments(String setting) {}

    @Override
    public void handle(Job<GenericRecord> job) {}
  }

  /** A handler whose constructor fails. */
  public static final class BrokenConstructor implements JobHandler<GenericRecord> {
    public BrokenConstructor() {
      throw new IllegalStateException("missing SMTP_HOST");
    }

    @Override
    public void handle(Job<GenericRecord> job) {}
  }

  /** A handler whose payload type is not an Avro record. */
  public static final class StringPayload implements JobHandler<String> {
    @Override
    public void handle(Job<String> job) {}
  }
}
