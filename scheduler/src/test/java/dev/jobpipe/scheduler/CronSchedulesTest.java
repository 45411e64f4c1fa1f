package dev.jobpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronSchedulesTest {

  @Test
  void parsesTheDeployFile() throws Exception {
    Path file = Path.of(System.getProperty("user.dir")).resolveSibling("deploy").resolve("schedules.yaml");
    List<CronSchedule> schedules = CronSchedules.parseYaml(Files.readString(file));
    assertThat(schedules).extracting(CronSchedule::name).containsExactly("nightly-usage-report", "digest-every-15-minutes");
    CronSchedule nightly = schedules.getFirst();
    assertThat(nightly.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(nightly.misfire()).isEqualTo(MisfirePolicy.RUN_ONCE);
    assertThat(nightly.key()).isEqualTo("acme");
    assertThat(nightly.payload()).contains("\"accountId\":\"acme\"");
    assertThat(schedules.get(1).every()).isEqualTo(Duration.ofMinutes(15));
    assertThat(schedules.get(1).enabled()).isTrue();
  }

  @Test
  void aScheduleSurvivesItsTopicForm() {
    CronSchedule s = new CronSchedule("n", "t", "0 2 * * *", null, ZoneId.of("Europe/Berlin"), "{\"a\":1}", "k",
        MisfirePolicy.parse("catch-up(3)"), OverlapPolicy.SKIP, false, new byte[] {0, 0, 0, 0, 1, 9});
    assertThat(CronSchedule.fromJson(s.toJson())).isEqualTo(s);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "schedules: [{name: a, type: t, cron: 'x y', payload: {}}]|schedule #1 (a): schedule a: cron expression 'x y'",
    "schedules: [{name: a, type: t, cron: '0 * * * *', zone: Nowhere/City, payload: {}}]|schedule #1 (a): unknown time zone 'Nowhere/City'",
    "schedules: [{name: a, type: t, payload: {}}]|schedule #1 (a): schedule a: set exactly one of cron and every",
    "schedules: [{name: a, type: t, cron: '0 * * * *', every: 1m, payload: {}}]|schedule #1 (a): schedule a: set exactly one",
    "schedules: [{name: a, type: t, every: 1m}]|schedule #1 (a): payload must be an object",
    "schedules: [{name: a, type: T!, every: 1m, payload: {}}]|schedule #1 (a): schedule a: invalid job type 'T!'",
    "schedules: [{name: 'a b', type: t, every: 1m, payload: {}}]|schedule #1 (a b): invalid schedule name 'a b'",
    "schedules: [{name: a, type: t, every: 1m, payload: {}, misfire: later}]|schedule #1 (a): unknown misfire policy 'later'",
    "schedules: [{name: a, type: t, every: 1m, payload: {}, overlap: forbid}]|schedule #1 (a): unknown overlap policy 'forbid': use allow or skip",
    "schedules: [{name: a, type: t, every: 1m, payload: {}, crn: x}]|schedule #1 (a): unknown field 'crn'",
    "schedules: [{name: a, type: t, every: 1m, payload: {}}, {name: a, type: t, every: 2m, payload: {}}]|schedule #2 (a): name a is used twice",
    "jobs: []|expected a top-level 'schedules:' list",
  })
  void refusesABadFileWithOneLineNamingTheSchedule(String yaml, String message) {
    assertThatThrownBy(() -> CronSchedules.parseYaml(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
  }

  @Test
  void misfirePoliciesParseAndPrint() {
    assertThat(MisfirePolicy.parse("skip")).isEqualTo(MisfirePolicy.SKIP);
    assertThat(MisfirePolicy.parse("run-once")).isEqualTo(MisfirePolicy.RUN_ONCE);
    assertThat(MisfirePolicy.parse("catch-up(5)").max()).isEqualTo(5);
    assertThat(MisfirePolicy.parse("catch-up(5)")).hasToString("catch-up(5)");
    assertThatThrownBy(() -> MisfirePolicy.parse("catch-up(0)")).hasMessageContaining("1 <= max");
  }
}
