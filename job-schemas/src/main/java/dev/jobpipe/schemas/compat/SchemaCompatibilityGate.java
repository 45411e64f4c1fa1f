package dev.jobpipe.schemas.compat;

import dev.jobpipe.schemas.compat.internal.FieldLocator;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParseException;

/**
 * Checks the project's current Avro schemas against their earlier versions, so that a change that
 * would leave queued jobs unreadable fails the build instead of a worker in production.
 *
 * <p>Layout: current schemas are {@code <avroDir>/<Name>.avsc}; earlier versions are
 * {@code <historyDir>/<Name>/v1.avsc}, {@code v2.avsc}, ... (consecutive, oldest first). The mode
 * of each schema is read from {@code <historyDir>/compatibility.properties}: {@code default=MODE}
 * and {@code <Name>=MODE}; BACKWARD when absent. When a schema changes, copy the current file to
 * the next {@code v<N>.avsc} of its history in the same commit as the change.
 *
 * <p>Run by the build ({@code exec-maven-plugin} in {@code process-classes}) as
 * {@code SchemaCompatibilityGate <avroDir> <historyDir>}.
 */
public final class SchemaCompatibilityGate {

  /** Name of the per-schema mode file in the history folder. */
  public static final String MODES_FILE = "compatibility.properties";
  public static final String DEFAULT_MODE_KEY = "default";
  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]{0,5})\\.avsc");

  private final Path avroDir;
  private final Path historyDir;

  public SchemaCompatibilityGate(Path avroDir, Path historyDir) {
    this.avroDir = avroDir;
    this.historyDir = historyDir;
  }

  /** Runs the gate over the two folders given as arguments; throws when it fails. */
  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: SchemaCompatibilityGate <avro-dir> <avro-history-dir>");
    }
    Report report = new SchemaCompatibilityGate(Path.of(args[0]), Path.of(args[1])).verify();
    System.out.println("schema compatibility gate: " + report.summary());
  }

  /** What the gate checked. */
  public record Report(int schemas, int comparisons, Map<String, CompatibilityMode> modes) {
    public String summary() {
      return schemas + " schema(s), " + comparisons + " comparison(s) with earlier versions, all compatible "
          + modes;
    }
  }

  /** Checks every schema; returns what was checked, or throws listing every problem. */
  public Report verify() {
    List<String> problems = new ArrayList<>();
    Map<String, CompatibilityMode> modes = new TreeMap<>();
    int comparisons = 0;
    Properties modeFile = readModes(problems);
    CompatibilityMode defaultMode = mode(modeFile, DEFAULT_MODE_KEY, CompatibilityMode.BACKWARD, problems);
    Map<String, Path> current = currentSchemas(problems);
    for (Map.Entry<String, Path> entry : current.entrySet()) {
      String name = entry.getKey();
      CompatibilityMode mode = mode(modeFile, name, defaultMode, problems);
      modes.put(name, mode);
      Schema schema = parse(entry.getValue(), problems);
      List<Schema> history = history(name, problems);
      if (schema == null || history == null) {
        continue;
      }
      List<Schema> checked = mode.versionsToCheck(history);
      comparisons += checked.size();
      for (Violation violation : check(name, schema, history, mode)) {
        problems.add(violation.message());
      }
    }
    for (String name : historyNames()) {
      if (!current.containsKey(name)) {
        problems.add(name + " has a history in " + historyDir + " but no current schema " + name + ".avsc in "
            + avroDir + "; delete its history too if the job type is really gone");
      }
    }
    for (String key : modeFile.stringPropertyNames()) {
      if (!key.equals(DEFAULT_MODE_KEY) && !current.containsKey(key)) {
        problems.add(MODES_FILE + " names '" + key + "', which is not a schema in " + avroDir);
      }
    }
    if (!problems.isEmpty()) {
      throw new IncompatibleSchemaException(problems);
    }
    return new Report(current.size(), comparisons, modes);
  }

  /**
   * The violations of {@code current} against {@code history} (oldest first) under {@code mode}.
   * An empty list means compatible.
   */
  public static List<Violation> check(String name, Schema current, List<Schema> history, CompatibilityMode mode) {
    List<Violation> violations = new ArrayList<>();
    List<Schema> versions = mode.versionsToCheck(history);
    int firstVersion = history.size() - versions.size() + 1;
    for (int i = 0; i < versions.size(); i++) {
      Schema previous = versions.get(i);
      int version = firstVersion + i;
      if (mode.backward()) {
        collect(name, mode, version, current, previous, "the new schema cannot read data written with v" + version,
            violations);
      }
      if (mode.forward()) {
        collect(name, mode, version, previous, current, "v" + version + " readers cannot read data written with the new schema",
            violations);
      }
    }
    return violations;
  }

  private static void collect(String name, CompatibilityMode mode, int version, Schema reader, Schema writer,
      String direction, List<Violation> violations) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : result.getIncompatibilities()) {
      String field = FieldLocator.path(reader, incompatibility.getLocation());
      violations.add(new Violation(name, mode, version, field, explain(incompatibility) + ": " + direction,
          incompatibility.getType().name()));
    }
  }

  private static String explain(Incompatibility incompatibility) {
    Schema reader = incompatibility.getReaderFragment();
    Schema writer = incompatibility.getWriterFragment();
    return switch (incompatibility.getType()) {
      case READER_FIELD_MISSING_DEFAULT_VALUE ->
          "has no default value in the reading schema and is absent from the writing one";
      case TYPE_MISMATCH -> "changed type: the reader expects " + describe(reader) + ", the writer wrote "
          + describe(writer);
      case NAME_MISMATCH -> "changed name: " + incompatibility.getMessage();
      case MISSING_ENUM_SYMBOLS -> "lost enum symbol(s) " + incompatibility.getMessage()
          + " that the writer may use and the reader has no default for";
      case MISSING_UNION_BRANCH -> "union cannot take what the writer wrote (" + incompatibility.getMessage() + ")";
      case FIXED_SIZE_MISMATCH -> "changed fixed size: " + incompatibility.getMessage();
    };
  }

  private static String describe(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getFullName();
      case UNION -> schema.getTypes().stream().map(SchemaCompatibilityGate::describe).toList().toString();
      case ARRAY -> "array of " + describe(schema.getElementType());
      case MAP -> "map of " + describe(schema.getValueType());
      default -> schema.getType().getName();
    };
  }

  private Properties readModes(List<String> problems) {
    Properties properties = new Properties();
    Path file = historyDir.resolve(MODES_FILE);
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        problems.add("cannot read " + file + ": " + e.getMessage());
      }
    }
    return properties;
  }

  private static CompatibilityMode mode(Properties modes, String key, CompatibilityMode fallback, List<String> problems) {
    String value = modes.getProperty(key);
    if (value == null) {
      return fallback;
    }
    try {
      return CompatibilityMode.parse(value);
    } catch (IllegalArgumentException e) {
      problems.add(MODES_FILE + ": " + key + ": " + e.getMessage());
      return fallback;
    }
  }

  private Map<String, Path> currentSchemas(List<String> problems) {
    Map<String, Path> schemas = new TreeMap<>();
    if (!Files.isDirectory(avroDir)) {
      problems.add("schema folder " + avroDir + " does not exist");
      return schemas;
    }
    try (Stream<Path> files = Files.list(avroDir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".avsc")).forEach(f -> {
        String file = f.getFileName().toString();
        schemas.put(file.substring(0, file.length() - ".avsc".length()), f);
      });
    } catch (IOException e) {
      problems.add("cannot list " + avroDir + ": " + e.getMessage());
    }
    return schemas;
  }

  private List<String> historyNames() {
    if (!Files.isDirectory(historyDir)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(historyDir)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new IncompatibleSchemaException(List.of("cannot list " + historyDir + ": " + e.getMessage()));
    }
  }

  /** Earlier versions of {@code name}, oldest first; null when the history is malformed. */
  private List<Schema> history(String name, List<String> problems) {
    Path dir = historyDir.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of(); // a new schema: nothing to be compatible with yet
    }
    TreeMap<Integer, Path> versions = new TreeMap<>();
    boolean ok = true;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
          problems.add("unexpected file " + file + " in the history of " + name + "; expected v<N>.avsc");
          ok = false;
          continue;
        }
        versions.put(Integer.parseInt(matcher.group(1)), file);
      }
    } catch (IOException e) {
      problems.add("cannot list " + dir + ": " + e.getMessage());
      return null;
    }
    int expected = 1;
    for (int version : versions.keySet()) {
      if (version != expected) {
        problems.add("history of " + name + " skips v" + expected + " (found v" + version + "); versions must be"
            + " consecutive from v1");
        ok = false;
        break;
      }
      expected++;
    }
    List<Schema> schemas = new ArrayList<>();
    for (Path file : versions.values()) {
      Schema schema = parse(file, problems);
      if (schema == null) {
        ok = false;
      }
      schemas.add(schema);
    }
    return ok ? schemas : null;
  }

  private static Schema parse(Path file, List<String> problems) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException | SchemaParseException e) {
      problems.add("cannot parse " + file + ": " + e.getMessage());
      return null;
    }
  }
}
