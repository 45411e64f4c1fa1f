package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus Operator gets the same alerts as a plain Prometheus: the PrometheusRule in
 * deploy/k8s carries exactly the groups of deploy/prometheus/alerts.yaml (the file promtool checks
 * and tests), so the two cannot drift apart.
 */
class PrometheusOperatorRuleTest {

  static final String RULE = "deploy/k8s/base/prometheus-rule.yaml";

  @Test
  void thePrometheusRuleHoldsExactlyTheGroupsOfTheRuleFile() {
    JsonNode groups = Repo.yaml(Repo.path(PrometheusRulesTest.RULES)).path("groups");
    assertThat(groups.size()).as(PrometheusRulesTest.RULES + " groups").isPositive();
    List<JsonNode> rules = Manifests.ofKind(Kustomize.build(Repo.path(KubernetesManifestsTest.TREE)), "PrometheusRule");
    assertThat(rules).as("one PrometheusRule rendered from deploy/k8s").hasSize(1);
    JsonNode rule = rules.get(0);
    assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.path("spec").path("groups"))
        .as(RULE + " spec.groups equal the groups of " + PrometheusRulesTest.RULES
            + " (regenerate it as deploy/README.md says)")
        .isEqualTo(groups);
    assertThat(rule.path("spec").size()).as(RULE + " spec holds only groups").isEqualTo(1);
  }
}
