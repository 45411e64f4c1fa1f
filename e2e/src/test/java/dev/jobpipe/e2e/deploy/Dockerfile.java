package dev.jobpipe.e2e.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into its stages and the instructions the checks need (FROM, WORKDIR, COPY, RUN,
 * ENV, USER, EXPOSE, ENTRYPOINT, CMD), with line continuations joined and comments dropped. Instructions it
 * does not model are kept by keyword only.
 */
record Dockerfile(List<Dockerfile.Stage> stages) {

  private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(?:\"([^\"]*)\"|([^\\s\"]*))\\s*");

  record Copy(String from, List<String> sources, String destination) {}

  record Stage(String image, String name, List<String> workdirs, List<Copy> copies, List<String> runs,
      Map<String, String> env, List<String> users, List<String> exposes, List<List<String>> entrypoints,
      List<List<String>> cmds) {

    String workdir() {
      return workdirs.isEmpty() ? "/" : workdirs.get(workdirs.size() - 1);
    }
  }

  static Dockerfile parse(String text) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed.substring(0, trimmed.length() - 1).stripTrailing()).append(' ');
      } else {
        current.append(trimmed);
        instructions.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      throw new IllegalArgumentException("Dockerfile ends inside a continued line: " + current);
    }
    List<Stage> stages = new ArrayList<>();
    Stage stage = null;
    for (String instruction : instructions) {
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase(Locale.ROOT);
      String rest = parts.length > 1 ? parts[1].strip() : "";
      if (keyword.equals("FROM")) {
        String[] words = rest.split("\\s+");
        String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
        stage = new Stage(words[0], name, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
            new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        stages.add(stage);
        continue;
      }
      if (stage == null) {
        if (keyword.equals("ARG")) {
          continue;
        }
        throw new IllegalArgumentException("instruction before FROM: " + instruction);
      }
      switch (keyword) {
        case "WORKDIR" -> stage.workdirs().add(rest);
        case "RUN" -> stage.runs().add(rest);
        case "ENV" -> stage.env().putAll(env(rest, instruction));
        case "USER" -> stage.users().add(rest);
        case "EXPOSE" -> stage.exposes().addAll(Arrays.asList(rest.split("\\s+")));
        case "ENTRYPOINT" -> stage.entrypoints().add(execForm(rest, instruction));
        case "CMD" -> stage.cmds().add(execForm(rest, instruction));
        case "COPY", "ADD" -> stage.copies().add(copy(rest));
        default -> { }
      }
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("no FROM in Dockerfile");
    }
    return new Dockerfile(stages);
  }

  private static Copy copy(String rest) {
    String from = null;
    List<String> words = new ArrayList<>(Arrays.asList(rest.split("\\s+")));
    while (!words.isEmpty() && words.get(0).startsWith("--")) {
      String flag = words.remove(0);
      if (flag.startsWith("--from=")) {
        from = flag.substring("--from=".length());
      }
    }
    List<String> paths = rest.contains("[") ? execForm(String.join(" ", words), rest) : words;
    if (paths.size() < 2) {
      throw new IllegalArgumentException("COPY needs a source and a destination: " + rest);
    }
    return new Copy(from, List.copyOf(paths.subList(0, paths.size() - 1)), paths.get(paths.size() - 1));
  }

  /** {@code ENV K=V K2="v 2"} (the key=value form; the legacy {@code ENV K V} form is refused). */
  private static Map<String, String> env(String rest, String instruction) {
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m = ENV_PAIR.matcher(rest);
    int at = 0;
    while (at < rest.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("not in ENV KEY=VALUE form: " + instruction);
      }
      env.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
      at = m.end();
    }
    if (env.isEmpty()) {
      throw new IllegalArgumentException("ENV without KEY=VALUE: " + instruction);
    }
    return env;
  }

  private static List<String> execForm(String json, String instruction) {
    try {
      return Repo.JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not in exec (JSON array) form: " + instruction, e);
    }
  }

  Stage finalStage() {
    return stages.get(stages.size() - 1);
  }

  Stage stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no stage named " + name));
  }
}
