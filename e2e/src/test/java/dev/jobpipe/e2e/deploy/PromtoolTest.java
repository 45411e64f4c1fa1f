package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prometheus's own tool judges the rule file: {@code promtool check rules} (syntax, PromQL,
 * templates) and {@code promtool test rules} (the alerts fire on the series jobpipe exports, with
 * the labels and text expected). A deliberately broken rule file shows that a broken rule fails the
 * build. {@code .ci/run} installs Debian's {@code prometheus} package for promtool and requires it.
 */
class PromtoolTest {

  static final String UNIT_TESTS = "deploy/prometheus/tests/alerts.test.yaml";
  static final String BROKEN = "e2e/src/test/resources/promtool/broken-alerts.yaml";

  private final Path promtool = Repo.tool("promtool");

  @Test
  void checkRulesAcceptsTheAlerts() {
    assertThat(Repo.run(List.of(promtool.toString(), "check", "rules", PrometheusRulesTest.RULES)))
        .contains("SUCCESS");
  }

  @Test
  void theAlertsFireAsTheirUnitTestsSay() {
    assertThat(Repo.run(List.of(promtool.toString(), "test", "rules", UNIT_TESTS))).contains("SUCCESS");
  }

  @Test
  void aBrokenRuleFileFails() {
    assertThatThrownBy(() -> Repo.run(List.of(promtool.toString(), "check", "rules", BROKEN)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exited 1")
        .hasMessageContaining("field severity not found");
  }
}
