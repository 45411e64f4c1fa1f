package dev.jobpipe.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpipe.examples.EmailSendHandler;
import dev.jobpipe.examples.ReportGenerateHandler;
import dev.jobpipe.schemas.DlqReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoLedgerTest {

  @Test
  void tallyAccountsForEveryPublishedJobOnce() {
    DemoLedger ledger = new DemoLedger();
    ledger.published("a", "email.send");
    ledger.published("b", "email.send");
    ledger.published("c", "image.resize");
    ledger.published("d", "image.resize");
    ledger.succeeded("a");
    ledger.succeeded("a");
    ledger.deadLettered("c", DlqReason.FATAL);
    ledger.succeeded("not-published");

    assertThat(ledger.allSettled()).isFalse();
    Map<String, DemoTally> rows = ledger.tally(List.of("email.send", "image.resize"));
    assertThat(rows.get("total").published()).isEqualTo(4);
    assertThat(rows.get("total").succeeded()).isEqualTo(1);
    assertThat(rows.get("total").deadLettered(DlqReason.FATAL)).isEqualTo(1);
    assertThat(rows.get("total").missing()).isEqualTo(2);
    assertThat(rows.get("email.send").missing()).isEqualTo(1);
    assertThat(ledger.duplicateSuccesses()).isEqualTo(1);

    ledger.succeeded("b");
    ledger.deadLettered("d", DlqReason.EXHAUSTED);
    assertThat(ledger.allSettled()).isTrue();
  }

  @Test
  void workloadMixesEveryBehaviourInFixedProportions() {
    var jobs = DemoWorkload.jobs(600);
    assertThat(jobs).hasSize(600);
    assertThat(jobs.stream().filter(j -> j.type().equals("email.send"))).hasSize(200);
    assertThat(jobs.stream().filter(j -> j.payload().toString().contains(EmailSendHandler.BOUNCE_DOMAIN))).hasSize(4);
    assertThat(jobs.stream().filter(j -> j.payload().toString().contains("\"width\": 0"))).hasSize(8);
    assertThat(jobs.stream().filter(j -> j.payload().toString().contains(ReportGenerateHandler.MISSING_TEMPLATE))).hasSize(5);
  }
}
