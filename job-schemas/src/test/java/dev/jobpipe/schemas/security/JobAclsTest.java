package dev.jobpipe.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class JobAclsTest {

  private final JobAcls acls = new JobAcls("email", "jobpipe.email", "jobpipe-router");

  private static List<String> grants(List<AclBinding> bindings) {
    return bindings.stream().map(b -> b.entry().operation() + " " + b.pattern().resourceType() + " " + b.pattern().name()
        + (b.pattern().patternType() == PatternType.PREFIXED ? "*" : "")).toList();
  }

  @Test
  void thePublisherWritesTheMainTopicOnly() {
    assertThat(grants(acls.publisher("User:p"))).containsExactly("WRITE TOPIC jobs.email", "DESCRIBE_CONFIGS TOPIC jobs.email");
  }

  @Test
  void theWorkerReadsItsTypeInItsGroupAndWritesItsOutcomes() {
    assertThat(grants(acls.worker("User:w"))).containsExactlyInAnyOrder(
        "READ TOPIC jobs.email", "READ GROUP jobpipe.email", "READ TOPIC jobs.email.control",
        "WRITE TOPIC jobs.email.failed", "WRITE TOPIC jobs.email.dlq", "WRITE TOPIC jobs.email.done");
  }

  @Test
  void theRouterOwnsTheTiersAndWhatIsNamedAfterItsApplicationId() {
    List<String> router = grants(acls.router("User:r"));
    assertThat(router).contains("READ TOPIC jobs.email.failed", "READ TOPIC jobs.email.retry.*",
        "WRITE TOPIC jobs.email.retry.*", "WRITE TOPIC jobs.email", "WRITE TOPIC jobs.email.dlq",
        "READ GROUP jobpipe-router*", "WRITE TRANSACTIONAL_ID jobpipe-router*", "ALL TOPIC jobpipe-router-*");
    assertThat(router).noneMatch(g -> g.startsWith("READ TOPIC jobs.email.dlq") || g.equals("READ TOPIC jobs.email"));
  }

  @Test
  void theInspectorIsReadOnlyUnlessReplayOrPurgeIsGranted() {
    assertThat(acls.inspector("User:i", false, false)).allMatch(b -> b.entry().operation() == AclOperation.READ);
    assertThat(grants(acls.inspector("User:i", true, false))).contains("WRITE TOPIC jobs.email",
        "WRITE TOPIC jobs.email.dlq.replayed");
    assertThat(grants(acls.inspector("User:i", false, true))).contains("DELETE TOPIC jobs.email.dlq")
        .doesNotContain("WRITE TOPIC jobs.email");
  }

  @Test
  void aPublisherSchedulesOnlyWhenGranted() {
    assertThat(grants(acls.publisher("User:p", true))).containsExactly("WRITE TOPIC jobs.email",
        "DESCRIBE_CONFIGS TOPIC jobs.email", "WRITE TOPIC jobs.email.scheduled", "DESCRIBE_CONFIGS TOPIC jobs.email.scheduled");
    assertThat(acls.publisher("User:p", false)).isEqualTo(acls.publisher("User:p"));
  }

  @Test
  void theSchedulerReadsWhatIsScheduledAndWhatEndsAJobWritesTheMainTopicAndOwnsItsApplicationId() {
    assertThat(grants(acls.scheduler("User:s", "jobpipe-scheduler"))).containsExactlyInAnyOrder(
        "READ TOPIC jobs.email.scheduled", "READ TOPIC jobs.email.done", "READ TOPIC jobs.email.dlq",
        "READ TOPIC jobs.email.control", "WRITE TOPIC jobs.email", "READ TOPIC jobpipe.cron", "CREATE TOPIC jobpipe.cron",
        "READ GROUP jobpipe-scheduler", "WRITE TRANSACTIONAL_ID jobpipe-scheduler-*",
        "DESCRIBE TRANSACTIONAL_ID jobpipe-scheduler-*", "ALL TOPIC jobpipe-scheduler-*");
  }

  @Test
  void theLedgerReadsEveryTopicOfTheTypeAndWritesOnlyItsOwn() {
    List<String> ledger = grants(acls.ledger("User:l", "my-ledger"));
    assertThat(ledger).containsExactlyInAnyOrder("READ TOPIC jobs.email", "READ TOPIC jobs.email.failed",
        "READ TOPIC jobs.email.dlq", "READ TOPIC jobs.email.done", "READ TOPIC jobs.email.scheduled",
        "READ TOPIC jobs.email.control", "READ TOPIC jobs.email.retry.*", "READ GROUP my-ledger", "ALL TOPIC my-ledger-*");
  }

  @Test
  void theConsoleSeesTheTypeControlsItReplaysAndPurgesOnlyWhenGranted() {
    List<String> console = grants(acls.console("User:c", "jobpipe-router-forwarder",
        "jobpipe-scheduler-scheduled-due-changelog", false));
    assertThat(console).containsExactlyInAnyOrder("WRITE TOPIC jobs.email", "DESCRIBE TOPIC jobs.email.done",
        "DESCRIBE TOPIC jobs.email.failed", "DESCRIBE TOPIC jobs.email.retry.*", "DESCRIBE GROUP jobpipe.email",
        "DESCRIBE GROUP jobpipe-router-forwarder", "READ TOPIC jobs.email.control", "WRITE TOPIC jobs.email.control",
        "READ TOPIC jobs.email.dlq", "READ TOPIC jobs.email.dlq.replayed", "WRITE TOPIC jobs.email.dlq.replayed",
        "CREATE TOPIC jobs.email.dlq.replayed", "READ TOPIC jobpipe.cron", "WRITE TOPIC jobpipe.cron",
        "READ TOPIC jobpipe-scheduler-scheduled-due-changelog");
    assertThat(grants(acls.console("User:c", "f", "p", true))).contains("DELETE TOPIC jobs.email.dlq");
  }

  @Test
  void anEmptyApplicationIdIsRefused() {
    assertThatThrownBy(() -> acls.scheduler("User:s", " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> acls.ledger("User:l", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyGrantIsAnAllowOfTheGivenPrincipalFromAnyHost() {
    assertThat(acls.router("User:r")).allSatisfy(b -> {
      assertThat(b.entry().principal()).isEqualTo("User:r");
      assertThat(b.entry().host()).isEqualTo("*");
      assertThat(b.entry().permissionType().name()).isEqualTo("ALLOW");
      assertThat(b.pattern().resourceType()).isNotEqualTo(ResourceType.CLUSTER);
    });
  }

  @Test
  void aPrincipalNeedsAType() {
    assertThatThrownBy(() -> acls.worker("worker")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Type:name");
  }
}
