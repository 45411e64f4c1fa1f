package dev.jobpipe.ledger;

import java.util.List;

/**
 * One page of {@code GET /jobs}: jobs newest first (by enqueue time), and the cursor of the next
 * page, null on the last one.
 */
public record JobPage(List<JobView> jobs, String nextCursor) {

  public JobPage {
    jobs = List.copyOf(jobs);
  }
}
