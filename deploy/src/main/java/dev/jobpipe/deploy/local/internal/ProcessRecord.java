package dev.jobpipe.deploy.local.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The pid file of a detached child: its pid, when that process started, and the port it serves.
 * The start time tells a live child from an unrelated process that got the same pid after a crash
 * or a reboot, so a stale record never makes us report, or stop, someone else's process.
 */
public record ProcessRecord(long pid, long startedAtMillis, int port) {
  private static final String PID = "pid";
  private static final String STARTED = "started.at.millis";
  private static final String PORT = "port";

  /** The record of a process we just started. */
  public static ProcessRecord of(ProcessHandle handle, int port) {
    long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return new ProcessRecord(handle.pid(), started, port);
  }

  /** Reads {@code file}; empty when it does not exist or is unreadable garbage. */
  public static Optional<ProcessRecord> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
      return Optional.of(new ProcessRecord(
          Long.parseLong(p.getProperty(PID, "").strip()),
          Long.parseLong(p.getProperty(STARTED, "0").strip()),
          Integer.parseInt(p.getProperty(PORT, "").strip())));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Writes this record to {@code file} atomically. */
  public void write(Path file) {
    Properties p = new Properties();
    p.setProperty(PID, Long.toString(pid));
    p.setProperty(STARTED, Long.toString(startedAtMillis));
    p.setProperty(PORT, Integer.toString(port));
    try {
      Dirs.create(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        p.store(out, "jobpipe dev: a detached child process");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The live process this record describes; empty when it is gone or its pid was reused. */
  public Optional<ProcessHandle> liveProcess() {
    return ProcessHandle.of(pid)
        .filter(Liveness::isRunning)
        .filter(h -> startedAtMillis == 0 || h.info().startInstant()
            .map(started -> Math.abs(started.toEpochMilli() - startedAtMillis) < 1_000)
            .orElse(true));
  }
}
