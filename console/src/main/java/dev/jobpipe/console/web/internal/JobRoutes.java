package dev.jobpipe.console.web.internal;

import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerException;
import dev.jobpipe.ledger.JobQuery;
import dev.jobpipe.ledger.JobView;
import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.ledger.internal.JsonHttpServer;
import dev.jobpipe.ledger.internal.LedgerRoutes;
import dev.jobpipe.schemas.JobTopics;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Jobs through the ledger's {@link JobLedgerClient}: {@code GET /api/jobs/ID} (the job, and where
 * its dead letter is when it died) and {@code GET /api/jobs?type=&state=&since=&until=&error=&limit=&cursor=}
 * (the ledger's own query). When the ledger cannot answer, a 503 says so and the rest of the console works.
 */
public final class JobRoutes {

  private final JobLedgerClient ledger;
  private final URI ledgerUrl;

  public JobRoutes(JobLedgerClient ledger, URI ledgerUrl) {
    this.ledger = ledger;
    this.ledgerUrl = ledgerUrl;
  }

  public void register(HttpRouting.Builder r) {
    r.get("/api/jobs/{id}", JsonHttpServer.json(req -> {
      String id = ApiBodies.path(req, "id");
      JobView job = ask(() -> ledger.state(id))
          .orElseThrow(() -> new HttpProblem(404, "job " + id + " not found in the ledger"));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("job", job);
      out.put("deadLetter", deadLetter(job).orElse(null));
      return out;
    }));
    r.get("/api/jobs", JsonHttpServer.json(req -> {
      JobQuery query = LedgerRoutes.query(name -> ApiBodies.param(req, name));
      return ask(() -> ledger.list(query));
    }));
  }

  /** Where a dead job's letter is: {@code {type, partition, offset}} from the ledger's {@code topic-partition-offset}. */
  static Optional<Map<String, Object>> deadLetter(JobView job) {
    String position = job.dlqPosition();
    if (position == null) {
      return Optional.empty();
    }
    int o = position.lastIndexOf('-');
    int p = o > 0 ? position.lastIndexOf('-', o - 1) : -1;
    if (p <= 0) {
      return Optional.empty();
    }
    Optional<String> type = JobTopics.typeOfDlq(position.substring(0, p));
    try {
      int partition = Integer.parseInt(position.substring(p + 1, o));
      long offset = Long.parseLong(position.substring(o + 1));
      return type.map(t -> Map.of("type", t, "partition", partition, "offset", offset));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private <T> T ask(Supplier<T> call) {
    try {
      return call.get();
    } catch (JobLedgerException e) {
      throw new HttpProblem(e.status() == 400 ? 400 : 503, "the job ledger at " + ledgerUrl + " cannot answer: " + e.getMessage());
    }
  }
}
