package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts.yaml: a valid Prometheus rule file (checked against the rule-file schema
 * here, and by {@code promtool check rules} where promtool is installed), whose expressions read
 * only what jobpipe exports and whose annotations only use labels the alert really carries.
 */
class PrometheusRulesTest {

  static final String RULES = "deploy/prometheus/alerts.yaml";

  private static final Pattern DURATION = Pattern.compile("0|((\\d+)y)?((\\d+)w)?((\\d+)d)?((\\d+)h)?((\\d+)m)?((\\d+)s)?((\\d+)ms)?");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern ALERT_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
  private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.(\\w+)");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
  private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "rules", "limit", "query_offset", "labels");
  private static final Set<String> ALERT_KEYS = Set.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
  private static final Set<String> RECORD_KEYS = Set.of("record", "expr", "labels");

  /** Schema problems of a rule file, empty when it is a valid Prometheus rule file. */
  static List<String> schemaProblems(JsonNode file) {
    List<String> problems = new ArrayList<>();
    if (!file.isObject() || !keys(file).equals(Set.of("groups"))) {
      problems.add("top level must be exactly {groups: [...]}, is " + keys(file));
      return problems;
    }
    if (!file.get("groups").isArray() || file.get("groups").isEmpty()) {
      problems.add("groups must be a non-empty list");
      return problems;
    }
    Set<String> groupNames = new HashSet<>();
    for (JsonNode group : file.get("groups")) {
      String where = "group " + group.path("name").asText("?");
      if (!GROUP_KEYS.containsAll(keys(group))) {
        problems.add(where + ": unknown keys " + minus(keys(group), GROUP_KEYS));
      }
      if (!group.path("name").isTextual() || group.path("name").asText().isBlank()) {
        problems.add(where + ": name must be a non-empty string");
      } else if (!groupNames.add(group.path("name").asText())) {
        problems.add(where + ": duplicate group name");
      }
      if (group.has("interval")) {
        duration(group.get("interval"), where + " interval", problems);
      }
      if (!group.path("rules").isArray() || group.path("rules").isEmpty()) {
        problems.add(where + ": rules must be a non-empty list");
        continue;
      }
      for (JsonNode rule : group.get("rules")) {
        ruleProblems(rule, where, problems);
      }
    }
    return problems;
  }

  private static void ruleProblems(JsonNode rule, String group, List<String> problems) {
    boolean alert = rule.has("alert");
    boolean record = rule.has("record");
    String where = group + " rule " + (alert ? rule.path("alert").asText() : rule.path("record").asText("?"));
    if (alert == record) {
      problems.add(where + ": exactly one of alert and record is required");
      return;
    }
    Set<String> allowed = alert ? ALERT_KEYS : RECORD_KEYS;
    if (!allowed.containsAll(keys(rule))) {
      problems.add(where + ": unknown keys " + minus(keys(rule), allowed));
    }
    JsonNode name = rule.get(alert ? "alert" : "record");
    if (!name.isTextual() || name.asText().isBlank()) {
      problems.add(where + ": name must be a non-empty string");
    }
    if (!rule.path("expr").isTextual() || rule.path("expr").asText().isBlank()) {
      problems.add(where + ": expr must be a non-empty string");
    }
    for (String key : List.of("for", "keep_firing_for")) {
      if (rule.has(key)) {
        duration(rule.get(key), where + " " + key, problems);
      }
    }
    for (String key : List.of("labels", "annotations")) {
      if (!rule.has(key)) {
        continue;
      }
      if (!rule.get(key).isObject()) {
        problems.add(where + ": " + key + " must be a map");
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = rule.get(key).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!LABEL_NAME.matcher(entry.getKey()).matches()) {
          problems.add(where + ": invalid " + key + " name " + entry.getKey());
        }
        if (!entry.getValue().isTextual()) {
          problems.add(where + ": " + key + "." + entry.getKey() + " must be a string");
        }
      }
    }
  }

  private static void duration(JsonNode value, String where, List<String> problems) {
    if (!value.isTextual() || value.asText().isEmpty() || !DURATION.matcher(value.asText()).matches()) {
      problems.add(where + ": not a Prometheus duration: " + value);
    }
  }

  private static Set<String> keys(JsonNode node) {
    Set<String> keys = new TreeSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  static List<JsonNode> alerts(JsonNode file) {
    List<JsonNode> alerts = new ArrayList<>();
    file.path("groups").forEach(g -> g.path("rules").forEach(r -> {
      if (r.has("alert")) {
        alerts.add(r);
      }
    }));
    return alerts;
  }

  /** The job values the rules expect on {@code up} (jobpipe-worker, jobpipe-router): scrape configs must produce them. */
  static Set<String> upJobs() {
    Set<String> jobs = new TreeSet<>();
    for (JsonNode alert : alerts(Repo.yaml(Repo.path(RULES)))) {
      for (PromQl.Selector s : PromQl.selectors(PromQl.parse(alert.path("expr").asText()))) {
        if ("up".equals(s.metric())) {
          s.matchers().stream().filter(m -> m.label().equals("job") && m.op().equals("="))
              .forEach(m -> jobs.add(m.value()));
        }
      }
    }
    return jobs;
  }

  private final JsonNode rules = Repo.yaml(Repo.path(RULES));

  @Test
  void isAValidRuleFile() {
    assertThat(schemaProblems(rules)).isEmpty();
  }

  @Test
  void schemaCheckRejectsMalformedRules() {
    assertThat(schemaProblems(Repo.yamlDocuments("rules: []", "t").get(0))).isNotEmpty();
    assertThat(schemaProblems(Repo.yamlDocuments("groups: []", "t").get(0))).isNotEmpty();
    assertThat(schemaProblems(Repo.yamlDocuments("""
        groups:
          - name: g
            rules:
              - alert: A
                record: b
                expr: up
        """, "t").get(0))).anySatisfy(p -> assertThat(p).contains("exactly one of alert and record"));
    assertThat(schemaProblems(Repo.yamlDocuments("""
        groups:
          - name: g
            rules:
              - alert: A
                expr: up == 0
                for: 5 minutes
                labels: {severity: [x]}
                summary: misplaced
        """, "t").get(0))).hasSize(3);
    assertThat(schemaProblems(Repo.yamlDocuments("""
        groups:
          - {name: g, rules: [{alert: A, expr: "up == 0", for: 1h30m}]}
          - {name: g, rules: [{record: "job:up:sum", expr: "sum(up)"}]}
        """, "t").get(0))).containsExactly("group g: duplicate group name");
  }

  @Test
  void everyAlertIsNamedLabelledAndDescribed() {
    Set<String> names = new HashSet<>();
    for (JsonNode alert : alerts(rules)) {
      String name = alert.path("alert").asText();
      assertThat(name).matches(ALERT_NAME);
      assertThat(names.add(name)).as("unique alert " + name).isTrue();
      assertThat(alert.path("labels").path("severity").asText()).as(name + " severity").isIn(SEVERITIES);
      assertThat(alert.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
      assertThat(alert.path("annotations").path("description").asText()).as(name + " description").isNotBlank();
    }
  }

  @Test
  void expressionsReadOnlyExportedSeriesAndAnnotationsOnlyTheirLabels() {
    PromQlCheck check = new PromQlCheck(ExportedMetrics.scrape());
    List<String> problems = new ArrayList<>();
    for (JsonNode alert : alerts(rules)) {
      String name = alert.path("alert").asText();
      PromQlCheck.Result result = check.check(alert.path("expr").asText());
      result.problems().forEach(p -> problems.add(name + ": " + p));
      alert.path("annotations").forEach(text -> {
        Matcher m = TEMPLATE_LABEL.matcher(text.asText());
        while (result.ok() && m.find()) {
          if (!result.outputLabels().contains(m.group(1))) {
            problems.add(name + ": annotation uses $labels." + m.group(1) + " but the alert carries only "
                + result.outputLabels());
          }
        }
      });
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void coversLagDeadLettersErrorsAndDownProcesses() {
    Set<String> read = new TreeSet<>();
    boolean outcomeMatcher = false;
    boolean absent = false;
    for (JsonNode alert : alerts(rules)) {
      PromQl.Expr expr = PromQl.parse(alert.path("expr").asText());
      for (PromQl.Selector s : PromQl.selectors(expr)) {
        read.add(s.metric());
        outcomeMatcher |= s.matchers().stream().anyMatch(m -> m.label().equals("outcome"));
      }
      absent |= alert.path("expr").asText().contains("absent(up");
    }
    assertThat(read).contains("jobpipe_queue_lag", "jobpipe_dead_letters_total", "jobpipe_jobs_total", "up");
    assertThat(outcomeMatcher).as("an error-rate alert selecting failed outcomes").isTrue();
    assertThat(absent).as("an alert for targets that are gone altogether").isTrue();
    assertThat(upJobs()).containsExactlyInAnyOrder("jobpipe-worker", "jobpipe-router");
  }

  @Test
  void promtoolAcceptsTheRules() {
    Optional<Path> promtool = Repo.onPath("promtool");
    assumeTrue(promtool.isPresent(), "promtool is not installed; the schema check above stands in for it");
    String out = Repo.run(List.of(promtool.get().toString(), "check", "rules", RULES));
    assertThat(out).contains("SUCCESS");
  }
}
