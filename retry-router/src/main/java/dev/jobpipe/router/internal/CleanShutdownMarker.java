package dev.jobpipe.router.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether the previous router with this application id and state directory stopped
 * cleanly. A router killed while Kafka Streams was wiping or writing a RocksDB segment can leave a
 * store that no longer opens; under exactly-once the local state is only a cache of the changelog,
 * so after an unclean stop it is wiped and restored instead of trusted.
 */
public final class CleanShutdownMarker {
  private final Path file;

  public CleanShutdownMarker(String stateDir, String applicationId) {
    String dir = stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString();
    this.file = Path.of(dir, applicationId + ".running");
  }

  /** Whether a previous run left its marker behind, i.e. did not reach {@link #stopped()}. */
  public boolean previousRunCrashed() {
    return Files.exists(file);
  }

  /** Records that a run is in progress. */
  public void running() {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records a clean stop. */
  public void stopped() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }
}
