package dev.jobpipe.bench.scenario;

import dev.jobpipe.deploy.local.ApicurioRegistry;
import dev.jobpipe.deploy.local.KafkaBroker;
import dev.jobpipe.deploy.local.StackLayout;
import dev.jobpipe.deploy.local.Supervision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The broker and registry one benchmark run uses: started once, in a temporary directory, tied to
 * this JVM (they die with it even when it is killed). Unlike the test stack, the broker runs with
 * its full JIT and default collector ({@code fastStartup(false)}): a benchmark must not measure a
 * broker slowed down for quick test start-up.
 */
public final class BenchStack implements AutoCloseable {
  private final Path dir;
  private final KafkaBroker broker;
  private final ApicurioRegistry registry;

  private BenchStack(Path dir, KafkaBroker broker, ApicurioRegistry registry) {
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
  }

  /** Starts both side by side; if either fails, neither is left running. */
  public static BenchStack start(String brokerHeap) {
    StackLayout layout = StackLayout.locate();
    Path dir;
    try {
      dir = Files.createTempDirectory("jobpipe-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the benchmark stack: " + e.getMessage(), e);
    }
    KafkaBroker broker = KafkaBroker.builder().layout(layout).workDir(dir.resolve("kafka"))
        .supervision(Supervision.TIED).fastStartup(false).maxHeap(brokerHeap).build();
    ApicurioRegistry registry = ApicurioRegistry.builder().layout(layout).workDir(dir.resolve("registry"))
        .supervision(Supervision.TIED).fastStartup(true).build();
    CompletableFuture<Void> kafkaUp = CompletableFuture.runAsync(broker::start);
    CompletableFuture<Void> registryUp = CompletableFuture.runAsync(registry::start);
    try {
      CompletableFuture.allOf(kafkaUp, registryUp).join();
    } catch (RuntimeException e) {
      kafkaUp.exceptionally(t -> null).join();
      registryUp.exceptionally(t -> null).join();
      broker.stop();
      registry.stop();
      deleteQuietly(dir);
      throw e;
    }
    return new BenchStack(dir, broker, registry);
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** The registry's Confluent-compatible API. */
  public String registryUrl() {
    return registry.confluentApiUrl();
  }

  public long brokerPid() {
    return broker.pid().orElse(-1);
  }

  @Override
  public void close() {
    CompletableFuture<Void> kafkaDown = CompletableFuture.runAsync(broker::stop);
    registry.stop();
    kafkaDown.join();
    deleteQuietly(dir);
  }

  private static void deleteQuietly(Path d) {
    try (Stream<Path> walk = Files.walk(d)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // a file a dying child still writes: the temporary directory is cleaned by the OS eventually
    }
  }
}
