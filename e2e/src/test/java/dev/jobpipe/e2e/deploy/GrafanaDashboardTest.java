package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/grafana/jobpipe-dashboard.json: its queries read only what jobpipe exports, and it is well formed. */
class GrafanaDashboardTest {

  static final String DASHBOARD = "deploy/grafana/jobpipe-dashboard.json";

  /** Grafana's own variables, replaced by a value of the right kind before parsing. */
  private static final Map<String, String> BUILTINS = Map.of(
      "__rate_interval", "1m", "__interval", "1m", "__range", "1h");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)");

  private final JsonNode dashboard = Repo.json(Repo.path(DASHBOARD));
  private final ExportedMetrics metrics = ExportedMetrics.scrape();
  private final PromQlCheck check = new PromQlCheck(metrics);

  private List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  private Set<String> templateVariables() {
    Set<String> names = new HashSet<>();
    dashboard.path("templating").path("list").forEach(v -> names.add(v.path("name").asText()));
    return names;
  }

  /** The expression with template variables replaced; fails on a variable the dashboard does not define. */
  private String substitute(String expr, List<String> problems) {
    Set<String> defined = templateVariables();
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value;
      if (BUILTINS.containsKey(name)) {
        value = BUILTINS.get(name);
      } else if (defined.contains(name)) {
        value = "x";
      } else {
        problems.add("undefined variable $" + name + " in " + expr);
        value = "x";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Test
  void everyQueryReadsOnlyExportedSeriesAndLabels() {
    List<String> problems = new ArrayList<>();
    int queries = 0;
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        String raw = target.path("expr").asText();
        String title = "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText();
        if (raw.isBlank()) {
          problems.add(title + ": no expr");
          continue;
        }
        queries++;
        PromQlCheck.Result result = check.check(substitute(raw, problems));
        result.problems().forEach(p -> problems.add(title + ": " + p));
        Matcher legend = LEGEND_LABEL.matcher(target.path("legendFormat").asText());
        while (result.ok() && legend.find()) {
          if (!result.outputLabels().contains(legend.group(1))) {
            problems.add(title + ": legend {{" + legend.group(1) + "}} is not a label of the result "
                + result.outputLabels());
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(queries).isGreaterThan(10);
  }

  @Test
  void everyExportedMeterHasAPanel() {
    Set<String> read = new TreeSet<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        List<String> ignored = new ArrayList<>();
        PromQl.selectors(PromQl.parse(substitute(target.path("expr").asText(), ignored)))
            .forEach(s -> read.add(s.metric()));
      }
    }
    for (String meter : metrics.meters()) {
      assertThat(metrics.seriesOf(meter)).as("series of " + meter + " shown on the dashboard")
          .containsAnyElementsOf(read);
    }
    assertThat(read).contains("up");
  }

  @Test
  void jobTypeVariableListsTypesOfAnExportedSeries() {
    JsonNode type = null;
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("name").asText().equals("type")) {
        type = v;
      }
    }
    assertThat(type).as("template variable 'type'").isNotNull();
    String query = type.path("query").isObject() ? type.path("query").path("query").asText() : type.path("query").asText();
    Matcher m = LABEL_VALUES.matcher(query);
    assertThat(m.matches()).as("label_values(metric, label) query: " + query).isTrue();
    assertThat(metrics.exports(m.group(1))).as(m.group(1) + " exported").isTrue();
    assertThat(metrics.labels(m.group(1))).contains(m.group(2));
    assertThat(m.group(2)).isEqualTo("type");
    assertThat(type.path("includeAll").asBoolean()).isTrue();
    assertThat(type.path("multi").asBoolean()).isTrue();
  }

  @Test
  void everyPanelUsesTheDatasourceVariable() {
    JsonNode datasourceVariable = null;
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("type").asText().equals("datasource")) {
        datasourceVariable = v;
      }
    }
    assertThat(datasourceVariable).as("a datasource template variable").isNotNull();
    assertThat(datasourceVariable.path("query").asText()).isEqualTo("prometheus");
    String reference = "${" + datasourceVariable.path("name").asText() + "}";
    for (JsonNode panel : panels()) {
      assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(reference);
      assertThat(panel.path("targets").size()).as(panel.path("title").asText() + " targets").isPositive();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo(reference);
      }
    }
  }

  @Test
  void panelsHaveUniqueIdsAndDoNotOverlap() {
    Set<Integer> ids = new HashSet<>();
    List<int[]> boxes = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id " + panel.path("id")).isTrue();
      JsonNode g = panel.path("gridPos");
      int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
      assertThat(box[2]).as(panel.path("title").asText() + " width").isPositive();
      assertThat(box[0] + box[2]).as(panel.path("title").asText() + " right edge").isLessThanOrEqualTo(24);
      for (int i = 0; i < boxes.size(); i++) {
        int[] o = boxes.get(i);
        boolean overlap = box[0] < o[0] + o[2] && o[0] < box[0] + box[2] && box[1] < o[1] + o[3] && o[1] < box[1] + box[3];
        assertThat(overlap).as(panel.path("title").asText() + " overlaps " + titles.get(i)).isFalse();
      }
      boxes.add(box);
      titles.add(panel.path("title").asText());
    }
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("title").asText()).isNotBlank();
  }
}
