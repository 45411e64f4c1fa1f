package dev.jobpipe.reliability.harness;

import dev.jobpipe.reliability.harness.Behavior.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The child-process side of the execution log: appends one line per execution to
 * {@code executions-<pid>.log} (format: {@link Execution}) in a directory the test chose, flushing each line before the handler
 * returns.
 *
 * <p>Why flushing to the operating system is durable enough: the suite SIGKILLs processes, it does
 * not crash the machine. Once {@code write(2)} has returned, the bytes are in the kernel's page
 * cache and survive the death of the process that wrote them; only a kernel crash or power loss
 * would lose them, which no scenario simulates. {@code fsync} per line (FileChannel.force) would
 * cost a disk flush per job and make a 50,000-job run unbearably slow for no added truth. Flushing
 * per line, before the handler returns, is what matters: the worker can only commit past a job
 * after the handler returned, so every job below a committed offset has its line in the file.
 *
 * <p>One file per process (the pid is in the name) means no two writers ever share a file, so a
 * killed process can at worst leave a torn last line in its own file, which the reader ignores.
 */
public final class ExecutionRecorder implements AutoCloseable {

  /** File-name prefix of execution logs in the log directory. */
  public static final String FILE_PREFIX = "executions-";
  public static final String FILE_SUFFIX = ".log";

  private final ReentrantLock lock = new ReentrantLock();
  private final Writer writer;
  private final long pid;
  private final Path file;

  public ExecutionRecorder(Path directory) {
    this(directory, ProcessHandle.current().pid());
  }

  ExecutionRecorder(Path directory, long pid) {
    this.pid = pid;
    try {
      Files.createDirectories(directory);
      this.file = directory.resolve(FILE_PREFIX + pid + FILE_SUFFIX);
      this.writer = new BufferedWriter(new OutputStreamWriter(
          Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
          StandardCharsets.UTF_8), 8192);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open execution log in " + directory, e);
    }
  }

  public Path file() {
    return file;
  }

  /** Appends and flushes one execution; returns once the line is in the OS page cache. */
  public Execution record(String jobId, int attempt, Outcome outcome) {
    if (jobId.indexOf(' ') >= 0 || jobId.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("job id with whitespace cannot be logged: '" + jobId + "'");
    }
    Execution execution = new Execution(jobId, attempt, pid, outcome, System.currentTimeMillis());
    lock.lock();
    try {
      writer.write(execution.toLine());
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    } finally {
      lock.unlock();
    }
    return execution;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }
}
