package dev.jobpipe.reliability.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one-line figure summary each scenario appends to {@code target/reliability/figures.txt}
 * (and prints), from which docs/RELIABILITY.md's numbers are copied.
 */
public final class Figures {

  private final String scenario;
  private final Map<String, Object> values = new LinkedHashMap<>();

  private Figures(String scenario) {
    this.scenario = scenario;
  }

  public static Figures of(String scenario) {
    return new Figures(scenario);
  }

  /** The directory for this run's outputs: {@code -Dreliability.out}, else {@code target/reliability}. */
  public static Path outputDirectory() {
    return Path.of(System.getProperty("reliability.out", "target/reliability"));
  }

  public Figures put(String key, Object value) {
    values.put(key, value);
    return this;
  }

  public Figures putSeconds(String key, double seconds) {
    values.put(key, String.format(Locale.ROOT, "%.1fs", seconds));
    return this;
  }

  public String line() {
    return Instant.now() + " " + scenario + " "
        + values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  /** Appends the line to the figures file and prints it. */
  public void write() {
    String line = line();
    System.out.println("FIGURES " + line);
    Path file = outputDirectory().resolve("figures.txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
