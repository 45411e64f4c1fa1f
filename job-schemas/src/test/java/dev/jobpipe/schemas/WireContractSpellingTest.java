package dev.jobpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wire contract is spelled in one place: topic names in {@link JobTopics}, header names in
 * {@link JobHeaders}, derived ids in {@link JobIds}. This test reads the main sources of every module
 * of the repository (those added later too) and fails, naming file and line, when one spells a
 * topic suffix, a header name or the derived-id format itself instead of calling its home.
 */
class WireContractSpellingTest {

  private static final Set<String> HOMES = Set.of("JobTopics.java", "JobHeaders.java", "JobIds.java");

  /** A string literal naming a topic or a topic role suffix. */
  private static final Pattern TOPIC_LITERAL = Pattern.compile(
      "\"(jobs\\.|jobpipe\\.cron\")|\"\\.(failed|dlq|done|scheduled|control|replayed|retry\\.?)\"");

  /** {@code ...partition + "-" + ...offset}: the derived-id / position format. */
  private static final Pattern DERIVED_ID = Pattern.compile(
      "(?i)partition[\\w()]*\\s*\\+\\s*\"-\"\\s*\\+\\s*[\\w.()]*offset");

  @Test
  void noModuleSpellsTheWireContractOutsideItsHome() throws Exception {
    List<String> headerLiterals = new ArrayList<>();
    for (Field f : JobHeaders.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("PREFIX")) {
        headerLiterals.add("\"" + f.get(null) + "\"");
      }
    }
    assertThat(headerLiterals).contains("\"jobpipe.job.id\"", "\"traceparent\"");

    List<String> offences = new ArrayList<>();
    List<Path> sources = mainSources(repositoryRoot());
    assertThat(sources).as("main sources found").hasSizeGreaterThan(100);
    for (Path file : sources) {
      if (HOMES.contains(file.getFileName().toString())) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
          continue;
        }
        String where = repositoryRoot().relativize(file) + ":" + (i + 1) + ": " + line;
        if (TOPIC_LITERAL.matcher(line).find()) {
          offences.add("topic name (use JobTopics) " + where);
        }
        if (DERIVED_ID.matcher(line).find()) {
          offences.add("derived id (use JobIds) " + where);
        }
        for (String header : headerLiterals) {
          if (line.contains(header)) {
            offences.add("header name (use JobHeaders) " + where);
          }
        }
      }
    }
    assertThat(offences).as("wire-contract rules spelled outside their home").isEmpty();
  }

  @Test
  void theScanRecognisesEachKindOfSpelling() {
    assertThat(TOPIC_LITERAL.matcher("String t = \"jobs.\" + type;").find()).isTrue();
    assertThat(TOPIC_LITERAL.matcher("String t = main + \".dlq\";").find()).isTrue();
    assertThat(TOPIC_LITERAL.matcher("String t = main + \".retry.\" + d;").find()).isTrue();
    assertThat(TOPIC_LITERAL.matcher("String t = \"jobpipe.cron\";").find()).isTrue();
    assertThat(TOPIC_LITERAL.matcher("String m = \"jobpipe.jobs\";").find()).isFalse();
    assertThat(DERIVED_ID.matcher("r.topic() + \"-\" + r.partition() + \"-\" + r.offset()").find()).isTrue();
    assertThat(DERIVED_ID.matcher("return partition + \"-\" + offset;").find()).isTrue();
    assertThat(DERIVED_ID.matcher("record.partition() + \"@\" + record.offset()").find()).isFalse();
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("job-schemas"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  private static List<Path> mainSources(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/java/"))
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
