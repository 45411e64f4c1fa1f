package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.cli.command.TopicsFile;
import dev.jobpipe.producer.topics.TopicLayout;
import dev.jobpipe.schemas.RetryDelays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/topics/jobs.yaml} is the one source of each type's partitions and retry tiers. Every
 * deployment that creates topics (the Kubernetes topics Job of each overlay, the compose file's
 * topics service) runs {@code topics apply} with exactly what that file gives the type, so a type
 * does not get 12 partitions on one path and 6 on another, or other tiers than the router expects.
 */
class TopicsFileAgreementTest {

  private static final Map<String, TopicLayout> FILE = TopicsFile.read(Repo.path("deploy/topics/jobs.yaml")).stream()
      .collect(Collectors.toMap(TopicLayout::type, Function.identity()));

  private static Map<String, List<String>> topicsApplyLines() {
    Map<String, List<String>> lines = new TreeMap<>();
    lines.putAll(KubernetesManifestsTest.commandLines());
    lines.putAll(ComposeFileTest.commandLines());
    lines.values().removeIf(args -> args.size() < 2 || !args.get(0).equals("topics") || !args.get(1).equals("apply"));
    return lines;
  }

  @Test
  void everyDeploymentCreatesThePartitionsAndTiersTheTopicsFileGivesItsType() {
    Map<String, List<String>> lines = topicsApplyLines();
    assertThat(lines.keySet()).as("topics apply in the compose file and in each Kubernetes overlay")
        .anyMatch(w -> w.startsWith("compose")).anyMatch(w -> w.startsWith("k8s")).hasSizeGreaterThanOrEqualTo(3);
    lines.forEach((where, args) -> {
      String type = Manifests.option(args, "--type").orElseThrow(() -> new AssertionError(where + ": topics apply without --type"));
      TopicLayout layout = FILE.get(type);
      assertThat(layout).as(where + ": type " + type + " is in deploy/topics/jobs.yaml").isNotNull();
      assertThat(Manifests.option(args, "--partitions").map(Integer::parseInt))
          .as(where + ": partitions of " + type).isEqualTo(java.util.Optional.of(layout.partitions().orElse(TopicLayout.DEFAULT_PARTITIONS)));
      assertThat(Manifests.option(args, "--tiers").map(RetryDelays::parseList).orElse(TopicLayout.DEFAULT_TIERS))
          .as(where + ": retry tiers of " + type).isEqualTo(layout.tiers());
    });
  }
}
