package dev.jobpipe.router.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default instance id of a router started without {@code --instance-id}: the host name plus
 * the lowest slot number free on this host for this application id ({@code worker-3-0},
 * {@code worker-3-1}, ...). A slot is an OS file lock under {@code java.io.tmpdir}, held for the
 * life of the router: a SIGKILLed router releases it with its process, so the router restarted on
 * the same host takes the same slot, hence the same static group membership and transactional id,
 * and gets its partitions back at once instead of after the session timeout. Two routers running
 * on one host hold different slots, so they never fence each other.
 */
public final class HostInstanceId implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostInstanceId.class);
  static final int MAX_SLOTS = 64;

  private final String id;
  private final FileChannel channel;
  private final FileLock lock;

  private HostInstanceId(String id, FileChannel channel, FileLock lock) {
    this.id = id;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lowest free slot of {@code applicationId} on this host, or empty (with a warning)
   * when the host name or the lock directory is unavailable: the router then runs with dynamic
   * membership, as before.
   */
  public static Optional<HostInstanceId> acquire(String applicationId) {
    Optional<String> host = hostName();
    if (host.isEmpty()) {
      log.warn("cannot tell this host's name: the router uses a random instance id (give --instance-id for fast restarts)");
      return Optional.empty();
    }
    return acquire(Path.of(System.getProperty("java.io.tmpdir"), "jobpipe-router", sanitize(applicationId)), host.get());
  }

  static Optional<HostInstanceId> acquire(Path directory, String host) {
    try {
      Files.createDirectories(directory);
      for (int slot = 0; slot < MAX_SLOTS; slot++) {
        FileChannel channel = FileChannel.open(directory.resolve("slot-" + slot + ".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel);
        if (lock != null) {
          return Optional.of(new HostInstanceId(sanitize(host) + "-" + slot, channel, lock));
        }
        channel.close();
      }
      log.warn("all {} router instance slots under {} are taken: the router uses a random instance id", MAX_SLOTS, directory);
    } catch (IOException e) {
      log.warn("cannot take a router instance slot under {} ({}): the router uses a random instance id", directory, e.toString());
    }
    return Optional.empty();
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another router in this JVM
    }
  }

  private static Optional<String> hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return Optional.of(env.strip());
    }
    try {
      return Optional.of(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Keeps the characters a group.instance.id and a file name allow; bounded length. */
  static String sanitize(String name) {
    String clean = name.replaceAll("[^A-Za-z0-9._-]", "-");
    return clean.length() > 200 ? clean.substring(0, 200) : clean;
  }

  /** {@code <host>-<slot>}. */
  public String id() {
    return id;
  }

  /** Releases the slot. */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      log.debug("releasing router instance slot {}: {}", id, e.toString());
    }
  }
}
