package dev.jobpipe.examples;

import dev.jobpipe.consumer.Job;
import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.consumer.TerminalJobException;
import dev.jobpipe.schemas.jobs.ImageResize;
import java.net.SocketTimeoutException;
import java.util.function.Consumer;

/**
 * Demo handler of {@code image.resize}: a non-positive size is a terminal error (a {@code FATAL}
 * dead letter, no retry could help); images on the {@code slow-cdn} host time out on their first
 * two attempts and succeed on the third; everything else is resized.
 */
public final class ImageResizeHandler implements JobHandler<ImageResize> {
  public static final String SLOW_HOST = "https://slow-cdn.example/";

  private final Consumer<Job<?>> onSuccess;

  public ImageResizeHandler() {
    this(null);
  }

  public ImageResizeHandler(Consumer<Job<?>> onSuccess) {
    this.onSuccess = DemoBehaviour.orNoListener(onSuccess);
  }

  @Override
  public void handle(Job<ImageResize> job) throws Exception {
    ImageResize image = job.payload();
    if (image.getWidth() <= 0 || image.getHeight() <= 0) {
      throw new TerminalJobException("cannot resize to " + image.getWidth() + "x" + image.getHeight()
          + ": width and height must be positive");
    }
    DemoBehaviour.simulateIo(job);
    if (image.getImageUrl().startsWith(SLOW_HOST) && job.attempt() <= 2) {
      throw new SocketTimeoutException("read timed out fetching " + image.getImageUrl());
    }
    onSuccess.accept(job);
  }
}
