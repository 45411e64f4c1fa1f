package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it in your service" shows the example projects' code, never a retyped copy:
 * every region tagged {@code tag::NAME[]} ... {@code end::NAME[]} in examples/ (sources, pom,
 * Dockerfile) is a code block of that section, verbatim, and every code block of the section is
 * such a region. examples-it compiles and tests those projects, so the README shows code that builds.
 */
class ReadmeSnippetsTest {

  private static final String SECTION = "## Use it in your service";
  private static final Pattern TAG = Pattern.compile("tag::([\\w-]+)\\[]");
  private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w+)\\n(.*?)\\n```$", Pattern.DOTALL);
  private static final List<String> CODE = List.of("java", "xml", "properties", "dockerfile");

  /** Tagged regions of a text, dedented, by name; a tag without its end is an error naming both. */
  static Map<String, String> regions(String text, String origin) {
    Map<String, String> regions = new LinkedHashMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher tag = TAG.matcher(lines.get(i));
      if (!tag.find()) {
        continue;
      }
      String end = "end::" + tag.group(1) + "[]";
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).contains(end)) {
        j++;
      }
      if (j == lines.size()) {
        throw new IllegalArgumentException(origin + ": tag::" + tag.group(1) + "[] has no " + end);
      }
      regions.put(origin + "#" + tag.group(1), dedent(lines.subList(i + 1, j)));
    }
    return regions;
  }

  private static String dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList());
  }

  /** Every tagged region under examples/ (build output excluded). */
  private static Map<String, String> exampleRegions() throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    Path examples = Repo.path("examples");
    try (Stream<Path> files = Files.walk(examples)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !examples.relativize(f).toString().contains("/target/")).sorted().toList()) {
        regions.putAll(regions(Repo.read(file), Repo.root().relativize(file).toString()));
      }
    }
    return regions;
  }

  /** The code blocks (java, xml, properties, dockerfile) of the README's section. */
  private static List<String> sectionCodeBlocks() {
    String readme = Repo.read(Repo.path("README.md"));
    int start = readme.indexOf("\n" + SECTION + "\n");
    assertThat(start).as("README has " + SECTION).isNotNegative();
    int end = readme.indexOf("\n## ", start + SECTION.length() + 2);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> blocks = new ArrayList<>();
    Matcher fence = FENCE.matcher(section);
    while (fence.find()) {
      if (CODE.contains(fence.group(1))) {
        blocks.add(fence.group(2));
      }
    }
    return blocks;
  }

  @Test
  void everyExampleRegionIsACodeBlockOfTheSectionVerbatim() throws IOException {
    Map<String, String> regions = exampleRegions();
    assertThat(regions.keySet()).as("tagged regions in examples/").hasSizeGreaterThanOrEqualTo(10)
        .anyMatch(k -> k.endsWith("pom.xml#bom")).anyMatch(k -> k.endsWith("Dockerfile#image"))
        .anyMatch(k -> k.startsWith("examples/spring-boot/"));
    List<String> blocks = sectionCodeBlocks();
    List<String> missing = regions.entrySet().stream().filter(r -> !blocks.contains(r.getValue())).map(Map.Entry::getKey).toList();
    assertThat(missing).as("regions the README does not show verbatim (copy them again)").isEmpty();
  }

  @Test
  void everyCodeBlockOfTheSectionIsAnExampleRegion() throws IOException {
    Map<String, String> regions = exampleRegions();
    List<String> retyped = sectionCodeBlocks().stream().filter(b -> !regions.containsValue(b)).toList();
    assertThat(retyped).as("code in the README's section that is no tagged region of examples/").isEmpty();
  }

  @Test
  void regionsAreDedentedAndAnUnendedTagIsAnError() {
    assertThat(regions("""
        class A {
          // tag::m[]
          void m() {
            x();
          }
          // end::m[]
        }
        """, "A.java")).containsExactly(Map.entry("A.java#m", "void m() {\n  x();\n}"));
    assertThatThrownBy(() -> regions("<!-- tag::bom[] -->\n<x/>\n", "pom.xml"))
        .hasMessage("pom.xml: tag::bom[] has no end::bom[]");
  }
}
