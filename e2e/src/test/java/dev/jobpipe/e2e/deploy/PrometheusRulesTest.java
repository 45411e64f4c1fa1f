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
 * deploy/prometheus/alerts.yaml, the jobpipe-specific checks: its expressions read only what jobpipe
 * exports and its annotations only use labels the alert really carries. Whether it is a valid rule
 * file, and whether the alerts fire as meant, is promtool's to say ({@link PromtoolTest}).
 */
class PrometheusRulesTest {

  static final String RULES = "deploy/prometheus/alerts.yaml";

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern ALERT_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
  private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.(\\w+)");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

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

}
